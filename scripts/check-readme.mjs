#!/usr/bin/env node
// Type-checks every ```ts snippet of README.md and of the guides (docs/guides/*.md) against the sources, so
// the docs cannot drift from the API; keeps README.md under 250 lines; and keeps README.md, the guides and
// bench/README.md about the package: no account of how it was built.
// An import of `ns-api-jwt` or `ns-api-jwt/<entry>` maps to that entry point's source (scripts/entry-points.mjs).
import { execFileSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { ENTRY_POINTS, importName } from "./entry-points.mjs";
import { root } from "./generate.mjs";

const MAX_README_LINES = 250;
const guides = readdirSync(join(root, "docs", "guides")).filter((f) => f.endsWith(".md")).sort().map((f) => join("docs", "guides", f));
const documents = ["README.md", ...guides];

const dir = join(root, "build", "readme-snippets");
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });

// Longest name first, so `ns-api-jwt/mock` is not read as `ns-api-jwt` followed by "/mock".
const sources = ENTRY_POINTS.map((entry) => [importName(entry), entry.source.replace(/\.ts$/, ".js")]).sort((a, b) => b[0].length - a[0].length);
const IMPORT = /from "(ns-api-jwt(?:\/[\w-]+)?)"/g;
const unknown = [];
let count = 0;
for (const document of documents) {
  const text = readFileSync(join(root, document), "utf8");
  const snippets = [...text.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1]);
  snippets.forEach((code, index) => {
    const source = code.replaceAll(IMPORT, (whole, name) => {
      const entry = sources.find(([n]) => n === name);
      if (!entry) unknown.push(`${document} snippet ${index + 1}: ${name} is not an entry point`);
      return entry ? `from "../../${entry[1]}"` : whole;
    });
    const file = `${document.replaceAll(/[/.]/g, "-")}-${index + 1}.ts`;
    // `export {}` makes each snippet a module, so top-level await and names stay local to it.
    writeFileSync(join(dir, file), `${source}\nexport {};\n`);
    count += 1;
  });
}
if (unknown.length > 0) {
  console.error(unknown.join("\n"));
  process.exit(1);
}
const readmeLines = readFileSync(join(root, "README.md"), "utf8").split("\n").length - 1;
if (readmeLines > MAX_README_LINES) {
  console.error(`README.md has ${readmeLines} lines; keep it under ${MAX_README_LINES} and move the rest into a guide (docs/guides/).`);
  process.exit(1);
}
writeFileSync(
  join(dir, "tsconfig.json"),
  JSON.stringify({ extends: "../../tsconfig.json", compilerOptions: { noUnusedLocals: false }, include: ["*.ts"] }),
);

// Words of a development log, not of a user's guide.
const NARRATIVE = /\b(ratchet|missed|session \d|(first|second|third|previous|last) session|the issue|issue #?\d+|TODO)\b/gi;
for (const file of [...documents, join("bench", "README.md")]) {
  const found = [...readFileSync(join(root, file), "utf8").matchAll(NARRATIVE)].map((m) => m[0]);
  if (found.length > 0) {
    console.error(`${file} reads like a development log: ${[...new Set(found)].join(", ")}`);
    process.exit(1);
  }
}

const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
try {
  execFileSync(process.execPath, [tsc, "--noEmit", "-p", join(dir, "tsconfig.json")], { stdio: "inherit" });
} catch {
  console.error(`Snippets of README.md or the guides do not compile (files in ${dir}).`);
  process.exit(1);
}
console.log(`README (${readmeLines} lines) and ${guides.length} guides: ${count} TypeScript snippets compile.`);
