// Bytes allocated per call, facade vs raw openapi-fetch, with a stubbed fetch. Run in a process of its own
// with --expose-gc and a young generation fixed large enough (min = max semi-space) that no collection
// runs while it counts, so the heap's growth over N calls is what those calls allocated. Prints one JSON line.
import createClient from "openapi-fetch";
import type { paths } from "../generated/api.js";
import { createMemoryTokenStore, NsAuth } from "../src/index.js";
import { STUB_BASE_URL, TOKEN, stubFetch } from "./support/fixtures.js";
import { SESSION_BASELINE, sessionCalls } from "./support/session-clients.js";
import { median } from "./support/stats.js";

const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error("run with --expose-gc --min-semi-space-size=128 --max-semi-space-size=128");

const raw = createClient<paths>({ baseUrl: STUB_BASE_URL, fetch: stubFetch() });
const auth = new NsAuth({ baseUrl: STUB_BASE_URL, fetch: stubFetch(), timeoutMs: Number(process.env.TIMEOUT_MS ?? 30_000), ...(process.env.NO_RETRY ? { retry: false as const } : {}), store: createMemoryTokenStore({ token: TOKEN }) });
const bearer = { Authorization: `Bearer ${TOKEN}` };
// The facade's default carries a timeout, so the like-for-like openapi-fetch call carries one too.
const timed = process.env.TIMEOUT_MS !== "Infinity";
// SESSION=1 measures the session layer instead (below), in a process of its own.
const calls: Record<string, () => Promise<unknown>> = process.env.SESSION
  ? {}
  : {
      "openapi-fetch": () => raw.GET("/jwt", timed ? { headers: bearer, signal: AbortSignal.timeout(30_000) } : { headers: bearer }),
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

// The session layer (auth.fetch, the middleware) against openapi-fetch with a static-bearer middleware. With
// the default timeout, auth.fetch carries a per-call signal that the baseline does not: that is its cost.
const session = sessionCalls();
const sessionNames = {
  staticBearer: SESSION_BASELINE,
  middleware: "openapi-fetch GET /jwt + createAuthMiddleware",
  sessionFetch: timed ? 'auth.fetch("/jwt") + json()' : 'auth.fetch("/jwt") + json(), no timeout/retry',
} as const;
if (process.env.SESSION) for (const name of Object.values(sessionNames)) calls[name] = session[name]!;

const samples: Record<string, number[]> = Object.fromEntries(Object.keys(calls).map((name) => [name, []]));
for (let round = 0; round < (process.env.HEAP_GROWTH ? 0 : 5); round++) {
  for (const [name, call] of Object.entries(calls)) samples[name]!.push(await bytesPerCall(call, 2_000));
}
const bytes = (name: string) => Math.round(median(samples[name]!) ?? 0);
if (process.env.SESSION) {
  const staticBearer = bytes(sessionNames.staticBearer);
  console.log(
    JSON.stringify({
      openapiFetchStaticBearer: staticBearer,
      middleware: bytes(sessionNames.middleware),
      sessionFetch: bytes(sessionNames.sessionFetch),
      middlewareExtraBytesPerCall: bytes(sessionNames.middleware) - staticBearer,
      sessionFetchExtraBytesPerCall: bytes(sessionNames.sessionFetch) - staticBearer,
    }),
  );
} else if (!process.env.HEAP_GROWTH) {
  const result = { openapiFetch: bytes("openapi-fetch"), facade: bytes("facade") };
  console.log(JSON.stringify({ ...result, extraBytesPerCall: result.facade - result.openapiFetch }));
}

// Heap retained per 10,000 facade calls: what stays after a full collection. WeakRefs made during a job
// (undici makes one per signal-following Request) live until the job ends, and finalization-registry
// cells until their cleanup task has run: so collect, yield, and collect again. One batch's delta moves
// by ±150 kB with V8's own bookkeeping (code, feedback, old-space pages); a leak shows in every batch, so
// the median of five consecutive batches is reported.
async function settle() {
  for (let i = 0; i < 3; i++) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    gc!();
  }
}

if (process.env.HEAP_GROWTH) {
  for (let i = 0; i < 2_000; i++) await auth.claims();
  await settle();
  const growth: number[] = [];
  for (let batch = 0; batch < 5; batch++) {
    const before = process.memoryUsage().heapUsed;
    for (let i = 0; i < 10_000; i++) await auth.claims();
    await settle();
    growth.push(process.memoryUsage().heapUsed - before);
  }
  console.log(JSON.stringify({ heapGrowthBytesPer10k: median(growth), batches: growth }));
}
