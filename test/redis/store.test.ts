// createRedisTokenStore against a real redis-server: semantics, the lock, fencing, encryption at rest,
// Redis down or slow, and a new NsAuth picking the session up from the store alone.
import { afterAll, beforeAll, beforeEach, expect, it } from "@jest/globals";
import { createClient } from "redis";
import { NsAuth, SessionExpiredError, sharedTokenStore, TokenStoreError, ValidationError } from "../../src/index.js";
import { createMockServer, DEFAULT_CLIENT } from "../../src/mock/index.js";
import { createRedisTokenBackend, createRedisTokenStore } from "../../src/redis/index.js";
import { fakeJwt } from "../support/tokens.js";
import { describeWithRedis } from "./describe-with-redis.js";
import { startRedisServer, type RedisServer } from "./redis-server.js";

type Client = ReturnType<typeof createClient>;
const USER = { username: "1000@example.com", password: "demo-password-1000" };
const BASE = "https://pbx.example.com/ns-api/v2";

describeWithRedis("createRedisTokenStore on a real redis-server", () => {
  let server: RedisServer;
  const clients: Client[] = [];
  const connect = async () => {
    // No reconnect backoff worth waiting for in tests; errors are reported through the commands.
    const client = createClient({ url: server.url, socket: { reconnectStrategy: () => 50, connectTimeout: 1_000 } });
    client.on("error", () => undefined);
    clients.push(client);
    await client.connect();
    return client;
  };
  let client: Client;
  const pair = () => ({ token: fakeJwt({ exp: Math.floor(Date.now() / 1000) + 3600 }), refresh: fakeJwt({ token_use: "refresh" }) });

  beforeAll(async () => {
    server = await startRedisServer();
    client = await connect();
  }, 20_000);
  afterAll(async () => {
    for (const c of clients) c.destroy();
    await server.stop();
  });
  beforeEach(async () => {
    server.resume();
    await client.flushAll();
  });

  it("stores, reads and clears a pair under keys namespaced per session", async () => {
    const a = createRedisTokenBackend({ client, key: "tenant-a" });
    const b = createRedisTokenBackend({ client, key: "tenant-b" });
    const tokens = pair();
    expect(await a.get()).toBeUndefined();
    await a.set(tokens);
    expect(await a.get()).toEqual(tokens);
    expect(await b.get()).toBeUndefined();
    expect((await client.keys("*")).sort()).toEqual(["ns-api-jwt:{tenant-a}:tokens"]);
    await a.clear();
    expect(await a.get()).toBeUndefined();
    expect(() => createRedisTokenBackend({ client, key: "has space" })).toThrow(ValidationError);
    expect(() => createRedisTokenBackend({ client: {} as never, key: "k" })).toThrow(ValidationError);
  });

  it("the lock is exclusive, expires by itself after its TTL, and a holder can release only its own", async () => {
    const store = createRedisTokenBackend({ client, key: "s" });
    const first = await store.lock(300);
    expect(first).toBeDefined();
    expect(await store.lock(300)).toBeUndefined();
    await new Promise((resolve) => setTimeout(resolve, 400)); // the holder "died": the TTL frees the lock
    const second = await store.lock(10_000);
    expect(second).toBeDefined();
    await first!.release(); // a stale holder's release must not free the lock that passed to another
    expect(await store.lock(10_000)).toBeUndefined();
    await second!.release();
    expect(await store.lock(10_000)).toBeDefined();
  });

  it("a lock SET that timed out in a stall is undone when Redis resumes: nobody is left waiting on it", async () => {
    const store = createRedisTokenBackend({ client, key: "stall", commandTimeoutMs: 200 });
    server.pause(); // SIGSTOP: the SET sits in the socket and runs on resume
    await expect(store.lock(10_000)).rejects.toBeInstanceOf(TokenStoreError);
    server.resume();
    const resumed = Date.now();
    const lock = await store.lock(10_000); // the orphan SET ran, and its release right after it
    expect(lock).toBeDefined();
    expect(Date.now() - resumed).toBeLessThan(1_000);
    await lock!.release();
    expect(await client.pTTL("ns-api-jwt:{stall}:lock")).toBe(-2);
  });

  it("a renewal lock whose release went unanswered is released again, not left for its 10 s TTL", async () => {
    const mock = createMockServer();
    const real = createRedisTokenBackend({ client, key: "lost-release" });
    // The first release fails without reaching Redis, as one lost with its connection (a failover) does.
    let lost = 0;
    const losing = {
      ...real,
      lock: async (ttlMs: number) => {
        const lock = await real.lock(ttlMs);
        return lock && { release: () => (lost++ === 0 ? Promise.reject(new TokenStoreError("The connection closed.")) : lock.release()) };
      },
    };
    const auth = new NsAuth({ baseUrl: BASE, ...DEFAULT_CLIENT, fetch: mock.fetch, store: sharedTokenStore(losing) });
    await auth.login(USER);
    await auth.refresh();
    expect(lost).toBe(1);
    expect(await client.pTTL("ns-api-jwt:{lost-release}:lock")).toBeGreaterThan(9_000); // still held
    const failed = Date.now();
    while ((await client.pTTL("ns-api-jwt:{lost-release}:lock")) !== -2) {
      expect(Date.now() - failed).toBeLessThan(1_000);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(lost).toBe(2);
  });

  it("a release that never gets an answer is sent again only while the lock's TTL runs", async () => {
    const mock = createMockServer();
    const real = createRedisTokenBackend({ client, key: "no-release" });
    let releases = 0;
    const failing = { ...real, lock: async (ttlMs: number) => (await real.lock(ttlMs)) && { release: () => (releases++, Promise.reject(new TokenStoreError("The connection closed."))) } };
    const auth = new NsAuth({ baseUrl: BASE, ...DEFAULT_CLIENT, fetch: mock.fetch, store: sharedTokenStore(failing, { lockTtlMs: 300 }) });
    await auth.login(USER);
    await auth.refresh();
    await new Promise((resolve) => setTimeout(resolve, 800));
    const sent = releases;
    expect(sent).toBeGreaterThan(1);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(releases).toBe(sent); // given up once the TTL passed: the lock has expired by itself
    expect(await client.pTTL("ns-api-jwt:{no-release}:lock")).toBe(-2);
  });

  it("a renewal whose compare-and-set went unanswered keeps its new pair, and Redis gets it when it answers again", async () => {
    const mock = createMockServer({ revokeFamilyOnRefreshReuse: true });
    const real = createRedisTokenBackend({ client, key: "lost-write", commandTimeoutMs: 300 });
    // The stall starts as the renewed pair is written (SIGSTOP), and ends 1 s later, past the 300 ms timeout.
    const stalling = { ...real, replace: (expected: never, next: never) => (server.pause(), setTimeout(() => server.resume(), 1_000), real.replace(expected, next)) };
    const auth = new NsAuth({ baseUrl: BASE, ...DEFAULT_CLIENT, fetch: mock.fetch, store: sharedTokenStore(stalling) });
    await auth.login(USER);
    const before = await real.get();
    const renewed = await auth.refresh(); // the refresh JWT is spent: the call keeps the new pair
    expect(renewed).toBeDefined();
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const stored = await real.get();
    expect(stored).not.toEqual(before);
    expect(stored?.token).toBe(auth.decodeClaims() && (await auth.accessToken()));
    const other = new NsAuth({ baseUrl: BASE, fetch: mock.fetch, store: createRedisTokenStore({ client, key: "lost-write" }) });
    await expect(other.claims()).resolves.toBeDefined();
    await other.refresh();
    expect(mock.refreshReuseRejections).toBe(0);
  });

  it("a stored pair expires with its refresh JWT (its lifetime, exp − iat), on a login and on a renewal", async () => {
    const store = createRedisTokenBackend({ client, key: "ttl" });
    const iat = Math.floor(Date.now() / 1000) - 5_000; // the lifetime counts, not the clock: a skewed clock does not cut it short
    const login = { token: fakeJwt({ iat, exp: iat + 60 }), refresh: fakeJwt({ iat, exp: iat + 7_200 }) };
    await store.set(login);
    const ttl = await client.pTTL("ns-api-jwt:{ttl}:tokens");
    expect(ttl).toBeGreaterThan(7_190_000);
    expect(ttl).toBeLessThanOrEqual(7_200_000);
    const renewed = { token: fakeJwt({ iat, exp: iat + 60 }), refresh: fakeJwt({ iat, exp: iat + 600 }) };
    expect(await store.replace(login, renewed)).toBe(true);
    expect(await client.pTTL("ns-api-jwt:{ttl}:tokens")).toBeLessThanOrEqual(600_000);
    await store.set({ token: fakeJwt({}) }); // no exp anywhere: kept until cleared
    expect(await client.pTTL("ns-api-jwt:{ttl}:tokens")).toBe(-1);
  });

  it("compare-and-set fences a stale holder: replace and remove act only on the pair they expect", async () => {
    const store = createRedisTokenBackend({ client, key: "s" });
    const [old, mine, theirs] = [pair(), pair(), pair()];
    await store.set(old);
    expect(await store.replace(old, theirs)).toBe(true);
    expect(await store.replace(old, mine)).toBe(false); // renewed from a pair that is gone: refused
    expect(await store.get()).toEqual(theirs);
    expect(await store.remove(old)).toBe(false);
    expect(await store.get()).toEqual(theirs);
    expect(await store.remove(theirs)).toBe(true);
    expect(await store.get()).toBeUndefined();
  });

  it("with an encryptionKey the raw Redis value holds no token; another key cannot read it", async () => {
    const key = crypto.getRandomValues(new Uint8Array(32));
    const store = createRedisTokenBackend({ client, key: "enc", encryptionKey: key });
    const tokens = pair();
    await store.set(tokens);
    expect(await store.get()).toEqual(tokens);
    const raw = JSON.stringify(await client.hGetAll("ns-api-jwt:{enc}:tokens"));
    for (const secret of [tokens.token, tokens.refresh, ...tokens.token.split("."), ...tokens.refresh.split(".")]) expect(raw).not.toContain(secret);
    expect(raw).toContain("aesgcm1.");
    const otherKey = createRedisTokenBackend({ client, key: "enc", encryptionKey: crypto.getRandomValues(new Uint8Array(32)) });
    await expect(otherKey.get()).rejects.toBeInstanceOf(TokenStoreError);
    await expect(createRedisTokenBackend({ client, key: "enc" }).get()).rejects.toThrow(/encrypted/);
    // The same ciphertext under another session's key does not decrypt (the key name is authenticated).
    await client.rename("ns-api-jwt:{enc}:tokens", "ns-api-jwt:{enc2}:tokens");
    await expect(createRedisTokenBackend({ client, key: "enc2", encryptionKey: key }).get()).rejects.toBeInstanceOf(TokenStoreError);
    expect(() => createRedisTokenBackend({ client, key: "k", encryptionKey: new Uint8Array(31) })).toThrow(ValidationError);
  });

  it("a new NsAuth given only the store finds the session and uses it; a renewal reaches the others", async () => {
    const mock = createMockServer({ revokeFamilyOnRefreshReuse: true });
    const store = createRedisTokenStore({ client, key: "shared" });
    const first = new NsAuth({ baseUrl: BASE, ...DEFAULT_CLIENT, fetch: mock.fetch, store });
    await first.login(USER);
    const other = createRedisTokenStore({ client: await connect(), key: "shared" });
    const second = new NsAuth({ baseUrl: BASE, fetch: mock.fetch, store: other });
    expect(second.isAuthenticated).toBe(false); // not read yet: the first call loads it
    await expect(second.claims()).resolves.toMatchObject({ sub: "1000@example.com" });
    expect(second.isAuthenticated).toBe(true);

    await second.refresh(); // renewed by one: the other, refused with its old token, takes the new pair
    await expect(first.claims()).resolves.toMatchObject({ sub: "1000@example.com" });
    expect(mock.count("POST /jwt")).toBe(2); // the login and the one refresh
    expect(mock.refreshReuseRejections).toBe(0);
  });

  it("Redis unreachable: a valid cached token goes on; a call that needs the store fails typed, within the timeout", async () => {
    const mock = createMockServer();
    const store = createRedisTokenStore({ client, key: "down", commandTimeoutMs: 300 });
    const auth = new NsAuth({ baseUrl: BASE, ...DEFAULT_CLIENT, fetch: mock.fetch, store });
    await auth.login(USER);
    server.pause(); // SIGSTOP: connections stay open and nothing answers
    await expect(auth.claims()).resolves.toMatchObject({ sub: "1000@example.com" });
    const started = Date.now();
    await expect(auth.refresh({ timeoutMs: 5_000 })).rejects.toBeInstanceOf(TokenStoreError);
    expect(Date.now() - started).toBeLessThan(5_000);
    // Another process: no copy of the tokens yet, so its first call needs Redis.
    const fresh = new NsAuth({ baseUrl: BASE, fetch: mock.fetch, store: createRedisTokenStore({ client, key: "down", commandTimeoutMs: 300 }) });
    await expect(fresh.claims()).rejects.toBeInstanceOf(TokenStoreError);
    await expect(fresh.claims({ timeoutMs: 100 })).rejects.toMatchObject({ name: "TimeoutError" });
    server.resume();
    await expect(fresh.claims()).resolves.toMatchObject({ sub: "1000@example.com" });
  });

  it("Redis restarted without persistence: cached tokens go on; the next renewal finds no session and says so", async () => {
    const mock = createMockServer();
    const store = createRedisTokenStore({ client: await connect(), key: "restart", commandTimeoutMs: 300 });
    const auth = new NsAuth({ baseUrl: BASE, ...DEFAULT_CLIENT, fetch: mock.fetch, store });
    await auth.login(USER);
    await server.restart(); // --save "": the restarted server is empty
    await expect(auth.claims()).resolves.toBeDefined(); // cached token
    await expect(auth.refresh()).rejects.toBeInstanceOf(SessionExpiredError); // the store lost the session
  });
}, true);
