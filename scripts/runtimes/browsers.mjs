// Browsers: a page server serves the bundled program and takes its outcome back (POST /result); with
// `proxy` it also forwards /ns-api/v2/* to the mock, the same-origin setup README recommends. Chromium is
// driven by playwright-core; Firefox ESR runs headless on the page, since Playwright's BiDi Firefox fails here.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { request as httpRequest, createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const CHROMIUM = "/usr/bin/chromium";
export const FIREFOX = "/usr/bin/firefox-esr";

/** Serves the page; `result` resolves with what the page POSTs back. */
export async function startPageServer(app, { config, proxyTo }) {
  const script = readFileSync(join(app, "page/page.js"));
  let report;
  const result = new Promise((resolve) => (report = resolve));
  const server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    if (proxyTo !== undefined && path.startsWith("/ns-api/v2/")) return forward(req, res, proxyTo);
    if (req.method === "POST" && path === "/result") {
      let body = "";
      req.on("data", (chunk) => (body += chunk));
      req.on("end", () => (res.end("ok"), report(JSON.parse(body))));
      return;
    }
    if (path === "/page.js") return res.writeHead(200, { "Content-Type": "text/javascript" }).end(script);
    if (path !== "/") return res.writeHead(404).end();
    const pageConfig = { ...config, baseUrl: proxyTo === undefined ? config.baseUrl : `${origin}/ns-api/v2` };
    const inline = JSON.stringify(pageConfig).replaceAll("<", "\\u003c");
    res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
    res.end(`<!doctype html><title>ns-api-jwt matrix</title><script id="matrix-config" type="application/json">${inline}</script><script type="module" src="/page.js"></script>`);
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${server.address().port}`;
  const close = () => new Promise((resolve) => (server.close(() => resolve()), server.closeAllConnections()));
  return { origin, result, close };
}

/** The reverse proxy: the request goes on to the mock as it came (method, path, headers, body), and back. */
function forward(req, res, target) {
  const url = new URL(req.url, target);
  const upstream = httpRequest(url, { method: req.method, headers: { ...req.headers, host: url.host } }, (answer) => {
    res.writeHead(answer.statusCode ?? 502, answer.headers);
    answer.pipe(res);
  });
  upstream.once("error", () => res.writeHead(502).end());
  req.pipe(upstream);
}

const withTimeout = (promise, ms, what) =>
  Promise.race([promise, new Promise((_, reject) => setTimeout(() => reject(new Error(`${what}: no result within ${ms / 1000} s`)), ms).unref())]);

/** Opens the page in Chromium; resolves with the outcome the page reported, and the browser's version. */
export async function runChromium(root, url, result) {
  const { chromium } = await import(join(root, "node_modules/playwright-core/index.mjs"));
  const browser = await chromium.launch({ executablePath: CHROMIUM });
  const problems = [];
  try {
    const page = await browser.newPage();
    page.on("pageerror", (error) => problems.push(error.message));
    page.on("console", (message) => message.type() === "error" && problems.push(message.text()));
    await page.goto(url);
    const outcome = await withTimeout(result, 60_000, `Chromium (${problems.join("; ").slice(0, 400)})`);
    return { outcome, console: problems };
  } finally {
    await browser.close();
  }
}

/**
 * A quiet Firefox profile's user.js: no first-run pages, update checks or background connections
 * (quiet-firefox-prefs.json, which the browser tab tests start from too).
 */
function firefoxUserJs() {
  const prefs = JSON.parse(readFileSync(join(import.meta.dirname, "quiet-firefox-prefs.json"), "utf8"));
  return Object.entries(prefs).map(([k, v]) => `user_pref(${JSON.stringify(k)}, ${JSON.stringify(v)});`).join("\n");
}

/** Opens the page in headless Firefox ESR with a fresh profile; the page POSTs its outcome back. */
export async function runFirefox(url, result) {
  const profile = mkdtempSync(join(tmpdir(), "matrix-firefox-"));
  writeFileSync(join(profile, "user.js"), firefoxUserJs());
  const child = spawn(FIREFOX, ["--headless", "--no-remote", "--profile", profile, url], {
    stdio: ["ignore", "ignore", "pipe"],
    detached: true,
    env: { ...process.env, MOZ_CRASHREPORTER_DISABLE: "1" },
  });
  let stderr = "";
  child.stderr.on("data", (chunk) => (stderr = (stderr + chunk).slice(-2000)));
  const exited = new Promise((resolve) => child.once("exit", resolve));
  try {
    const outcome = await withTimeout(Promise.race([result, exited.then(() => Promise.reject(new Error(`Firefox exited: ${stderr.slice(-400)}`)))]), 60_000, "Firefox");
    return { outcome, console: [] };
  } finally {
    // The browser and its content processes: the process group of the Firefox this run started.
    if (child.exitCode === null) {
      process.kill(-child.pid, "SIGTERM");
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5_000))]);
      if (child.exitCode === null) process.kill(-child.pid, "SIGKILL");
    }
    rmSync(profile, { recursive: true, force: true });
  }
}
