#!/usr/bin/env node
// `npm run sdks`: generates the clients listed in openapitools.json from the published spec into build/sdks/.
// The spec is tuned until generators run clean; the generated code is never edited.
import { execFileSync, spawnSync } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { root } from "./generate.mjs";

// Warnings the spec cannot avoid; the README says why.
export const KNOWN_WARNINGS = [
  /OpenAPI 3\.1 support is still in beta/, // every 3.1 spec
  /Failed to get the schema name: null/, // the 3.1 parser path; output unaffected
  /Ignoring complex example on request body/, // Java docs: object examples are not rendered inline
];

export function generatorKeys() {
  return Object.keys(JSON.parse(readFileSync(join(root, "openapitools.json"), "utf8"))["generator-cli"].generators);
}

/** Generates every client; returns the warnings each generator printed, by language. */
export function generateSdks(keys = generatorKeys()) {
  execFileSync(process.execPath, [join(root, "scripts", "fetch-generator-jar.mjs")], { stdio: "inherit" });
  execFileSync(process.execPath, [join(root, "scripts", "bundle-spec.mjs")], { stdio: "inherit" });
  const cli = createRequire(import.meta.url).resolve("@openapitools/openapi-generator-cli/main.js");
  const warnings = {};
  for (const key of keys) {
    rmSync(join(root, "build", "sdks", key), { recursive: true, force: true });
    const run = spawnSync(process.execPath, [cli, "generate", "--generator-key", key], { cwd: root, encoding: "utf8" });
    const output = `${run.stdout}${run.stderr}`;
    if (run.status !== 0) {
      console.error(output.slice(-4000));
      throw new Error(`openapi-generator failed for ${key}`);
    }
    const lines = output.split("\n").filter((line) => /\bWARN\b/.test(line)).map((line) => line.replace(/^.*?WARN\s+/, ""));
    warnings[key] = { unexpected: lines.filter((l) => !KNOWN_WARNINGS.some((re) => re.test(l))), known: lines.length };
    console.log(`generated ${key} → build/sdks/${key} (${lines.length} warnings, ${warnings[key].unexpected.length} unexpected)`);
    for (const line of warnings[key].unexpected) console.log(`  WARN ${line}`);
  }
  return warnings;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) generateSdks();
