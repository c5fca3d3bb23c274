// `npm run bench` (which builds dist/ first): every measurement side by side in one run; prints tables and
// writes bench/results/bench.json.
// It reports; it does not pass or fail (the byte and allocation budgets are gated in npm test).
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { benchColdStart } from "./cold-start.js";
import { APPS, bundleSize } from "./bundle-size.js";
import { benchLatency, benchThroughput } from "./end-to-end.js";
import { benchInProcess } from "./in-process.js";
import { benchMockVsPrism, budgetLines } from "./mock-vs-prism.js";
import { builtBenchScript } from "./support/built-script.js";
import { createClients } from "./support/clients.js";
import { startMockChild } from "./support/mock-child.js";

const root = join(import.meta.dirname, "..");
const section = (title: string) => console.log(`\n## ${title}`);
const results: Record<string, unknown> = { node: process.version, date: new Date().toISOString() };

section("In-process cost per call, stubbed fetch (µs, median of interleaved rounds)");
console.table((results.inProcess = await benchInProcess()));

section("Allocation per call, stubbed fetch (bytes)");
// On the built code, as the budgets in npm test measure it (bench/support/built-script.ts).
const allocationScript = await builtBenchScript("allocation");
const allocation = (env: Record<string, string>) =>
  JSON.parse(
    execFileSync(process.execPath, ["--expose-gc", "--min-semi-space-size=128", "--max-semi-space-size=128", allocationScript], {
      env: { ...process.env, ...env },
      encoding: "utf8",
    }),
  );
console.table((results.allocation = { default: allocation({}), "timeoutMs: Infinity, retry: false": allocation({ TIMEOUT_MS: "Infinity", NO_RETRY: "1" }) }));
section("Allocation per call, session layer vs openapi-fetch + static-bearer middleware (bytes)");
console.table(
  (results.sessionAllocation = {
    default: allocation({ SESSION: "1" }),
    "timeoutMs: Infinity, retry: false": allocation({ TIMEOUT_MS: "Infinity", NO_RETRY: "1", SESSION: "1" }),
  }),
);

const server = await startMockChild();
try {
  const clients = await createClients(server.baseUrl);
  section("End to end, sequential GET /jwt (µs per request; client CPU per request)");
  console.table((results.claimsLatency = await benchLatency(clients, "claims")));
  section("End to end, sequential password login (µs per request; client CPU per request)");
  console.table((results.loginLatency = await benchLatency(clients, "login", 4, 150)));
  section("Throughput, GET /jwt (requests/s)");
  console.table((results.throughput = await benchThroughput(clients)));
} finally {
  await server.stop();
}

section("Cold start: import in a fresh process (ms, timed inside it, median)");
console.table((results.coldStart = benchColdStart()));

section("Bundle: a tiny login + claims browser app, minified (bytes)");
console.table((results.bundle = (await Promise.all(APPS.map((app) => bundleSize(app)))).map(({ modules: _, ...size }) => size)));

section("Mock server vs Prism on the same spec (requests/s, concurrency 16)");
const mock = await benchMockVsPrism();
console.log(`load generator: ${mock.loadGenerator}`);
console.table((results.mockVsPrism = mock.rows));
for (const line of budgetLines(mock.budget)) console.log(line);

mkdirSync(join(root, "bench", "results"), { recursive: true });
writeFileSync(join(root, "bench", "results", "bench.json"), `${JSON.stringify(results, null, 2)}\n`);
console.log("\nwrote bench/results/bench.json");
