// ns-api-jwt/redis on a real Redis Cluster (3 masters + 3 replicas on loopback, started here): node-redis
// createCluster() and ioredis Cluster, each passed as it is, share one session; a master failover of the
// session's slot during a run loses nothing. `npm run test:cluster` (not in `npm test`: the cluster takes time).
import { afterAll, beforeAll, expect, it } from "@jest/globals";
import { Cluster } from "ioredis";
import { createCluster } from "redis";
import { NsAuth } from "../../src/index.js";
import { createMockServer, DEFAULT_CLIENT } from "../../src/mock/index.js";
import { createRedisTokenBackend, createRedisTokenStore, type RedisCommandClient } from "../../src/redis/index.js";
import { describeWithRedis } from "../redis/describe-with-redis.js";
import { ownersOf, startRedisCluster, type RedisCluster } from "../redis/redis-cluster.js";
import { fakeJwt } from "../support/tokens.js";

const BASE = "https://pbx.example.com/ns-api/v2";
const USER = { username: "1000@example.com", password: "demo-password-1000" };
const TTL_S = 120;
const CONCURRENCY = 8;

describeWithRedis("createRedisTokenStore on a real Redis Cluster", () => {
  let cluster: RedisCluster;
  const closers: Array<() => unknown> = [];
  const nodeRedis = async () => {
    const client = createCluster({ rootNodes: cluster.ports.map((port) => ({ url: `redis://127.0.0.1:${port}` })) });
    client.on("error", () => undefined);
    await client.connect();
    closers.push(() => client.destroy());
    return client;
  };
  const ioRedis = async () => {
    const client = new Cluster(cluster.ports.map((port) => ({ host: "127.0.0.1", port })), { lazyConnect: true });
    client.on("error", () => undefined);
    await client.connect();
    closers.push(() => client.disconnect());
    return client;
  };
  beforeAll(async () => void (cluster = await startRedisCluster()), 60_000);
  afterAll(async () => {
    for (const close of closers) close();
    await cluster?.stop();
  });

  it.each([
    ["node-redis createCluster()", nodeRedis],
    ["ioredis Cluster", ioRedis],
  ])("%s as it is: set, get, lock, compare-and-set, a TTL on the pair", async (_name, connect) => {
    const client: RedisCommandClient = await connect(); // type-checked: no adapter
    const key = `as-is-${_name.length}`;
    const store = createRedisTokenBackend({ client, key });
    const iat = Math.floor(Date.now() / 1000);
    const [a, b] = [0, 1].map(() => ({ token: fakeJwt({ iat, exp: iat + 60 }), refresh: fakeJwt({ iat, exp: iat + 3_600 }) })) as [never, never];
    await store.set(a);
    expect(await store.get()).toEqual(a);
    const lock = await store.lock(5_000);
    expect(lock).toBeDefined();
    expect(await store.lock(5_000)).toBeUndefined();
    expect(await store.replace(a, b)).toBe(true);
    expect(await store.replace(a, b)).toBe(false);
    await lock!.release();
    expect(await store.lock(5_000)).toBeDefined();
    const { master } = ownersOf(cluster, `ns-api-jwt:{${key}}:tokens`);
    const ttl = Number(cluster.cli(master, "PTTL", `ns-api-jwt:{${key}}:tokens`).trim());
    expect(ttl).toBeGreaterThan(3_500_000);
    await store.clear();
    expect(await store.get()).toBeUndefined();
  });

  it("a fleet (2 node-redis + 2 ioredis) through a master failover of the session's slot: 0 failed calls, 0 lost sessions, one refresh per expiry", async () => {
    let now = Date.now();
    const mock = createMockServer({ now: () => now, tokenTtlSeconds: TTL_S, revokeFamilyOnRefreshReuse: true });
    let refreshes = 0;
    const fetch = async (input: Request | string | URL, init?: RequestInit) => {
      const request = new Request(input, init);
      if (request.method === "POST" && "refresh" in JSON.parse(await request.clone().text())) refreshes += 1;
      return mock.fetch(request);
    };
    const clients = [await nodeRedis(), await nodeRedis(), await ioRedis(), await ioRedis()];
    // A manual failover pauses writes on the old master until clients learn the new one: ~3.2 s here (both
    // clients, measured), so the command timeout is above it and the calls wait instead of failing.
    const store = (client: RedisCommandClient) => createRedisTokenStore({ client, key: "fleet", commandTimeoutMs: 6_000 });
    const fleet = clients.map((client) => new NsAuth({ baseUrl: BASE, ...DEFAULT_CLIENT, fetch, now: () => now, clockSkewMs: 10_000, store: store(client) }));
    await fleet[0]!.login(USER);
    const { master, replica } = ownersOf(cluster, "ns-api-jwt:{fleet}:tokens");

    let failed = 0;
    const errors = new Set<string>();
    let calls = 0;
    let running = true;
    const callers = fleet.flatMap((auth) =>
      Array.from({ length: CONCURRENCY }, async () => {
        while (running) {
          await auth.claims().then(() => void (calls += 1), (error: Error) => void ((failed += 1), errors.add(`${fleet.indexOf(auth)} ${error.name}: ${error.message}`)));
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
      }),
    );
    const expiries = 8;
    // How long one expiry may take to be renewed: the failover's write pause (~3.2 s) and, at worst, a lock
    // whose release it lost (its 10 s TTL) fit inside. An expiry not renewed by then ends the loop, and the
    // assertions below say why, rather than every later expiry waiting to its end (some runs here find the
    // session gone from the new master right after the failover: every call then says "No session").
    const RENEWAL_WAIT_MS = 20_000;
    let slowest = 0;
    for (let i = 1; i <= expiries; i++) {
      await new Promise((resolve) => setTimeout(resolve, 300));
      now += TTL_S * 1000; // every token expires: the fleet renews, through the cluster
      if (i === 3) cluster.cli(replica, "CLUSTER", "FAILOVER"); // the replica takes the slot over, mid-renewal
      const started = Date.now();
      while (refreshes < i && Date.now() - started < RENEWAL_WAIT_MS) await new Promise((resolve) => setTimeout(resolve, 10)); // the next expiry after this one's renewal
      slowest = Math.max(slowest, Date.now() - started);
      if (refreshes < i) break;
    }
    process.stdout.write(`cluster fleet: ${calls} calls, slowest renewal ${slowest} ms (the failover's)\n`);
    await new Promise((resolve) => setTimeout(resolve, 400));
    running = false;
    await Promise.all(callers);

    expect([...errors]).toEqual([]);
    expect(cluster.cli(replica, "ROLE").startsWith("master")).toBe(true); // the failover did happen
    expect(cluster.cli(master, "ROLE").startsWith("slave")).toBe(true);
    expect({ failed, refreshes, reuseRejections: mock.refreshReuseRejections, lost: fleet.filter((a) => !a.isAuthenticated).length }).toEqual({
      failed: 0,
      refreshes: expiries,
      reuseRejections: 0,
      lost: 0,
    });
    expect(calls).toBeGreaterThan(500);
    expect(await createRedisTokenBackend({ client: clients[0]!, key: "fleet" }).get()).toBeDefined();
  }, 120_000);
});
