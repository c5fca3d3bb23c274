// Time to import the package in a fresh Node process (ESM and CommonJS), beside openapi-fetch and axios
// alone; median of interleaved runs. Each process times its own import with performance.now(), so Node's
// start-up is left out; ESM runs first load a data: module, so the ESM loader's one-time start is too. An
// empty module file is measured the same way: what loading any first file costs on this machine.
// Needs `npm run build` (dist/).
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { median } from "./support/stats.js";

const root = join(import.meta.dirname, "..");

function esm(specifier: string): string[] {
  const code = `await import("data:text/javascript,export default 1");
const started = performance.now();
await import(${JSON.stringify(specifier)});
console.log(performance.now() - started);`;
  return ["--input-type=module", "-e", code];
}

function cjs(specifier: string): string[] {
  return ["-e", `const started = performance.now(); require(${JSON.stringify(specifier)}); console.log(performance.now() - started);`];
}

export function benchColdStart(runs = 21): Array<{ module: string; importMs: number }> {
  const empty = join(mkdtempSync(join(tmpdir(), "cold-start-")), "empty.mjs");
  writeFileSync(empty, "export {};\n");
  const scripts: Record<string, string[]> = {
    "an empty module file (ESM)": esm(empty),
    "ns-api-jwt (ESM)": esm("ns-api-jwt"),
    "ns-api-jwt (CJS)": cjs("ns-api-jwt"),
    "openapi-fetch (ESM)": esm("openapi-fetch"),
    "openapi-fetch (CJS)": cjs("openapi-fetch"),
    "axios (ESM)": esm("axios"),
  };
  const times: Record<string, number[]> = {};
  for (let run = 0; run < runs; run++) {
    for (const [name, args] of Object.entries(scripts)) {
      const result = spawnSync(process.execPath, args, { cwd: root, encoding: "utf8" });
      if (result.status !== 0) throw new Error(`${name} failed to import (run npm run build first): ${result.stderr}`);
      (times[name] ??= []).push(Number(result.stdout.trim()));
    }
  }
  return Object.keys(scripts).map((name) => ({ module: name, importMs: +median(times[name] ?? []).toFixed(1) }));
}
