// Bytes allocated per call, facade vs raw openapi-fetch, with a stubbed fetch. Run in a process of its own
// with --expose-gc and a young generation large enough that no collection runs while it counts, so the
// heap's growth over N calls is what those calls allocated. Prints one JSON line.
import createClient from "openapi-fetch";
import type { paths } from "../generated/api.js";
import { NsAuth } from "../src/index.js";
import { STUB_BASE_URL, TOKEN, stubFetch } from "./support/fixtures.js";

const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error("run with --expose-gc --max-semi-space-size=128");

const raw = createClient<paths>({ baseUrl: STUB_BASE_URL, fetch: stubFetch() });
const auth = new NsAuth({ baseUrl: STUB_BASE_URL, fetch: stubFetch(), timeoutMs: Number(process.env.TIMEOUT_MS ?? 30_000), ...(process.env.NO_RETRY ? { retry: false as const } : {}) });
auth.useTokens({ token: TOKEN });
const bearer = { Authorization: `Bearer ${TOKEN}` };
const calls: Record<string, () => Promise<unknown>> = {
  "openapi-fetch": () => raw.GET("/jwt", { headers: bearer }),
  facade: () => auth.claims(),
};

async function bytesPerCall(call: () => Promise<unknown>, n: number): Promise<number> {
  for (let i = 0; i < 2_000; i++) await call();
  gc!();
  gc!();
  const before = process.memoryUsage().heapUsed;
  for (let i = 0; i < n; i++) await call();
  return (process.memoryUsage().heapUsed - before) / n;
}

const samples: Record<string, number[]> = { "openapi-fetch": [], facade: [] };
for (let round = 0; round < 5; round++) {
  for (const [name, call] of Object.entries(calls)) samples[name]!.push(await bytesPerCall(call, 2_000));
}
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const result = { openapiFetch: Math.round(median(samples["openapi-fetch"]!)), facade: Math.round(median(samples.facade!)) };
console.log(JSON.stringify({ ...result, extraBytesPerCall: result.facade - result.openapiFetch }));
