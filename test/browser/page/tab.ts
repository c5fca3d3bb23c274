// One tab of the browser suite: an NsAuth on createBrowserTokenStore, driven by the test through the page
// server (GET /next long-polls its next command, POST /result answers it). Bundled by esbuild.
import { createMemoryTokenStore, NsAuth, type Credentials, type SessionTokens } from "../../../src/index.js";
import { createBrowserTokenStore } from "../../../src/browser/index.js";

type Command = { op: "login" | "open" | "run" | "revoke" | "status" | "bench"; tab?: string; mode?: string; ms?: number };
const query = new URLSearchParams(location.search);
const tab = query.get("tab") ?? "?";
const mode = query.get("mode") ?? "locks";
const config = JSON.parse(document.getElementById("config")?.textContent ?? "{}") as { client: { clientId: string; clientSecret: string }; user: Credentials };
let heard = 0;
// "none": the uncoordinated pattern the browser store replaces (each tab its own copy, persisted to localStorage).
const saved = localStorage.getItem("tabs-none");
const store =
  mode === "none"
    ? createMemoryTokenStore(saved === null ? undefined : (JSON.parse(saved) as SessionTokens))
    : createBrowserTokenStore({ key: `tabs-${mode}`, locks: mode === "fallback" ? null : undefined, onChange: () => void (heard += 1) });
const auth = new NsAuth({ baseUrl: `${location.origin}/ns-api/v2`, ...config.client, store, clockSkewMs: 1_000, retry: false });
if (mode === "none") auth.onTokensChange((tokens) => (tokens ? localStorage.setItem("tabs-none", JSON.stringify(tokens)) : localStorage.removeItem("tabs-none")));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function run(ms: number) {
  let calls = 0;
  const failures: Record<string, number> = {};
  const tokens = new Set<string>();
  for (const end = Date.now() + ms; Date.now() < end; ) {
    try {
      await auth.claims();
      calls += 1;
      tokens.add(String(auth.decodeClaims()?.jti));
    } catch (error) {
      const name = `${(error as Error).name}: ${(error as Error).message}`;
      failures[name] = (failures[name] ?? 0) + 1;
    }
    await sleep(20);
  }
  return { calls, failures, tokens: [...tokens], heard };
}

/** claims() per call with this store and with a memory store, the fetch answered at once (µs). */
async function bench() {
  const response = JSON.stringify({ sub: "1000@example.com", exp: Math.floor(Date.now() / 1000) + 3_600 });
  const fetch = async () => new Response(response, { status: 200, headers: { "content-type": "application/json" } });
  const token = auth.decodeClaims() ? store.get()! : undefined;
  const shared = new NsAuth({ baseUrl: `${location.origin}/ns-api/v2`, fetch, store, retry: false });
  const memory = new NsAuth({ baseUrl: `${location.origin}/ns-api/v2`, fetch, store: createMemoryTokenStore(token), retry: false });
  const time = async (call: () => Promise<unknown>, n: number) => {
    const t0 = performance.now();
    for (let i = 0; i < n; i++) await call();
    return ((performance.now() - t0) * 1000) / n;
  };
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[xs.length >> 1]!;
  /** Interleaved rounds, the first of each pair alternating, so neither gains from the other's warm-up or pays for its garbage. */
  const compare = async (ours: () => Promise<unknown>, theirs: () => Promise<unknown>, n: number) => {
    await time(ours, n);
    await time(theirs, n);
    const rows = { ours: [] as number[], theirs: [] as number[] };
    for (let round = 0; round < 30; round++) {
      if (round % 2 === 0) rows.ours.push(await time(ours, n));
      rows.theirs.push(await time(theirs, n));
      if (round % 2 === 1) rows.ours.push(await time(ours, n));
    }
    return [median(rows.ours), median(rows.theirs)] as const;
  };
  const [browserUs, memoryUs] = await compare(() => shared.claims(), () => memory.claims(), 1_000);
  const [browserTokenUs, memoryTokenUs] = await compare(() => shared.accessToken(), () => memory.accessToken(), 20_000);
  // The control: two memory stores, the same comparison: what this harness calls a difference by chance.
  const twin = new NsAuth({ baseUrl: `${location.origin}/ns-api/v2`, fetch, store: createMemoryTokenStore(token), retry: false });
  const [twinUs, memoryAgainUs] = await compare(() => twin.claims(), () => memory.claims(), 1_000);
  return { browserUs, memoryUs, browserTokenUs, memoryTokenUs, twinUs, memoryAgainUs };
}

async function answer(command: Command): Promise<unknown> {
  switch (command.op) {
    case "login":
      await auth.login(config.user);
      return { ok: true };
    case "open":
      window.open(`/?tab=${command.tab}&mode=${command.mode ?? mode}`, `tab-${command.tab}`);
      return { ok: true };
    case "run":
      return run(command.ms ?? 1_000);
    case "revoke":
      await auth.revoke();
      return { ok: true };
    case "status": {
      const claims = await auth.claims().then(() => "ok", (error: Error) => error.name);
      return { authenticated: auth.isAuthenticated, claims, heard };
    }
    case "bench":
      return bench();
  }
}

for (;;) {
  const command = (await (await fetch(`/next?tab=${tab}`)).json()) as Command;
  const result = await answer(command).catch((error: Error) => ({ error: `${error.name}: ${error.message}` }));
  await fetch(`/result?tab=${tab}`, { method: "POST", body: JSON.stringify(result) });
}
