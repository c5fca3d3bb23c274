#!/usr/bin/env node
// npm run test:runtimes: the packed package, installed by name, runs one end-to-end program against the mock
// in every runtime it claims (Node 18 to newest, Bun, Deno, workerd, Chromium, Firefox, TypeScript consumers).
// Prints a runtime × flow table, writes it to build/runtimes-matrix.json, and exits 1 on any ✗.
//   --skip-build   reuse dist/ (still packs and installs)    --only TEXT   rows whose name contains TEXT
//   --resolve      ask the registry for the newest runtimes and rewrite versions.json first
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { prepareApp } from "./prepare.mjs";
import { matrixRows, runRow } from "./rows.mjs";
import { formatTable } from "./table.mjs";
import { ensureTools, readPins, resolvePins } from "./tools.mjs";

const root = join(import.meta.dirname, "../..");
const args = process.argv.slice(2);
const only = args.includes("--only") ? args[args.indexOf("--only") + 1] : undefined;
const started = Date.now();
const log = (text) => console.log(`[${((Date.now() - started) / 1000).toFixed(0).padStart(3)} s] ${text}`);

let pins = readPins(root);
if (args.includes("--resolve")) pins = resolvePins(root, pins);
const tools = ensureTools(root, pins, log);
const { app, tarball } = prepareApp(root, pins, { build: !args.includes("--skip-build"), log });
const { FLOWS } = await import(pathToFileURL(join(app, "js/flows.js")).href);

const rows = matrixRows(root, app, tools).filter((row) => only === undefined || row.runtime.toLowerCase().includes(only.toLowerCase()));
const results = new Array(rows.length);
// Two at a time: the machine has two cores, and each row is a runtime plus its own mock.
let next = 0;
const worker = async () => {
  while (next < rows.length) {
    const index = next++;
    results[index] = await runRow(app, rows[index], FLOWS);
    const failed = Object.entries(results[index].flows).filter(([, outcome]) => outcome.status === "fail");
    log(`${rows[index].runtime}: ${failed.length === 0 ? "passed" : `${failed.length} failed`} (${results[index].seconds.toFixed(1)} s)`);
  }
};
await Promise.all([worker(), worker()]);

const seconds = (Date.now() - started) / 1000;
console.log(`\n${formatTable(FLOWS, results)}\n`);
const failures = results.flatMap((row) =>
  Object.entries(row.flows).flatMap(([flow, outcome]) => (outcome.status === "fail" ? [{ row: row.runtime, flow, error: outcome.error }] : [])),
);
// One line per row and error: a refused login fails the flows after it with the same words.
const grouped = new Map();
for (const failure of failures) {
  const key = `${failure.row} ${failure.error}`;
  grouped.set(key, [...(grouped.get(key) ?? []), failure]);
}
for (const [first, ...rest] of grouped.values()) console.log(`✗ ${first.row} / ${[first, ...rest].map((f) => f.flow).join(", ")}: ${first.error}`);
mkdirSync(join(root, "build"), { recursive: true });
const report = { tarball, generatedAt: new Date().toISOString(), seconds, flows: FLOWS, rows: results };
writeFileSync(join(root, "build/runtimes-matrix.json"), `${JSON.stringify(report, null, 2)}\n`);
log(`${results.length} runtimes × ${FLOWS.length} flows, ${failures.length} ✗; table in build/runtimes-matrix.json`);
process.exitCode = failures.length === 0 ? 0 : 1;
