// createBrowserTokenStore in real browsers (Debian's Chromium and Firefox ESR): three tabs of one origin,
// each with its own NsAuth, calling every 20 ms with 4 s tokens against the mock over HTTP with chain
// revocation on (a reused refresh JWT ends the login). With Web Locks and with the fallback (no Web Locks):
// 0 failed calls, 0 refused grants, one refresh per renewal; a logout in one tab reaches the others; a tab
// opened later finds the session. `npm run test:browser` (not in `npm test`: two browsers, ~1 min).
import { afterAll, afterEach, beforeAll, describe, expect, it } from "@jest/globals";
import { existsSync } from "node:fs";
import { DEFAULT_CLIENT, startMockServer } from "../../src/mock/index.js";
import { CHROMIUM, FIREFOX, openChromium, openFirefox, startTabsServer, type Browser, type TabsServer } from "./tabs-server.js";

const USER = { username: "1000@example.com", password: "demo-password-1000" };
const RUN_MS = 10_000;
const TTL_S = 4;
const SKEW_MS = 1_000; // the page's clockSkewMs: a renewal every TTL − skew = 3 s

type Run = { calls: number; failures: Record<string, number>; tokens: string[]; heard: number };
type Status = { authenticated: boolean; claims: string; heard: number };

const browsers: Array<[string, string, (url: string) => Promise<Browser>]> = [
  ["Chromium", CHROMIUM, openChromium],
  ["Firefox ESR", FIREFOX, openFirefox],
];

describe.each(browsers)("%s: tabs sharing one session", (_name, executable, open) => {
  if (!existsSync(executable)) return void it.skip(`needs ${executable}`, () => undefined);
  let mock: Awaited<ReturnType<typeof startMockServer>>;
  let server: TabsServer;
  let browser: Browser | undefined;
  beforeAll(async () => {
    mock = await startMockServer({ tokenTtlSeconds: TTL_S, revokeFamilyOnRefreshReuse: true });
    server = await startTabsServer(mock.baseUrl, { client: DEFAULT_CLIENT, user: USER });
  }, 60_000);
  // A browser per test: the tabs open each other with window.open, which a browser allows only so many times.
  afterEach(async () => {
    await browser?.close();
    browser = undefined;
  });
  afterAll(async () => {
    await server?.close();
    await mock?.close();
  });

  it.each(["locks", "fallback"])("3 tabs every 20 ms (%s): 0 failed, 0 refused, one refresh per renewal; logout reaches all; a later tab finds the session", async (mode) => {
    const tab = (n: number) => `${mode}-${n}`;
    browser = await open(`${server.origin}/?tab=main-${mode}`);
    for (const n of [1, 2, 3]) await server.ask(`main-${mode}`, { op: "open", tab: tab(n), mode });
    const grantsBefore = mock.mock.count("POST /jwt");
    const rejectionsBefore = mock.mock.refreshReuseRejections;
    await server.ask(tab(1), { op: "login" });
    const runs = await Promise.all([1, 2, 3].map((n) => server.ask<Run>(tab(n), { op: "run", ms: RUN_MS })));
    const refreshes = mock.mock.count("POST /jwt") - grantsBefore - 1;
    const tokens = new Set(runs.flatMap((r) => r.tokens));
    const failed = runs.reduce((n, r) => n + Object.values(r.failures).reduce((a, b) => a + b, 0), 0);
    process.stdout.write(
      `${browser!.name} (${mode}): ${runs.map((r) => r.calls).join(" + ")} calls, ${failed} failed, ${refreshes} refreshes, ` +
        `${tokens.size} access tokens used, ${mock.mock.refreshReuseRejections - rejectionsBefore} refused grants\n`,
    );
    expect(runs.map((r) => r.failures)).toEqual([{}, {}, {}]);
    expect(mock.mock.refreshReuseRejections - rejectionsBefore).toBe(0);
    // One refresh per renewal: each refresh's token was used, and no more renewals than the lifetime allows.
    expect(tokens.size).toBe(refreshes + 1);
    expect(refreshes).toBeGreaterThanOrEqual(Math.floor(RUN_MS / (TTL_S * 1000)));
    expect(refreshes).toBeLessThanOrEqual(Math.ceil(RUN_MS / (TTL_S * 1000 - SKEW_MS)));
    for (const r of runs) expect(r.calls).toBeGreaterThan(RUN_MS / 80); // every 20 ms plus the call itself

    await server.ask(tab(1), { op: "revoke" }); // a logout in one tab
    await new Promise((resolve) => setTimeout(resolve, 300));
    const after = await Promise.all([2, 3].map((n) => server.ask<Status>(tab(n), { op: "status" })));
    expect(after.map(({ authenticated, claims }) => ({ authenticated, claims }))).toEqual([
      { authenticated: false, claims: "SessionExpiredError" },
      { authenticated: false, claims: "SessionExpiredError" },
    ]);

    await server.ask(tab(2), { op: "login" });
    const grants = mock.mock.count("POST /jwt");
    await server.ask(`main-${mode}`, { op: "open", tab: tab(4), mode }); // a tab opened later
    expect(await server.ask<Status>(tab(4), { op: "status" })).toMatchObject({ authenticated: true, claims: "ok" });
    expect(mock.mock.count("POST /jwt")).toBe(grants); // it used the stored session: no login, no refresh
  }, 60_000);

  it("without it (each tab its own copy, persisted to localStorage): refused grants and failed calls", async () => {
    browser = await open(`${server.origin}/?tab=main-none`);
    const rejectionsBefore = mock.mock.refreshReuseRejections;
    await server.ask("main-none", { op: "open", tab: "none-1", mode: "none" });
    await server.ask("none-1", { op: "login" });
    for (const n of [2, 3]) await server.ask("main-none", { op: "open", tab: `none-${n}`, mode: "none" });
    const runs = await Promise.all([1, 2, 3].map((n) => server.ask<Run>(`none-${n}`, { op: "run", ms: 5_000 })));
    const failed = runs.reduce((n, r) => n + Object.values(r.failures).reduce((a, b) => a + b, 0), 0);
    const refused = mock.mock.refreshReuseRejections - rejectionsBefore;
    process.stdout.write(`${browser.name} (no coordination): ${failed} failed calls, ${refused} refused grants\n`);
    expect(refused).toBeGreaterThan(0);
    expect(failed).toBeGreaterThan(0);
  }, 60_000);
});
