// Our mock and Prism (mocking the same spec), each in its own process: logins/s and claims/s at
// concurrency 16, interleaved rounds, median. The load comes from wrk (Debian's package) where it is
// installed, so the load generator's own CPU does not cap the figures; otherwise from undici.request.
// Beside the rate, each server's own CPU time (from /proc, user + system) gives requests per CPU-second,
// which shows whether a server was the bottleneck: on a small machine the load generator and the kernel's
// loopback share the cores with it. A bare node:http server answering a fixed body is the floor row.
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { join } from "node:path";
import { Agent, request } from "undici";
import { GRANT as PASSWORD_GRANT } from "./support/fixtures.js";
import { startMockChild } from "./support/mock-child.js";
import { median } from "./support/stats.js";

const root = join(import.meta.dirname, "..");
const GRANT = JSON.stringify(PASSWORD_GRANT);

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function startPrism() {
  const port = await freePort();
  const cli = createRequire(import.meta.url).resolve("@stoplight/prism-cli/dist/index.js");
  const child = spawn(process.execPath, [cli, "mock", "-h", "127.0.0.1", "-p", String(port), join(root, "openapi", "ns-api-jwt.yaml")], { stdio: ["ignore", "pipe", "pipe"] });
  await new Promise<void>((resolve) => {
    const onData = (chunk: Buffer) => String(chunk).includes("Prism is listening") && resolve();
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
  });
  return { baseUrl: `http://127.0.0.1:${port}`, pid: child.pid, stop: () => child.kill("SIGTERM") };
}

async function rate(call: () => Promise<unknown>, seconds: number, concurrency = 16): Promise<number> {
  let done = 0;
  const until = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < until) {
        await call();
        done += 1;
      }
    }),
  );
  return done / seconds;
}

/**
 * The floor under any Node mock on this machine: node:http answering every request with a fixed 200
 * JSON body, without reading or checking anything. What our mock does per request is the gap to it.
 */
async function startFloor() {
  const port = await freePort();
  const body = JSON.stringify({ token: "x".repeat(400), refresh: "y".repeat(300) });
  const script = `require("node:http").createServer((q,r)=>{q.resume();q.on("end",()=>{r.writeHead(200,{"Content-Type":"application/json","Content-Length":${body.length}});r.end(${JSON.stringify(body)})})}).listen(${port},"127.0.0.1",()=>console.log("up"))`;
  const child = spawn(process.execPath, ["-e", script], { stdio: ["ignore", "pipe", "inherit"] });
  await new Promise<void>((resolve) => child.stdout.once("data", () => resolve()));
  return { baseUrl: `http://127.0.0.1:${port}`, pid: child.pid, stop: () => child.kill("SIGTERM") };
}

const HAS_WRK = spawnSync("wrk", ["--version"]).error === undefined;
const CLOCK_TICKS_PER_SECOND = Number(spawnSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).stdout) || 100;

/** CPU seconds (user + system, all threads) a process has used so far; undefined without /proc. */
function cpuSeconds(pid: number | undefined): number | undefined {
  try {
    // The command name (field 2) may hold spaces; the fields after its closing parenthesis do not.
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

/** Runs a load for `seconds` and measures requests/s and requests per CPU-second of the server process. */
async function measured(pid: number | undefined, seconds: number, load: () => Promise<number>) {
  const before = cpuSeconds(pid);
  const rate = await load();
  const after = cpuSeconds(pid);
  const cpu = before === undefined || after === undefined ? undefined : after - before;
  return { rate, perCpuSecond: cpu ? (rate * seconds) / cpu : NaN };
}

/** wrk at 16 connections for `seconds`: requests per second (non-2xx answers make it throw). */
function wrk(url: string, seconds: number, options: { token?: string; body?: string }): number {
  const args = ["-t1", "-c16", `-d${seconds}s`];
  if (options.token) args.push("-H", `Authorization: Bearer ${options.token}`);
  if (options.body) {
    const script = `${mkdtempSync(join(tmpdir(), "wrk-"))}/post.lua`;
    writeFileSync(script, `wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\nwrk.body = ${JSON.stringify(options.body)}\n`);
    args.push("-s", script);
  }
  const output = spawnSync("wrk", [...args, url], { encoding: "utf8" }).stdout;
  if (/Non-2xx/.test(output)) throw new Error(`wrk saw non-2xx answers from ${url}`);
  return Number(/Requests\/sec:\s+([\d.]+)/.exec(output)?.[1] ?? NaN);
}

export async function benchMockVsPrism(rounds = 5, seconds = 2, options: { prism?: boolean } = {}) {
  const ours = await startMockChild();
  const prism = options.prism === false ? undefined : await startPrism();
  const floor = await startFloor();
  const dispatcher = new Agent({ connections: 32 });
  const servers = { "ns-api-jwt mock": ours, ...(prism === undefined ? {} : { "Prism 5.14 mock": prism }), "node:http floor (fixed body)": floor };
  const token = ((await (await request(`${ours.baseUrl}/jwt`, { method: "POST", headers: { "content-type": "application/json" }, body: GRANT, dispatcher })).body.json()) as { token: string }).token;
  const calls = (base: string) => ({
    login: async () => (HAS_WRK ? wrk(`${base}/jwt`, seconds, { body: GRANT }) : rate(undiciLogin(base), seconds)),
    claims: async () => (HAS_WRK ? wrk(`${base}/jwt`, seconds, { token }) : rate(undiciClaims(base), seconds)),
  });
  const undiciLogin = (base: string) => async () => {
    const response = await request(`${base}/jwt`, { method: "POST", headers: { "content-type": "application/json" }, body: GRANT, dispatcher });
    if (response.statusCode !== 200) throw new Error(`login answered ${response.statusCode}`);
    await response.body.dump();
  };
  const undiciClaims = (base: string) => async () => {
    const response = await request(`${base}/jwt`, { headers: { authorization: `Bearer ${token}` }, dispatcher });
    if (response.statusCode !== 200) throw new Error(`claims answered ${response.statusCode}`);
    await response.body.dump();
  };
  const results: Record<string, { rate: number[]; perCpuSecond: number[] }> = {};
  try {
    for (let round = 0; round < rounds; round++) {
      for (const [name, server] of Object.entries(servers)) {
        for (const [call, load] of Object.entries(calls(server.baseUrl))) {
          const { rate, perCpuSecond } = await measured(server.pid, seconds, load);
          const entry = (results[`${name} ${call}`] ??= { rate: [], perCpuSecond: [] });
          entry.rate.push(rate);
          entry.perCpuSecond.push(perCpuSecond);
        }
      }
    }
  } finally {
    prism?.stop();
    floor.stop();
    await ours.stop();
    await dispatcher.close();
  }
  const rows: Array<{ server: string; requestsPerSecond: number; requestsPerServerCpuSecond: number }> = Object.entries(results).map(([name, values]) => ({
    server: name,
    requestsPerSecond: Math.round(median(values.rate)),
    requestsPerServerCpuSecond: Math.round(median(values.perCpuSecond)),
  }));
  const ratio = (label: string, call: string, over: string, under: string) => {
    const a = rows.find((r) => r.server === `${over} ${call}`);
    const b = rows.find((r) => r.server === `${under} ${call}`);
    if (a === undefined || b === undefined) return [];
    return [{
      server: `ratio ${call} (${label})`,
      requestsPerSecond: +(a.requestsPerSecond / b.requestsPerSecond).toFixed(2),
      requestsPerServerCpuSecond: +(a.requestsPerServerCpuSecond / b.requestsPerServerCpuSecond).toFixed(2),
    }];
  };
  for (const call of ["login", "claims"]) {
    rows.push(
      // The budget: logins ≥ 0.4× and claims ≥ 0.75× the floor, measured in this same run.
      ...ratio("mock ÷ floor", call, "ns-api-jwt mock", "node:http floor (fixed body)"),
      ...ratio("mock ÷ Prism", call, "ns-api-jwt mock", "Prism 5.14 mock"),
      ...ratio("floor ÷ Prism", call, "node:http floor (fixed body)", "Prism 5.14 mock"),
    );
  }
  return { loadGenerator: HAS_WRK ? "wrk" : "undici.request", rows };
}

// `node --import tsx bench/mock-vs-prism.ts [--no-prism]`: this comparison alone (`npm run bench` runs it with the rest).
if (process.argv[1] === import.meta.filename) {
  const result = await benchMockVsPrism(3, 2, { prism: !process.argv.includes("--no-prism") });
  console.log(result.loadGenerator);
  console.table(result.rows);
}
