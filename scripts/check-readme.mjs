#!/usr/bin/env node
// Type-checks every ```ts snippet of README.md against the sources, so the README cannot drift from the API,
// and keeps README.md and bench/README.md about the package: no account of how it was built.
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { root } from "./generate.mjs";

const dir = join(root, "build", "readme-snippets");
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });

const readme = readFileSync(join(root, "README.md"), "utf8");
const snippets = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1]);
snippets.forEach((code, index) => {
  const source = code
    .replaceAll('from "ns-api-jwt/mock"', 'from "../../src/mock/index.js"')
    .replaceAll('from "ns-api-jwt/redis"', 'from "../../src/redis/index.js"')
    .replaceAll('from "ns-api-jwt"', 'from "../../src/index.js"');
  // `export {}` makes each snippet a module, so top-level await and names stay local to it.
  writeFileSync(join(dir, `snippet-${index + 1}.ts`), `${source}\nexport {};\n`);
});
writeFileSync(
  join(dir, "tsconfig.json"),
  JSON.stringify({ extends: "../../tsconfig.json", compilerOptions: { noUnusedLocals: false }, include: ["*.ts"] }),
);

// Words of a development log, not of a user's guide.
const NARRATIVE = /\b(ratchet|missed|session \d|(first|second|third|previous|last) session|the issue|issue #?\d+|TODO)\b/gi;
for (const file of ["README.md", join("bench", "README.md")]) {
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
  console.error(`README snippets do not compile (files in ${dir}).`);
  process.exit(1);
}
console.log(`README: ${snippets.length} TypeScript snippets compile.`);
