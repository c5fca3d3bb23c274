#!/usr/bin/env node
// Writes dist/THIRD-PARTY-NOTICES.md: the licence of every package bundled into the Node-only entries and
// the CLI (jose, ajv, ajv-formats and what they depend on). Those packages are devDependencies, so tsup
// carries them inside dist/ and their licences must travel with it. The set is the bare imports of src/
// that are not runtime dependencies, closed over their own dependencies in package-lock.json.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const root = join(import.meta.dirname, "..");
const read = (path) => JSON.parse(readFileSync(join(root, path), "utf8"));

function sourceFiles(dir) {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : [],
  );
}

/** Packages tsup bundles: imported by src/, not `node:`, not relative, not a runtime or peer dependency. */
export function bundledPackages() {
  const pkg = read("package.json");
  // The package itself (named in doc-comment examples, and the import a Node-only entry resolves the client by) is not bundled.
  const external = new Set([pkg.name, ...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.peerDependencies ?? {})]);
  const roots = new Set();
  for (const file of sourceFiles("src")) {
    const source = readFileSync(join(root, file), "utf8");
    for (const [, spec] of source.matchAll(/(?<![\w."'])(?:from|import)(?:\s+|\s*\(\s*)"([^"]+)"/g)) {
      if (spec.startsWith(".") || spec.startsWith("node:")) continue;
      const name = spec.startsWith("@") ? spec.split("/").slice(0, 2).join("/") : spec.split("/")[0];
      if (!external.has(name)) roots.add(name);
    }
  }
  const lock = read("package-lock.json").packages;
  const found = new Map();
  const visit = (name) => {
    if (found.has(name)) return;
    const entry = lock[`node_modules/${name}`];
    if (!entry) throw new Error(`${name} is imported by src/ but not in package-lock.json`);
    found.set(name, entry);
    for (const dep of Object.keys(entry.dependencies ?? {})) visit(dep);
  };
  [...roots].sort().forEach(visit);
  return [...found].map(([name, entry]) => ({ name, version: entry.version, license: entry.license })).sort((a, b) => a.name.localeCompare(b.name));
}

export function writeThirdPartyNotices() {
  const sections = bundledPackages().map(({ name, version, license }) => {
    const dir = join(root, "node_modules", name);
    const file = readdirSync(dir).find((f) => /^licen[cs]e/i.test(f));
    if (!file) throw new Error(`${name} ships no licence file`);
    return `## ${name} ${version} (${license})\n\n\`\`\`\n${readFileSync(join(dir, file), "utf8").trim()}\n\`\`\`\n`;
  });
  const header =
    "# Third-party notices\n\nThe mock server (`ns-api-jwt/mock`) and the CLI carry these packages inside their files in `dist/`.\n" +
    "The client entry carries openapi-fetch (see `openapi-fetch.LICENSE`).\n\n";
  writeFileSync(join(root, "dist", "THIRD-PARTY-NOTICES.md"), header + sections.join("\n"));
}

if (process.argv[1] === import.meta.filename) writeThirdPartyNotices();
