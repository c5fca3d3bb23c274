// `npm run load`: 10,000 requests at concurrency 64 through one NsAuth against the mock over HTTP, with the
// token expiring every few hundred requests. Asserts zero failures and exactly one refresh per expiry;
// reports throughput, latency and heap growth. Not part of `npm test`: it measures, it does not time-gate.
import { writeFileSync, mkdirSync } from "node:fs";
import { NsAuth } from "../src/index.js";
import { DEFAULT_CLIENT } from "../src/mock/index.js";
import { startMockChild } from "./support/mock-child.js";

const TOTAL = Number(process.env.LOAD_REQUESTS ?? 10_000);
const CONCURRENCY = Number(process.env.LOAD_CONCURRENCY ?? 64);
// The clock moves half a token lifetime every 150 requests, so each token expires after 300 requests
// and a request still in flight when its token expires has a whole half-lifetime to be renewed and replayed.
const ADVANCE_EVERY = Number(process.env.LOAD_ADVANCE_EVERY ?? 150);
const TTL_SECONDS = 120;

const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error("Run with --expose-gc (npm run load does).");

// The mock runs in its own process, as a server would; both clocks move together, the server's first.
let offset = 0;
const clock = () => Date.now() + offset;
const server = await startMockChild({ MOCK_TTL_SECONDS: String(TTL_SECONDS) });
const auth = new NsAuth({ baseUrl: server.baseUrl, ...DEFAULT_CLIENT, now: clock, clockSkewMs: 10_000 });
await auth.login({ username: "1000@example.com", password: "demo-password-1000" });
// Warm the connection pool (one keep-alive connection per concurrent caller) and both processes' JIT.
for (let round = 0; round < 20; round++) await Promise.all(Array.from({ length: CONCURRENCY }, () => auth.claims()));
const postsBefore = await server.count("POST /jwt");

gc();
const heapBefore = process.memoryUsage().heapUsed;
let next = 0;
let advances = 0;
let expiries = 0;
let failures = 0;
const failureNames = new Map<string, number>();
const latencies: number[] = [];
const started = performance.now();

async function worker(): Promise<void> {
  while (next < TOTAL) {
    const index = next++;
    if (index > 0 && index % ADVANCE_EVERY === 0) {
      await server.advance((TTL_SECONDS * 1000) / 2);
      offset += (TTL_SECONDS * 1000) / 2;
      advances += 1;
      if (advances % 2 === 0) expiries += 1; // every second step, the token in use has reached its exp
    }
    const t0 = performance.now();
    try {
      await auth.claims();
    } catch (error) {
      failures += 1;
      const name = `${(error as Error).name}: ${(error as Error).message}`;
      failureNames.set(name, (failureNames.get(name) ?? 0) + 1);
    }
    latencies.push(performance.now() - t0);
  }
}

await Promise.all(Array.from({ length: CONCURRENCY }, worker));
const elapsed = performance.now() - started;
gc();
const heapAfter = process.memoryUsage().heapUsed;
const refreshes = (await server.count("POST /jwt")) - postsBefore;
await server.stop();

latencies.sort((a, b) => a - b);
const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? 0;
const result = {
  requests: TOTAL,
  concurrency: CONCURRENCY,
  failures,
  failureNames: Object.fromEntries(failureNames),
  expiries,
  refreshes,
  seconds: +(elapsed / 1000).toFixed(2),
  requestsPerSecond: Math.round(TOTAL / (elapsed / 1000)),
  latencyMs: { p50: +pct(50).toFixed(2), p99: +pct(99).toFixed(2), max: +pct(100).toFixed(2) },
  heapGrowthMB: +((heapAfter - heapBefore) / 1024 / 1024).toFixed(2),
  node: process.version,
};
console.table({
  requests: result.requests,
  concurrency: result.concurrency,
  "failed calls": result.failures,
  "token expiries": result.expiries,
  "refresh requests": result.refreshes,
  "requests/s": result.requestsPerSecond,
  "p50 ms": result.latencyMs.p50,
  "p99 ms": result.latencyMs.p99,
  "max ms": result.latencyMs.max,
  "heap growth MB": result.heapGrowthMB,
});
mkdirSync("bench/results", { recursive: true });
writeFileSync("bench/results/load.json", `${JSON.stringify(result, null, 2)}\n`);

const problems = [
  failures !== 0 && `${failures} calls failed`,
  refreshes !== expiries && `${refreshes} refreshes for ${expiries} expiries`,
  result.heapGrowthMB > 20 && `heap grew ${result.heapGrowthMB} MB`,
].filter(Boolean);
if (problems.length > 0) {
  console.error(`LOAD FAILED: ${problems.join("; ")}`, result.failureNames);
  process.exit(1);
}
console.log("load: 1 passed, 0 failed");
