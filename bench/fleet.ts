// `npm run load:fleet`: K worker processes (default 4) × concurrency 16 share one session through Redis,
// against the mock over HTTP in its own process (refresh-reuse detection at its strictest), with the clock
// moved so a token expires every ADVANCE_MS × 2. One normal round, then fault rounds, each on its own:
// the lock holder SIGKILLed mid-refresh, Redis restarted, Redis unreachable for 2 s, Redis stalled (SIGSTOP)
// for 7 s across two expiries, and, for comparison, no coordination (a memory store per process). Every
// fault round gates on: 0 lost sessions, 0 reuse rejections, failures only TokenStoreError and only while
// Redis is away, and calls succeeding again within 1 s of Redis answering. Writes bench/results/fleet.json.
import { fork, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createClient } from "redis";
import { NsAuth, type SessionTokens } from "../src/index.js";
import { DEFAULT_CLIENT } from "../src/mock/index.js";
import { createRedisTokenStore } from "../src/redis/index.js";
import { hasRedisServer, startRedisServer, type RedisServer } from "../test/redis/redis-server.js";
import { startFleetMock } from "./fleet/mock-child.js";

const K = Number(process.env.FLEET_WORKERS ?? 4);
const CONCURRENCY = Number(process.env.FLEET_CONCURRENCY ?? 16);
const ROUND_MS = Number(process.env.FLEET_ROUND_MS ?? 12_000);
const ADVANCE_MS = Number(process.env.FLEET_ADVANCE_MS ?? 1_500); // half a token lifetime per step: an expiry every 2 steps
const LOCK_TTL_MS = 1_000;
const HOLD_MS = 400;
const TTL_S = 120;
const USER = { username: "1000@example.com", password: "demo-password-1000" };
const RECOVERY_MS = 1_000;
type Fault = "none" | "holder killed" | "Redis restarted" | "Redis unreachable 2 s" | "Redis stalled 7 s" | "no coordination";
const OUTAGE_MS: Partial<Record<Fault, number>> = { "Redis unreachable 2 s": 2_000, "Redis stalled 7 s": 7_000 };

if (!hasRedisServer) {
  console.error("load:fleet needs redis-server (apt-get install -y redis-server).");
  process.exit(1);
}
const persistDir = mkdtempSync(join(tmpdir(), "fleet-redis-"));
const redis = await startRedisServer({ persistIn: persistDir }); // a restart keeps the session, as in production
const mock = await startFleetMock({ MOCK_TTL_SECONDS: String(TTL_S) });
const admin = createClient({ url: redis.url });
admin.on("error", () => undefined);
await admin.connect();

interface Done {
  calls: number;
  failures: Record<string, number>;
  failedAt: number[];
  succeededAt: number[];
  latencies: number[];
  redisTrips: number;
  authenticated: boolean;
}

/** When Redis answers a PING again (the admin client reconnects by itself), in Date.now() time. */
async function answered(): Promise<number> {
  for (;;) {
    const ok = await Promise.race([admin.ping().then(() => true, () => false), new Promise<boolean>((r) => setTimeout(() => r(false), 200))]);
    if (ok) return Date.now();
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function startWorker(env: Record<string, string>): { child: ChildProcess; ready: Promise<void>; done: Promise<Done | undefined> } {
  const child = fork(fileURLToPath(new URL("./fleet/worker.ts", import.meta.url)), {
    execArgv: ["--import", "tsx"],
    env: { ...process.env, ...env },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  let ready!: () => void;
  const readyP = new Promise<void>((resolve) => (ready = resolve));
  const done = new Promise<Done | undefined>((resolve) => {
    child.on("message", (m: { event: string } & Done) => {
      if (m.event === "ready") ready();
      if (m.event === "done") resolve(m);
    });
    child.once("exit", () => resolve(undefined));
  });
  return { child, ready: readyP, done };
}

async function round(fault: Fault) {
  await admin.flushAll();
  const start = await mock.stats();
  // The session is created once, by this process; the workers find it in Redis.
  let pair: SessionTokens | undefined;
  const loginClient = await createClient({ url: redis.url }).connect();
  const store = createRedisTokenStore({ client: loginClient, key: "load-fleet" });
  const login = new NsAuth({ baseUrl: mock.baseUrl, ...DEFAULT_CLIENT, now: () => Date.now() + start.offset, ...(fault === "no coordination" ? {} : { store }) });
  login.onTokensChange((tokens) => void (pair = tokens));
  await login.login(USER);
  loginClient.destroy();
  const env = {
    FLEET_REDIS_URL: redis.url,
    FLEET_BASE_URL: mock.baseUrl,
    FLEET_CONCURRENCY: String(CONCURRENCY),
    FLEET_CLOCK_OFFSET: String(start.offset),
    FLEET_LOCK_TTL_MS: String(LOCK_TTL_MS),
    FLEET_HOLD_REFRESH_MS: fault === "holder killed" ? String(HOLD_MS) : "0",
    ...(fault === "no coordination" ? { FLEET_STORE: "memory", FLEET_PAIR: JSON.stringify(pair) } : {}),
  };
  const workers = Array.from({ length: K }, () => startWorker(env));
  await Promise.all(workers.map((w) => w.ready));
  const granted = (await mock.stats()).grants;

  let killedAt: number | undefined;
  let renewedAfterKillMs: number | undefined;
  for (const worker of workers) {
    worker.child.on("message", (m: { event: string; at: number }) => {
      if (fault === "holder killed" && m.event === "refreshing" && killedAt === undefined) {
        killedAt = Date.now();
        worker.child.kill("SIGKILL");
        for (const other of workers) if (other !== worker) other.child.send({ hold: false });
      } else if (m.event === "renewed" && killedAt !== undefined && renewedAfterKillMs === undefined) {
        renewedAfterKillMs = m.at - killedAt;
      }
    });
  }
  for (const w of workers) w.child.send({ go: true });
  const started = Date.now();
  // A long outage gets its own time on top, so that expiries follow it too.
  const steps = 2 * Math.max(1, Math.round((ROUND_MS + (OUTAGE_MS[fault] ?? 0)) / ADVANCE_MS / 2)) + 1;
  let advances = 0;
  let faultDone = fault === "none" || fault === "no coordination" || fault === "holder killed";
  let awayAt: number | undefined;
  let back: Promise<number> | undefined; // when Redis answers again
  while (advances < steps) {
    await new Promise((resolve) => setTimeout(resolve, ADVANCE_MS));
    await mock.advance((TTL_S * 1000) / 2); // the server's clock first, then the fleet's
    for (const w of workers) if (w.child.connected) w.child.send({ advanceMs: (TTL_S * 1000) / 2 });
    advances += 1;
    if (!faultDone && advances === 4) {
      // Right after an expiry (every even step): the renewal it starts meets the fault.
      faultDone = true;
      awayAt = Date.now();
      if (fault === "Redis restarted") back = redis.restart().then(answered);
      const outage = OUTAGE_MS[fault];
      if (outage !== undefined) {
        redis.pause();
        back = new Promise<void>((resolve) => setTimeout(resolve, outage)).then(() => redis.resume()).then(answered);
      }
    }
  }
  const answeredAt = await back;
  await new Promise((resolve) => setTimeout(resolve, ADVANCE_MS));
  for (const w of workers) if (w.child.connected) w.child.send({ stop: true });
  const results = (await Promise.all(workers.map((w) => w.done))).filter((r): r is Done => r !== undefined);
  const end = await mock.stats();
  const latencies = results.flatMap((r) => r.latencies).sort((a, b) => a - b);
  const pct = (p: number) => +(latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? 0).toFixed(2);
  const calls = results.reduce((n, r) => n + r.calls, 0);
  const failures: Record<string, number> = {};
  for (const r of results) for (const [name, n] of Object.entries(r.failures)) failures[name] = (failures[name] ?? 0) + n;
  const stored = fault === "no coordination" ? undefined : await admin.hGet("ns-api-jwt:{load-fleet}:tokens", "data");
  const failedAt = results.flatMap((r) => r.failedAt);
  // Recovery: from Redis answering, how long until the last failure, and until each worker's first success.
  const recoveryMs =
    answeredAt === undefined
      ? undefined
      : Math.max(0, ...failedAt.map((at) => at - answeredAt), ...results.map((r) => (r.succeededAt.find((at) => at >= answeredAt) ?? Infinity) - answeredAt));
  return {
    fault,
    workers: K,
    concurrency: CONCURRENCY,
    calls,
    failedCalls: Object.values(failures).reduce((a, b) => a + b, 0),
    failures,
    expiries: Math.floor(advances / 2),
    refreshRequests: end.grants - granted,
    reuseRejections: end.reuseRejections - start.reuseRejections,
    redisTripsPerCall: +(results.reduce((n, r) => n + r.redisTrips, 0) / Math.max(1, calls)).toFixed(5),
    latencyMs: { p50: pct(50), p99: pct(99) },
    workersReporting: results.length,
    lostSessions: results.filter((r) => !r.authenticated).length + (fault !== "no coordination" && stored === null ? 1 : 0),
    ...(fault === "holder killed" ? { lockTtlMs: LOCK_TTL_MS, renewedAfterKillMs } : {}),
    ...(answeredAt === undefined || awayAt === undefined
      ? {}
      : {
          redisAwayMs: answeredAt - awayAt,
          recoveryMs,
          failuresOutsideOutage: failedAt.filter((at) => at < awayAt || at > answeredAt + RECOVERY_MS).length,
          failuresOtherThanTokenStoreError: Object.entries(failures).reduce((n, [name, count]) => n + (name.startsWith("TokenStoreError:") ? 0 : count), 0),
        }),
  };
}

const rounds = [];
try {
  const all: Fault[] = ["none", "holder killed", "Redis restarted", "Redis unreachable 2 s", "Redis stalled 7 s", "no coordination"];
  for (const fault of all.filter((f) => !process.env.FLEET_ROUNDS || process.env.FLEET_ROUNDS.split(",").includes(f))) {
    rounds.push(await round(fault));
    console.error(`load:fleet: round "${fault}" done`);
  }
} finally {
  admin.destroy();
  await mock.stop();
  await redis.stop();
  rmSync(persistDir, { recursive: true, force: true });
}

const table = Object.fromEntries(
  rounds.map((r) => [
    r.fault,
    {
      calls: r.calls,
      "failed calls": r.failedCalls,
      expiries: r.expiries,
      "refresh requests": r.refreshRequests,
      "reuse rejections": r.reuseRejections,
      "Redis trips/call": r.redisTripsPerCall,
      "p50 ms": r.latencyMs.p50,
      "p99 ms": r.latencyMs.p99,
      "lost sessions": r.lostSessions,
      "recovery ms": "recoveryMs" in r ? r.recoveryMs : "",
    },
  ]),
);
console.table(table);
const normal = rounds.find((r) => r.fault === "none");
const killed = rounds.find((r) => r.fault === "holder killed");
const targets: Record<string, boolean> = {};
if (normal !== undefined) {
  targets["no faults: 0 failed calls"] = normal.failedCalls === 0;
  targets["no faults: 0 reuse rejections"] = normal.reuseRejections === 0;
  targets["no faults: refresh requests = expiries"] = normal.refreshRequests === normal.expiries;
  targets["no faults: Redis trips per call ≤ 0.01"] = normal.redisTripsPerCall <= 0.01;
}
if (killed !== undefined) {
  targets["holder killed: 0 lost sessions, 0 reuse rejections"] = killed.lostSessions === 0 && killed.reuseRejections === 0;
  // One request: the new holder's refresh, with its way there (the hold is lifted once the holder is killed).
  targets["holder killed: renewed within lock TTL + one request"] = (killed.renewedAfterKillMs ?? Infinity) <= LOCK_TTL_MS + 250;
  targets["holder killed: 0 failed calls"] = killed.failedCalls === 0;
}
for (const r of rounds.filter((r) => r.fault.startsWith("Redis "))) {
  targets[`${r.fault}: 0 lost sessions, 0 reuse rejections`] = r.lostSessions === 0 && r.reuseRejections === 0;
  targets[`${r.fault}: failures only TokenStoreError, only while Redis is away`] = r.failuresOtherThanTokenStoreError === 0 && r.failuresOutsideOutage === 0;
  targets[`${r.fault}: calls succeed within ${RECOVERY_MS} ms of Redis answering`] = (r.recoveryMs ?? Infinity) <= RECOVERY_MS;
}
console.table(targets);
mkdirSync("bench/results", { recursive: true });
writeFileSync("bench/results/fleet.json", `${JSON.stringify({ node: process.version, roundMs: ROUND_MS, advanceMs: ADVANCE_MS, rounds, targets }, null, 2)}\n`);
const missed = Object.entries(targets).filter(([, met]) => !met);
if (missed.length > 0) {
  console.error(`LOAD:FLEET FAILED: ${missed.map(([name]) => name).join("; ")}`);
  process.exit(1);
}
console.log("load:fleet: targets met");
