// One session shared by a fleet of NsAuth instances (each with its own Redis connection, keeper and
// in-process copy), against the strictest server: a reused refresh JWT revokes the whole login.
// With the Redis store they renew once per expiry; with a memory store each (as without this) they die.
import { afterAll, beforeAll, beforeEach, expect, it } from "@jest/globals";
import { fork } from "node:child_process";
import { join } from "node:path";
import { createClient } from "redis";
import { createMemoryTokenStore, NsAuth, SessionExpiredError, type SessionTokens } from "../../src/index.js";
import { createMockServer, DEFAULT_CLIENT, type MockNetSapiens } from "../../src/mock/index.js";
import { createRedisTokenBackend, createRedisTokenStore } from "../../src/redis/index.js";
import { describeWithRedis } from "../redis/describe-with-redis.js";
import { startRedisServer, type RedisServer } from "../redis/redis-server.js";
import { json, recordingFetch } from "../support/recording-fetch.js";
import { fakeJwt } from "../support/tokens.js";

type Client = ReturnType<typeof createClient>;
const BASE = "https://pbx.example.com/ns-api/v2";
const USER = { username: "1000@example.com", password: "demo-password-1000" };
const TTL_S = 120;
const K = 4;
const CONCURRENCY = 16;

function clock() {
  let now = Date.UTC(2026, 0, 1);
  return { now: () => now, advance: (ms: number) => void (now += ms) };
}

/** The mock's fetch, counting the refresh grants sent to it (the wire, not the client's own bookkeeping). */
function countingRefreshes(mock: MockNetSapiens) {
  const seen = { refreshes: 0 };
  const fetch = async (input: Request | string | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    if (request.method === "POST" && "refresh" in JSON.parse(await request.clone().text())) seen.refreshes += 1;
    return mock.fetch(request);
  };
  return { fetch, seen };
}

/** Every instance runs CONCURRENCY calls at once; the clock passes the token's expiry between rounds. */
async function runFleet(mock: MockNetSapiens, seen: { refreshes: number }, time: ReturnType<typeof clock>, fleet: NsAuth[], expiries: number) {
  let failed = 0;
  for (let round = 0; round <= expiries; round++) {
    if (round > 0) time.advance(TTL_S * 1000);
    const calls = fleet.flatMap((auth) => Array.from({ length: CONCURRENCY }, () => auth.claims().then(() => undefined, () => void (failed += 1))));
    await Promise.all(calls);
  }
  return { failed, refreshes: seen.refreshes, reuseRejections: mock.refreshReuseRejections };
}

describeWithRedis("a session shared by a fleet", () => {
  let server: RedisServer;
  const clients: Client[] = [];
  const connect = async () => {
    const client = createClient({ url: server.url });
    client.on("error", () => undefined);
    clients.push(client);
    return client.connect();
  };
  beforeAll(async () => {
    server = await startRedisServer();
  }, 20_000);
  afterAll(async () => {
    for (const c of clients) c.destroy();
    await server.stop();
  });
  beforeEach(async () => void (await (await connect()).flushAll()));

  it(`through Redis: ${K} instances × ${CONCURRENCY} calls, 5 expiries: 5 refreshes, 0 reuse rejections, 0 failed calls`, async () => {
    const time = clock();
    const mock = createMockServer({ now: time.now, tokenTtlSeconds: TTL_S, revokeFamilyOnRefreshReuse: true });
    const { fetch, seen } = countingRefreshes(mock);
    const fleet: NsAuth[] = [];
    for (let i = 0; i < K; i++) {
      const store = createRedisTokenStore({ client: await connect(), key: "fleet" });
      fleet.push(new NsAuth({ baseUrl: BASE, ...DEFAULT_CLIENT, fetch, now: time.now, clockSkewMs: 10_000, store }));
    }
    await fleet[0]!.login(USER); // the others find the session in the store
    expect(await runFleet(mock, seen, time, fleet, 5)).toEqual({ failed: 0, refreshes: 5, reuseRejections: 0 });
    expect(fleet.every((auth) => auth.isAuthenticated)).toBe(true);
  });

  it("without coordination (a memory store per instance, the pair copied to each): reuse rejections and a dead session", async () => {
    const time = clock();
    const mock = createMockServer({ now: time.now, tokenTtlSeconds: TTL_S, revokeFamilyOnRefreshReuse: true });
    const { fetch, seen } = countingRefreshes(mock);
    const first = new NsAuth({ baseUrl: BASE, ...DEFAULT_CLIENT, fetch, now: time.now, clockSkewMs: 10_000 });
    await first.login(USER);
    let pair: SessionTokens | undefined;
    first.onTokensChange((tokens) => void (pair = tokens));
    await first.refresh();
    const fleet = [first];
    for (let i = 1; i < K; i++) {
      const auth = new NsAuth({ baseUrl: BASE, fetch, now: time.now, clockSkewMs: 10_000, store: createMemoryTokenStore(pair) });
      fleet.push(auth);
    }
    const result = await runFleet(mock, seen, time, fleet, 1);
    // Every instance spends the same refresh JWT: the server honours one and revokes the login for the rest.
    expect(result.reuseRejections).toBe(K - 1);
    expect(result.failed).toBe(K * CONCURRENCY); // every call of the round after the expiry, the winner's too
    expect(fleet.filter((auth) => auth.isAuthenticated)).toHaveLength(0);
  });

  it("a holder SIGKILLed mid-refresh blocks the others no longer than the lock's TTL: they renew, no session lost", async () => {
    const time = clock();
    const mock = createMockServer({ now: time.now, tokenTtlSeconds: TTL_S, revokeFamilyOnRefreshReuse: true });
    const { fetch, seen } = countingRefreshes(mock);
    const store = createRedisTokenStore({ client: await connect(), key: "killed", lockTtlMs: 800 });
    const auth = new NsAuth({ baseUrl: BASE, ...DEFAULT_CLIENT, fetch, now: time.now, clockSkewMs: 10_000, store });
    await auth.login(USER);
    const holder = fork(join(__dirname, "holder.ts"), [server.url, "killed", "800"], {
      execArgv: ["--import", "tsx"],
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    const exited = new Promise((resolve) => holder.once("exit", resolve));
    await new Promise<void>((resolve, reject) => {
      holder.once("message", (message) => (message === "refreshing" ? resolve() : reject(new Error(String(message)))));
      holder.once("exit", (code) => reject(new Error(`holder exited (${code}) before refreshing`)));
    });
    holder.kill("SIGKILL"); // it holds the lock, with its refresh never answered
    await exited;
    expect(await createRedisTokenBackend({ client: await connect(), key: "killed" }).lock(800)).toBeUndefined(); // the dead holder's lock is still there

    time.advance(TTL_S * 1000);
    await Promise.all(Array.from({ length: CONCURRENCY }, () => auth.claims()));
    expect(seen.refreshes).toBe(1);
    expect(mock.refreshReuseRejections).toBe(0);
    expect(auth.isAuthenticated).toBe(true);
  }, 30_000);

  it("a stale holder (its lock expired mid-refresh) cannot overwrite the newer pair: it adopts it", async () => {
    const time = clock();
    const start = { token: fakeJwt({ exp: Math.floor(time.now() / 1000) + 3600 }), refresh: fakeJwt() };
    const slow = { token: fakeJwt({ exp: Math.floor(time.now() / 1000) + 7200 }), refresh: fakeJwt() };
    const fast = { token: fakeJwt({ exp: Math.floor(time.now() / 1000) + 7200 }), refresh: fakeJwt() };
    const isRefresh = (body: string | undefined) => body !== undefined && "refresh" in JSON.parse(body);
    let slowRefreshStarted!: () => void;
    const started = new Promise<void>((resolve) => (slowRefreshStarted = resolve));
    const slowFetch = recordingFetch(async (r) => {
      if (!isRefresh(r.body)) return json(200, { sub: "1000@example.com" });
      slowRefreshStarted();
      await new Promise((resolve) => setTimeout(resolve, 600)); // beyond the 200 ms lock
      return json(200, slow);
    });
    const fastFetch = recordingFetch((r) => (isRefresh(r.body) ? json(200, fast) : json(200, { sub: "1000@example.com" })));
    const storeA = createRedisTokenStore({ client: await connect(), key: "stale", lockTtlMs: 200 });
    const storeB = createRedisTokenStore({ client: await connect(), key: "stale", lockTtlMs: 200 });
    await storeA.set(start);
    const a = new NsAuth({ baseUrl: BASE, fetch: slowFetch, now: time.now, store: storeA });
    const b = new NsAuth({ baseUrl: BASE, fetch: fastFetch, now: time.now, store: storeB });
    const aRefresh = a.refresh();
    await started;
    await new Promise((resolve) => setTimeout(resolve, 300)); // A's lock has expired
    await b.refresh();
    await aRefresh;
    expect(await storeA.get()).toEqual(fast);
    await a.claims();
    expect(slowFetch.requests.at(-1)?.headers.authorization).toBe(`Bearer ${fast.token}`);
  });

  it("a refused refresh re-reads the store before declaring the session dead; a 401'd token the store replaced is not renewed", async () => {
    const time = clock();
    const pair = (hours: number) => ({ token: fakeJwt({ exp: Math.floor(time.now() / 1000) + hours * 3600 }), refresh: fakeJwt() });
    const [start, renewedElsewhere, newer] = [pair(1), pair(2), pair(2)];
    let valid = renewedElsewhere.token;
    const other = createRedisTokenStore({ client: await connect(), key: "refused" });
    const fetch = recordingFetch(async (r) => {
      if (r.body !== undefined && "refresh" in JSON.parse(r.body)) {
        await other.set(renewedElsewhere); // another process renewed first; this refresh JWT is spent
        return json(401, { code: 401, message: "The refresh JWT is already used" });
      }
      return r.headers.authorization === `Bearer ${valid}` ? json(200, { sub: "1000@example.com" }) : json(401, { code: 401, message: "revoked" });
    });
    const store = createRedisTokenStore({ client: await connect(), key: "refused" });
    await store.set(start);
    const auth = new NsAuth({ baseUrl: BASE, fetch, now: time.now, store });
    await expect(auth.refresh()).resolves.toMatchObject({ status: "authenticated" });
    await expect(auth.claims()).resolves.toEqual({ sub: "1000@example.com" });
    expect(fetch.requests.map((r) => r.headers.authorization ?? "refresh")).toEqual(["refresh", `Bearer ${renewedElsewhere.token}`]);

    // Refused with its token while the store already holds another: that one is used, nothing is renewed.
    await other.set(newer);
    valid = newer.token;
    const before = fetch.requests.length;
    await expect(auth.claims()).resolves.toEqual({ sub: "1000@example.com" });
    expect(fetch.requests.slice(before).map((r) => r.headers.authorization ?? "refresh")).toEqual([`Bearer ${renewedElsewhere.token}`, `Bearer ${newer.token}`]);
  });
  it("a holder killed after the server rotated the pair: the next holder is refused, re-reads, and ends the session, or reauthenticates once", async () => {
    const time = clock();
    const mock = createMockServer({ now: time.now, tokenTtlSeconds: TTL_S, revokeFamilyOnRefreshReuse: true });
    const { fetch, seen } = countingRefreshes(mock);
    const store = createRedisTokenStore({ client: await connect(), key: "rotated" });
    const first = new NsAuth({ baseUrl: BASE, ...DEFAULT_CLIENT, fetch, now: time.now, clockSkewMs: 10_000, store });
    await first.login(USER);
    const spend = async () => {
      const stored = await store.get();
      // The dead holder's refresh reached the server, which rotated the pair; nothing was written back.
      const response = await fetch(`${BASE}/jwt`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ refresh: stored?.refresh }) });
      expect(response.status).toBe(200);
    };
    await spend();
    time.advance(TTL_S * 1000);
    const plain = new NsAuth({ baseUrl: BASE, fetch, now: time.now, clockSkewMs: 10_000, store });
    await expect(plain.claims()).rejects.toBeInstanceOf(SessionExpiredError);
    expect(await store.get()).toBeUndefined();

    await first.login(USER);
    await spend();
    time.advance(TTL_S * 1000);
    let logins = 0;
    const reauthenticate = async () => {
      logins += 1;
      const response = await mock.fetch(new Request(`${BASE}/jwt`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ grant_type: "password", client_id: DEFAULT_CLIENT.clientId, client_secret: DEFAULT_CLIENT.clientSecret, ...USER }) }));
      return (await response.json()) as SessionTokens;
    };
    const fleet = Array.from({ length: 3 }, () => new NsAuth({ baseUrl: BASE, fetch, now: time.now, clockSkewMs: 10_000, store, reauthenticate }));
    await Promise.all(fleet.flatMap((auth) => Array.from({ length: 4 }, () => auth.claims())));
    expect(logins).toBe(1);
    expect(seen.refreshes).toBe(4); // the two spent by the "dead" holders, and one refused attempt per round
  });
});
