// The facade's own cost, apart from I/O: facade vs raw openapi-fetch with a stubbed fetch (as openapi-fetch's
// own benchmark does), interleaved so the machine's drift cancels. Reports medians per call and the ratio.
import createClient from "openapi-fetch";
import { Bench } from "tinybench";
import type { paths } from "../generated/api.js";
import { createAuthenticatedClient, createMemoryTokenStore, NsAuth } from "../src/index.js";
import { VERSION } from "../src/version.js";
import { DEFAULT_CLIENT } from "../src/mock/index.js";
import { GRANT, STUB_BASE_URL, TOKEN, TOKEN_PAIR_BODY, USER, stubFetch } from "./support/fixtures.js";
import { SESSION_BASELINE, sessionCalls } from "./support/session-clients.js";
import { median } from "./support/stats.js";

export interface InProcessResult {
  name: string;
  /** The call this one's extra time and ratio are taken against. */
  against: string;
  medianUs: number;
  extraUs: number;
  ratioToOpenapiFetch: number;
}

export async function benchInProcess(rounds = 5): Promise<InProcessResult[]> {
  const raw = createClient<paths>({ baseUrl: STUB_BASE_URL, fetch: stubFetch() });
  const auth = new NsAuth({ baseUrl: STUB_BASE_URL, fetch: stubFetch(), store: createMemoryTokenStore({ token: TOKEN }) });
  const authed = createAuthenticatedClient(auth);
  const lean = new NsAuth({ baseUrl: STUB_BASE_URL, fetch: stubFetch(), timeoutMs: Infinity, retry: false, store: createMemoryTokenStore({ token: TOKEN }) });
  const bearer = { Authorization: `Bearer ${TOKEN}` };
  const rawLikeFacade = createClient<paths>({ baseUrl: STUB_BASE_URL, fetch: stubFetch(), headers: { "User-Agent": `ns-api-jwt/${VERSION}` } });
  const rawLogin = createClient<paths>({ baseUrl: STUB_BASE_URL, fetch: stubFetch(TOKEN_PAIR_BODY) });
  const authLogin = new NsAuth({ baseUrl: STUB_BASE_URL, ...DEFAULT_CLIENT, fetch: stubFetch(TOKEN_PAIR_BODY) });

  const GET = "openapi-fetch GET /jwt";
  const POST = "openapi-fetch POST /jwt (password grant)";
  // Each call with the openapi-fetch call making the same request, which its ratio is taken against.
  const tasks: Record<string, { run: () => Promise<unknown>; against: string }> = {
    [GET]: { run: () => raw.GET("/jwt", { headers: bearer }), against: GET },
    // Like for like with the facade's calls: the same User-Agent header and a timeout signal.
    "openapi-fetch GET /jwt + timeout signal + User-Agent": {
      run: () => rawLikeFacade.GET("/jwt", { headers: bearer, signal: AbortSignal.timeout(30_000) }),
      against: GET,
    },
    "facade typed client GET /jwt": { run: () => authed.GET("/jwt"), against: GET },
    "facade auth.claims()": { run: () => auth.claims(), against: GET },
    "facade auth.claims(), no timeout/retry": { run: () => lean.claims(), against: GET },
    [POST]: { run: () => rawLogin.POST("/jwt", { body: GRANT }), against: POST },
    "facade auth.login()": { run: () => authLogin.login(USER), against: POST },
  };
  // The session layer against openapi-fetch with a static-bearer middleware.
  for (const [name, run] of Object.entries(sessionCalls())) tasks[name] = { run, against: SESSION_BASELINE };
  const samples: Record<string, number[]> = Object.fromEntries(Object.keys(tasks).map((name) => [name, []]));
  for (let round = 0; round < rounds; round++) {
    const names = Object.keys(tasks);
    if (round % 2 === 1) names.reverse();
    const bench = new Bench({ time: 400, warmupTime: 100 });
    for (const name of names) bench.add(name, tasks[name]!.run);
    await bench.run();
    for (const task of bench.tasks) {
      const result = task.result as { latency?: { p50: number } } | undefined;
      if (result?.latency) samples[task.name]!.push(result.latency.p50 * 1000);
    }
  }
  const baseOf = (name: string) => median(samples[tasks[name]!.against]!);
  return Object.entries(samples).map(([name, values]) => ({
    name,
    against: tasks[name]!.against,
    medianUs: +median(values).toFixed(2),
    extraUs: +(median(values) - baseOf(name)).toFixed(2),
    ratioToOpenapiFetch: +(median(values) / baseOf(name)).toFixed(3),
  }));
}


