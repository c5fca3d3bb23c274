// `npm run bench:fleet-keeper`: the async-capable TokenKeeper with the in-memory store against the keeper of
// /work/main (or FLEET_BASELINE_SRC), side by side in one run, rounds interleaved so drift cancels.
// Both: the keeper alone (bearer(), withToken()) and the whole facade (auth.claims() on a stubbed fetch).
import { writeFileSync, mkdirSync } from "node:fs";
import { Bench } from "tinybench";
import { NsAuth } from "../src/index.js";
import { createMemoryTokenStore } from "../src/token-store.js";
import { TokenKeeper } from "../src/token-keeper.js";
import { STUB_BASE_URL, TOKEN, stubFetch } from "./support/fixtures.js";
import { median } from "./support/stats.js";

const baselineSrc = process.env.FLEET_BASELINE_SRC ?? "/work/main/src";
type Index = typeof import("../src/index.js");
type KeeperModule = typeof import("../src/token-keeper.js");
const baseline = (await import(`${baselineSrc}/index.ts`)) as Index;
const { TokenKeeper: BaselineKeeper } = (await import(`${baselineSrc}/token-keeper.ts`)) as KeeperModule;

const keeperOptions = () => ({ store: createMemoryTokenStore({ token: TOKEN }), now: Date.now, skewMs: 60_000, renew: async () => ({ token: TOKEN }) });
const ok = { response: new Response(null, { status: 200 }) };
const attempt = async () => ok;
const ours = new TokenKeeper(keeperOptions());
const theirs = new BaselineKeeper(keeperOptions());
const auth = new NsAuth({ baseUrl: STUB_BASE_URL, fetch: stubFetch() });
auth.useTokens({ token: TOKEN });
const baseAuth = new baseline.NsAuth({ baseUrl: STUB_BASE_URL, fetch: stubFetch() });
baseAuth.useTokens({ token: TOKEN });

const pairs: Record<string, [() => unknown, () => unknown]> = {
  "keeper.bearer()": [() => ours.bearer(), () => theirs.bearer()],
  "keeper.withToken()": [() => ours.withToken(attempt, undefined), () => theirs.withToken(attempt, undefined)],
  "auth.claims()": [() => auth.claims(), () => baseAuth.claims()],
};
const samples: Record<string, number[]> = {};
for (let round = 0; round < Number(process.env.FLEET_BENCH_ROUNDS ?? 5); round++) {
  const bench = new Bench({ time: 300, warmupTime: 100 });
  for (const [name, [mine, base]] of Object.entries(pairs)) {
    const order: Array<[string, () => unknown]> = [[`${name} async-capable`, mine], [`${name} baseline`, base]];
    if (round % 2 === 1) order.reverse();
    for (const [label, fn] of order) bench.add(label, fn as () => Promise<unknown>);
  }
  await bench.run();
  for (const task of bench.tasks) {
    const result = task.result as { latency?: { p50: number } } | undefined;
    if (result?.latency) (samples[task.name] ??= []).push(result.latency.p50 * 1e6); // ns
  }
}
const rows = Object.keys(pairs).map((name) => {
  const mine = median(samples[`${name} async-capable`] ?? []);
  const base = median(samples[`${name} baseline`] ?? []);
  return { call: name, "async-capable ns": Math.round(mine), "baseline ns": Math.round(base), ratio: +(mine / base).toFixed(3) };
});
console.table(rows);
mkdirSync("bench/results", { recursive: true });
writeFileSync("bench/results/fleet-keeper.json", `${JSON.stringify({ baseline: baselineSrc, node: process.version, rows }, null, 2)}\n`);
