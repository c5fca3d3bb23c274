// Our mock and Prism (mocking the same spec), each in its own process: logins/s and claims/s at
// concurrency 16, interleaved rounds, median. The load comes from wrk (Debian's package) where it is
// installed, so the load generator's own CPU does not cap the figures; otherwise from undici.request.
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { join } from "node:path";
import { Agent, request } from "undici";
import { DEFAULT_CLIENT } from "../src/mock/index.js";
import { startMockChild } from "./support/mock-child.js";
import { median } from "./support/stats.js";

const root = join(import.meta.dirname, "..");
const GRANT = JSON.stringify({ grant_type: "password", client_id: DEFAULT_CLIENT.clientId, client_secret: DEFAULT_CLIENT.clientSecret, username: "1000@example.com", password: "demo-password-1000" });

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
  return { baseUrl: `http://127.0.0.1:${port}`, stop: () => child.kill("SIGTERM") };
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

const HAS_WRK = spawnSync("wrk", ["--version"]).error === undefined;

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

export async function benchMockVsPrism(rounds = 3, seconds = 2) {
  const ours = await startMockChild();
  const prism = await startPrism();
  const dispatcher = new Agent({ connections: 32 });
  const servers = { "ns-api-jwt mock": `${ours.baseUrl}`, "Prism 5.14 mock": `${prism.baseUrl}` };
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
  const results: Record<string, number[]> = {};
  try {
    for (let round = 0; round < rounds; round++) {
      for (const [name, base] of Object.entries(servers)) {
        for (const [call, measure] of Object.entries(calls(base))) (results[`${name} ${call}`] ??= []).push(await measure());
      }
    }
  } finally {
    prism.stop();
    await ours.stop();
    await dispatcher.close();
  }
  const rows = Object.entries(results).map(([name, values]) => ({ server: name, requestsPerSecond: Math.round(median(values)) }));
  for (const call of ["login", "claims"]) {
    const mine = rows.find((r) => r.server === `ns-api-jwt mock ${call}`)?.requestsPerSecond ?? 0;
    const theirs = rows.find((r) => r.server === `Prism 5.14 mock ${call}`)?.requestsPerSecond ?? 1;
    rows.push({ server: `ratio ${call} (mock ÷ Prism)`, requestsPerSecond: +(mine / theirs).toFixed(1) });
  }
  return { loadGenerator: HAS_WRK ? "wrk" : "undici.request", rows };
}
