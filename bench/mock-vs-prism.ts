// Our mock and Prism (mocking the same spec), each in its own process, beside the floor under any Node
// mock: a bare node:http server answering a fixed body. Logins/s and claims/s at concurrency 16, from wrk
// (Debian's package) where it is installed, so the load generator's own CPU does not cap the figures;
// otherwise from undici.request. Beside each rate, the server's own CPU time (from /proc, user + system)
// gives requests per CPU-second.
//
// The budget is mock ÷ floor, and on this 2-core machine the floor alone moves by a third from one
// two-second window to the next (wrk, the kernel's loopback and the server share the cores). So every
// server is warmed up first, each round runs the servers back to back, the order reversed every other
// round, and the ratio is taken within each round: its median over the rounds is the figure, with the
// range beside it.
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { join } from "node:path";
import { Agent, request } from "undici";
import { GRANT as PASSWORD_GRANT } from "./support/fixtures.js";
import { median } from "./support/stats.js";

const root = join(import.meta.dirname, "..");
const GRANT = JSON.stringify(PASSWORD_GRANT);
const MOCK = "ns-api-jwt mock";
const PRISM = "Prism 5.14 mock";
const FLOOR = "node:http floor (fixed body)";
/** The budget of the mock against the floor, per call: at least this share of the floor's rate. */
export const MOCK_BUDGET = { login: 0.4, claims: 0.75 } as const;
type Call = keyof typeof MOCK_BUDGET;
const WARM_UP_SECONDS: Record<Call, number> = { login: 8, claims: 3 };

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

interface Served {
  baseUrl: string;
  pid: number | undefined;
  stop(): unknown;
}

async function startPrism(): Promise<Served> {
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

/**
 * The mock as a person runs it: the built bin, `ns-api-jwt mock`, under plain node like the floor (the
 * same mock in a child under tsx's loader, as bench/support/mock-child.ts starts it for the other
 * benchmarks, answered ~5 % fewer claims calls).
 */
async function startMockBin(): Promise<Served> {
  const child = spawn(process.execPath, [join(root, "dist", "cli.js"), "mock"], { stdio: ["ignore", "pipe", "inherit"] });
  // Its first stdout line is the JSON with the baseUrl.
  const baseUrl = await new Promise<string>((resolve, reject) => {
    let text = "";
    child.stdout.on("data", (chunk: Buffer) => {
      text += String(chunk);
      if (text.includes("\n")) resolve((JSON.parse(text.slice(0, text.indexOf("\n"))) as { baseUrl: string }).baseUrl);
    });
    child.once("exit", (code) => reject(new Error(`ns-api-jwt mock exited with ${code} before it listened`)));
  });
  return {
    baseUrl,
    pid: child.pid,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

/**
 * The floor under any Node mock on this machine: node:http answering every request with a fixed 200
 * JSON body, without reading or checking anything. What our mock does per request is the gap to it.
 */
async function startFloor(): Promise<Served> {
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

// One wrk script per body, written once: a run calls wrk some twenty times.
const postScripts = new Map<string, string>();
function postScript(body: string): string {
  let script = postScripts.get(body);
  if (script === undefined) {
    script = `${mkdtempSync(join(tmpdir(), "wrk-"))}/post.lua`;
    writeFileSync(script, `wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\nwrk.body = ${JSON.stringify(body)}\n`);
    postScripts.set(body, script);
  }
  return script;
}

/** wrk at 16 connections for `seconds`: requests per second (non-2xx answers make it throw). */
function wrk(url: string, seconds: number, options: { token?: string; body?: string }): number {
  const args = ["-t1", "-c16", `-d${seconds}s`];
  if (options.token) args.push("-H", `Authorization: Bearer ${options.token}`);
  if (options.body) args.push("-s", postScript(options.body));
  const output = spawnSync("wrk", [...args, url], { encoding: "utf8" }).stdout;
  if (/Non-2xx/.test(output)) throw new Error(`wrk saw non-2xx answers from ${url}`);
  return Number(/Requests\/sec:\s+([\d.]+)/.exec(output)?.[1] ?? NaN);
}

/** undici.request at concurrency 16 for `seconds`: requests per second. */
async function undiciRate(send: () => Promise<{ statusCode: number; body: { dump(): Promise<void> } }>, seconds: number): Promise<number> {
  let done = 0;
  const until = performance.now() + seconds * 1000;
  const worker = async () => {
    while (performance.now() < until) {
      const response = await send();
      if (response.statusCode !== 200) throw new Error(`answered ${response.statusCode}`);
      await response.body.dump();
      done += 1;
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
  return done / seconds;
}

export interface MockVsPrismRow {
  server: string;
  requestsPerSecond: number;
  requestsPerServerCpuSecond: number;
  /** For a ratio row: the lowest and highest of the rounds' ratios. */
  range?: string;
}

export async function benchMockVsPrism(rounds = 7, seconds = 2, options: { prism?: boolean } = {}) {
  const floor = await startFloor();
  const ours = await startMockBin();
  const prism = options.prism === false ? undefined : await startPrism();
  const dispatcher = new Agent({ connections: 32 });
  const servers: Array<[string, Served]> = [[MOCK, ours], [FLOOR, floor], ...(prism === undefined ? [] : [[PRISM, prism] as [string, Served]])];
  const token = ((await (await request(`${ours.baseUrl}/jwt`, { method: "POST", headers: { "content-type": "application/json" }, body: GRANT, dispatcher })).body.json()) as { token: string }).token;
  const load = (call: Call, base: string, duration: number) => async () => {
    if (HAS_WRK) return call === "login" ? wrk(`${base}/jwt`, duration, { body: GRANT }) : wrk(`${base}/jwt`, duration, { token });
    return call === "login"
      ? undiciRate(() => request(`${base}/jwt`, { method: "POST", headers: { "content-type": "application/json" }, body: GRANT, dispatcher }), duration)
      : undiciRate(() => request(`${base}/jwt`, { headers: { authorization: `Bearer ${token}` }, dispatcher }), duration);
  };
  // samples[server][call]: one { rate, perCpuSecond } per round.
  const samples = new Map<string, Record<Call, Array<{ rate: number; perCpuSecond: number }>>>(servers.map(([name]) => [name, { login: [], claims: [] }]));
  try {
    // Not counted: a server's first seconds under load run before V8 has optimized its path and sized its
    // young generation (the mock's login rate climbs for ~10 s, from ~0.65 of its settled rate).
    for (const [, server] of servers) for (const call of ["login", "claims"] as const) await load(call, server.baseUrl, WARM_UP_SECONDS[call])();
    for (let round = 0; round < rounds; round++) {
      const order = round % 2 === 0 ? servers : [...servers].reverse();
      for (const call of ["login", "claims"] as const) {
        for (const [name, server] of order) samples.get(name)![call].push(await measured(server.pid, seconds, load(call, server.baseUrl, seconds)));
      }
    }
  } finally {
    prism?.stop();
    floor.stop();
    await ours.stop();
    await dispatcher.close();
  }
  const rows: MockVsPrismRow[] = [];
  for (const [name] of servers) {
    for (const call of ["login", "claims"] as const) {
      const taken = samples.get(name)![call];
      rows.push({
        server: `${name} ${call}`,
        requestsPerSecond: Math.round(median(taken.map((s) => s.rate))),
        requestsPerServerCpuSecond: Math.round(median(taken.map((s) => s.perCpuSecond))),
      });
    }
  }
  const ratios = (over: string, under: string, call: Call) => {
    const a = samples.get(over)?.[call];
    const b = samples.get(under)?.[call];
    if (a === undefined || b === undefined) return undefined;
    const rates = a.map((s, i) => s.rate / b[i]!.rate);
    return { rate: median(rates), perCpuSecond: median(a.map((s, i) => s.perCpuSecond / b[i]!.perCpuSecond)), low: Math.min(...rates), high: Math.max(...rates) };
  };
  const budget: Array<{ call: Call; ratio: number; low: number; high: number; atLeast: number; met: boolean }> = [];
  for (const call of ["login", "claims"] as const) {
    for (const [label, over, under] of [["mock ÷ floor", MOCK, FLOOR], ["mock ÷ Prism", MOCK, PRISM], ["floor ÷ Prism", FLOOR, PRISM]] as const) {
      const ratio = ratios(over, under, call);
      if (ratio === undefined) continue;
      rows.push({
        server: `ratio ${call} (${label})`,
        requestsPerSecond: +ratio.rate.toFixed(2),
        requestsPerServerCpuSecond: +ratio.perCpuSecond.toFixed(2),
        range: `${ratio.low.toFixed(2)}–${ratio.high.toFixed(2)}`,
      });
      if (under === FLOOR) budget.push({ call, ratio: +ratio.rate.toFixed(2), low: ratio.low, high: ratio.high, atLeast: MOCK_BUDGET[call], met: ratio.rate >= MOCK_BUDGET[call] });
    }
  }
  return { loadGenerator: HAS_WRK ? "wrk" : "undici.request", rows, budget };
}

/** One line per call: the median ratio against its budget. */
export function budgetLines(budget: Awaited<ReturnType<typeof benchMockVsPrism>>["budget"]): string[] {
  return budget.map(({ call, ratio, low, high, atLeast, met }) =>
    `budget ${call}: mock ÷ floor ${ratio}× (rounds ${low.toFixed(2)}–${high.toFixed(2)}), at least ${atLeast}×: ${met ? "met" : "NOT MET"}`,
  );
}

// `node --import tsx bench/mock-vs-prism.ts [--no-prism] [--rounds N]`: this comparison alone (`npm run bench`
// runs it with the rest); exits 1 when the mock misses its budget.
if (process.argv[1] === import.meta.filename) {
  const roundsAt = process.argv.indexOf("--rounds");
  const rounds = roundsAt === -1 ? 7 : Number(process.argv[roundsAt + 1]);
  const result = await benchMockVsPrism(rounds, 2, { prism: !process.argv.includes("--no-prism") });
  console.log(`load generator: ${result.loadGenerator}`);
  console.table(result.rows);
  for (const line of budgetLines(result.budget)) console.log(line);
  if (result.budget.some((b) => !b.met)) process.exitCode = 1;
}
