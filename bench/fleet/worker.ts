// One process of the fleet: an NsAuth on the shared Redis store, CONCURRENCY callers in a loop until
// told to stop. It loads the session from Redis (no login). Its clock moves when the parent says so.
// It counts its Redis round trips (every command the store sends) and reports its latencies.
import { createClient } from "redis";
import { createMemoryTokenStore, NsAuth, type SessionTokens } from "../../src/index.js";
import { createRedisTokenStore } from "../../src/redis/index.js";

const env = process.env;
const concurrency = Number(env.FLEET_CONCURRENCY ?? 16);
let holdRefreshMs = Number(env.FLEET_HOLD_REFRESH_MS ?? 0); // fault round: hold the refresh so the parent can kill us
let offset = Number(env.FLEET_CLOCK_OFFSET ?? 0);
const now = () => Date.now() + offset;

const client = createClient({ url: env.FLEET_REDIS_URL ?? "", socket: { reconnectStrategy: () => 100 } });
client.on("error", () => undefined); // a down Redis shows up as TokenStoreErrors of the calls that needed it
await client.connect();
let redisTrips = 0;
const counted = { sendCommand: (args: string[]) => (redisTrips++, client.sendCommand(args)) };
const store =
  env.FLEET_STORE === "memory"
    ? createMemoryTokenStore(JSON.parse(env.FLEET_PAIR ?? "{}") as SessionTokens) // the uncoordinated comparison
    : createRedisTokenStore({ client: counted, key: "load-fleet", lockTtlMs: Number(env.FLEET_LOCK_TTL_MS ?? 1_000) });

const send = (message: object) => process.send?.(message);
const fetch = async (input: Request | string | URL, init?: RequestInit): Promise<Response> => {
  const request = new Request(input, init);
  const isRefresh = request.method === "POST" && "refresh" in JSON.parse(await request.clone().text());
  if (!isRefresh) return globalThis.fetch(request);
  send({ event: "refreshing", at: Date.now() });
  if (holdRefreshMs > 0) await new Promise((resolve) => setTimeout(resolve, holdRefreshMs));
  const response = await globalThis.fetch(request);
  if (response.ok) send({ event: "renewed", at: Date.now() });
  return response;
};
const auth = new NsAuth({ baseUrl: env.FLEET_BASE_URL ?? "", fetch, now, clockSkewMs: 10_000, retry: false, store });

let running = true;
let calls = 0;
const failures: Record<string, number> = {};
const latencies: number[] = [];
// Wall-clock times (Date.now(), as the parent's): when each call failed, and successes thinned to one per 20 ms.
const failedAt: number[] = [];
const succeededAt: number[] = [];
async function caller(): Promise<void> {
  while (running) {
    const t0 = performance.now();
    try {
      await auth.claims();
      const at = Date.now();
      if (at - (succeededAt[succeededAt.length - 1] ?? 0) >= 20) succeededAt.push(at);
    } catch (error) {
      const name = `${(error as Error).name}: ${(error as Error).message}`;
      failures[name] = (failures[name] ?? 0) + 1;
      if (failedAt.length < 20_000) failedAt.push(Date.now());
      // A dead session fails without I/O: yield, or this loop would starve the parent's "stop" message.
      await new Promise((resolve) => setImmediate(resolve));
    }
    latencies.push(performance.now() - t0);
    calls += 1;
  }
}

process.on("message", (message: { advanceMs?: number; stop?: boolean; hold?: boolean }) => {
  if (message.advanceMs !== undefined) offset += message.advanceMs;
  if (message.hold === false) holdRefreshMs = 0;
  if (message.stop) running = false;
});
send({ event: "ready" });
await new Promise<void>((resolve) => process.once("message", () => resolve())); // "go"
await Promise.all(Array.from({ length: concurrency }, caller));
client.destroy();
// Disconnect only once the report is flushed: a disconnect right after send() can drop it.
process.send?.({ event: "done", calls, failures, failedAt, succeededAt, latencies, redisTrips, authenticated: auth.isAuthenticated }, undefined, {}, () => process.disconnect());
