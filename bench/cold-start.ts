// Time to import the package in a fresh Node process (ESM and CommonJS), beside openapi-fetch and axios
// alone, minus an empty process; median of interleaved runs. Needs `npm run build` (dist/).
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { median } from "./support/stats.js";

const root = join(import.meta.dirname, "..");

const SCRIPTS: Record<string, string[]> = {
  "empty process": ["-e", ""],
  "ns-api-jwt (ESM)": ["--input-type=module", "-e", "await import('ns-api-jwt')"],
  "ns-api-jwt (CJS)": ["-e", "require('ns-api-jwt')"],
  "openapi-fetch (ESM)": ["--input-type=module", "-e", "await import('openapi-fetch')"],
  "axios (ESM)": ["--input-type=module", "-e", "await import('axios')"],
};

export function benchColdStart(runs = 15): Array<{ module: string; importMs: number }> {
  const times: Record<string, number[]> = {};
  for (let run = 0; run < runs; run++) {
    for (const [name, args] of Object.entries(SCRIPTS)) {
      const started = performance.now();
      const result = spawnSync(process.execPath, args, { cwd: root, stdio: "ignore" });
      if (result.status !== 0) throw new Error(`${name} failed to import (run npm run build first)`);
      (times[name] ??= []).push(performance.now() - started);
    }
  }
  const base = median(times["empty process"] ?? []);
  return Object.keys(SCRIPTS)
    .filter((name) => name !== "empty process")
    .map((name) => ({ module: name, importMs: +(median(times[name] ?? []) - base).toFixed(1) }));
}
