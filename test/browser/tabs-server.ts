// The browser suite's page server: serves the tab page (bundled from page/tab.ts), forwards /ns-api/v2/* to
// the mock (same origin, as README recommends), and queues commands per tab: a tab long-polls GET /next and
// POSTs what it did to /result. Also launches the Debian browsers: Chromium through playwright-core, Firefox
// ESR headless on the page itself (as scripts/runtimes/browsers.mjs does).
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "esbuild";
import { chromium } from "playwright-core";

export const CHROMIUM = "/usr/bin/chromium";
export const FIREFOX = "/usr/bin/firefox-esr";

interface Tab { commands: unknown[]; waiting?: ServerResponse | undefined; answers: Array<(value: unknown) => void> }

export interface TabsServer {
  origin: string;
  /** Sends `command` to tab `tab` (waiting for it to appear) and resolves with its answer. */
  ask<T = Record<string, unknown>>(tab: string, command: object): Promise<T>;
  close(): Promise<void>;
}

export async function startTabsServer(mockBaseUrl: string, config: object): Promise<TabsServer> {
  // From the repository root (jest and the bench both run there): this module is loaded as CJS and as ESM.
  const bundled = await build({ entryPoints: [join(process.cwd(), "test/browser/page/tab.ts")], bundle: true, format: "esm", platform: "browser", target: "es2022", write: false });
  const script = bundled.outputFiles[0]!.text;
  const tabs = new Map<string, Tab>();
  const tabOf = (id: string) => tabs.get(id) ?? (tabs.set(id, { commands: [], answers: [] }), tabs.get(id)!);
  const flush = (tab: Tab) => {
    if (tab.waiting !== undefined && tab.commands.length > 0) {
      tab.waiting.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(tab.commands.shift()));
      tab.waiting = undefined;
    }
  };
  const mock = new URL(mockBaseUrl);
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    if (url.pathname.startsWith("/ns-api/v2/")) {
      const upstream = httpRequest({ host: mock.hostname, port: mock.port, path: req.url, method: req.method, headers: { ...req.headers, host: mock.host } }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      upstream.once("error", () => res.writeHead(502).end());
      return void req.pipe(upstream);
    }
    const id = url.searchParams.get("tab") ?? "";
    if (url.pathname === "/next") {
      const tab = tabOf(id);
      tab.waiting = res;
      return flush(tab);
    }
    if (url.pathname === "/result") {
      let body = "";
      req.on("data", (chunk) => (body += chunk));
      return void req.on("end", () => (res.end("ok"), tabOf(id).answers.shift()?.(JSON.parse(body))));
    }
    if (url.pathname === "/tab.js") return void res.writeHead(200, { "content-type": "text/javascript" }).end(script);
    if (url.pathname !== "/") return void res.writeHead(404).end();
    const inline = JSON.stringify(config).replaceAll("<", "\\u003c");
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    res.end(`<!doctype html><title>tab ${id}</title><script id="config" type="application/json">${inline}</script><script type="module" src="/tab.js"></script>`);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  return {
    origin,
    ask<T>(id: string, command: object) {
      const tab = tabOf(id);
      const answer = new Promise<T>((resolve) => tab.answers.push(resolve as (value: unknown) => void));
      tab.commands.push(command);
      flush(tab);
      if (process.env.TABS_DEBUG) process.stderr.write(`ask ${id} ${JSON.stringify(command)}\n`);
      return answer;
    },
    close: () => new Promise<void>((resolve) => (server.close(() => resolve()), server.closeAllConnections())),
  };
}

/** A running browser with one page open at `url`; pages it opens with window.open are real windows. */
export interface Browser { name: string; close(): Promise<void> }

export async function openChromium(url: string): Promise<Browser> {
  const browser = await chromium.launch({ executablePath: CHROMIUM });
  const page = await (await browser.newContext()).newPage();
  await page.goto(url);
  return { name: `Chromium ${browser.version()}`, close: () => browser.close() };
}

export async function openFirefox(url: string): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), "tabs-firefox-"));
  // Quiet, as every Firefox we start (scripts/runtimes/quiet-firefox-prefs.json). The tabs open each other
  // with window.open, outside any click: no popup blocker, each in its own window (a background tab's timers
  // would be throttled to one a second).
  const prefs = {
    ...(JSON.parse(readFileSync(join(__dirname, "..", "..", "scripts", "runtimes", "quiet-firefox-prefs.json"), "utf8")) as Record<string, unknown>),
    "dom.disable_open_during_load": false,
    "dom.popup_maximum": 100,
    "browser.link.open_newwindow": 2,
    "browser.link.open_newwindow.restriction": 0,
  };
  writeFileSync(join(profile, "user.js"), Object.entries(prefs).map(([k, v]) => `user_pref(${JSON.stringify(k)}, ${JSON.stringify(v)});`).join("\n"));
  const child = spawn(FIREFOX, ["--headless", "--no-remote", "--profile", profile, url], {
    stdio: ["ignore", "ignore", "ignore"],
    detached: true,
    env: { ...process.env, MOZ_CRASHREPORTER_DISABLE: "1" },
  });
  const exited = new Promise((resolve) => child.once("exit", resolve));
  const version = await new Promise<string>((resolve) => {
    const v = spawn(FIREFOX, ["--version"], { stdio: ["ignore", "pipe", "ignore"] });
    let out = "";
    v.stdout.on("data", (chunk) => (out += chunk));
    v.once("exit", () => resolve(out.trim()));
  });
  return {
    name: version,
    async close() {
      // The browser and its content processes: the process group of the Firefox this run started.
      if (child.exitCode === null && child.pid !== undefined) {
        process.kill(-child.pid, "SIGTERM");
        await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5_000))]);
        if (child.exitCode === null) process.kill(-child.pid, "SIGKILL");
      }
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
