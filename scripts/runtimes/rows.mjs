// The matrix's rows: each runtime, how its program is started, and which mock (CORS settings) it talks to.
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { CHROMIUM, FIREFOX, runChromium, runFirefox, startPageServer } from "./browsers.mjs";
import { outcomeOf, run, startMock } from "./processes.mjs";

const version = (binary, args = ["--version"]) => execFileSync(binary, args, { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();

/** A mock that allows no origin at all: the same-origin rows prove the proxy needs no CORS. */
const NO_CORS = { cors: { origins: [] } };
/** The strictest server a browser app can still work with: exactly the two headers the flows need. */
const STRICT_CORS = { cors: { allowHeaders: ["Authorization", "Content-Type"] } };

export function matrixRows(root, app, tools) {
  const program = join(app, "js/main.js");
  const node20 = tools.node["20"];
  const cli = (binary, args) => async (config) => outcomeOf(await run(binary, [...args, JSON.stringify(config)], { cwd: app }));
  const rows = [];

  for (const [major, binary] of Object.entries(tools.node)) {
    rows.push({ runtime: `Node ${major === "latest" ? "newest" : major}`, version: version(binary).replace(/^v/, ""), run: cli(binary, [program]) });
  }
  rows.push({ runtime: "Bun", version: version(tools.bun), run: cli(tools.bun, [program]) });
  rows.push({
    runtime: "Deno",
    version: version(tools.deno).split("\n")[0].split(" ")[1],
    run: async (config) => {
      const net = new URL(config.baseUrl).host;
      const env = { DENO_DIR: join(tools.dir, "deno-dir"), DENO_NO_UPDATE_CHECK: "1", NO_COLOR: "1" };
      return outcomeOf(await run(tools.deno, ["run", "--no-prompt", "--no-lock", `--allow-net=${net}`, program, JSON.stringify(config)], { cwd: app, env }));
    },
  });
  rows.push({
    runtime: "workerd (Miniflare)",
    version: `workerd ${tools.workerd}`,
    run: cli(tools.node["22"], [join(root, "scripts/runtimes/miniflare-run.mjs"), tools.miniflare, join(app, "worker/worker.mjs")]),
  });

  rows.push({
    runtime: "Only the listed globals (node:vm)",
    version: `Node ${version(node20).replace(/^v/, "")}`,
    run: cli(node20, [join(root, "scripts/runtimes/bare-globals.mjs"), join(app, "bare/bare.js")]),
  });

  const typescript = join(app, "node_modules/typescript/bin/tsc");
  const tsVersion = version(node20, [typescript, "--version"]).replace("Version ", "");
  for (const [consumer, label] of [["ts-node16-esm", "node16, ESM"], ["ts-node16-cjs", "node16, CJS"], ["ts-bundler", "bundler"]]) {
    rows.push({
      runtime: `TypeScript ${label}`,
      version: `tsc ${tsVersion} strict, run on Node 20`,
      run: async (config) => {
        await run(node20, [typescript, "-p", join(app, consumer)], { cwd: app });
        return outcomeOf(await run(node20, [join(app, consumer, "out/main.js"), JSON.stringify(config)], { cwd: app }));
      },
    });
  }

  const chromiumVersion = version(CHROMIUM).replace(/^Chromium\s+/, "").split(" ")[0];
  const firefoxVersion = version(FIREFOX).replace(/^Mozilla Firefox\s+/, "");
  for (const [browser, browserVersion, open] of [
    ["Chromium", chromiumVersion, (url, result) => runChromium(root, url, result)],
    ["Firefox ESR", firefoxVersion, (url, result) => runFirefox(url, result)],
  ]) {
    const page = (setup) => async (config) => {
      const proxied = setup === "same-origin";
      const server = await startPageServer(app, {
        config: proxied ? { ...config, blockedBaseUrl: config.baseUrl } : config,
        proxyTo: proxied ? new URL(config.baseUrl).origin : undefined,
      });
      try {
        const { outcome } = await open(`${server.origin}/`, server.result);
        if (outcome.error !== undefined) throw new Error(outcome.error);
        return outcome;
      } finally {
        await server.close();
      }
    };
    rows.push({ runtime: `${browser}, same-origin proxy`, version: browserVersion, mock: NO_CORS, run: page("same-origin") });
    rows.push({ runtime: `${browser}, cross-origin`, version: browserVersion, run: page("cross-origin") });
    rows.push({ runtime: `${browser}, cross-origin, strict CORS`, version: browserVersion, mock: STRICT_CORS, run: page("cross-origin") });
  }
  return rows;
}

/** Runs one row against its own mock (so one row's revocations never touch another's sessions). */
export async function runRow(app, row, flows) {
  const started = Date.now();
  const mock = await startMock(app, row.mock ?? {});
  try {
    const outcome = await row.run(mock.config);
    return { runtime: row.runtime, version: row.version, seconds: (Date.now() - started) / 1000, flows: outcome };
  } catch (error) {
    const failed = { status: "fail", error: String(error.message ?? error).slice(0, 600) };
    return { runtime: row.runtime, version: row.version, seconds: (Date.now() - started) / 1000, flows: Object.fromEntries(flows.map((flow) => [flow, failed])) };
  } finally {
    await mock.stop();
  }
}
