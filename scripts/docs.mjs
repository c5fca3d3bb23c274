#!/usr/bin/env node
// `npm run docs`: the two references, each a set of static files that needs no network, checked in headless
// Chromium (Debian `chromium`, or CHROMIUM_PATH):
//   build/docs/index.html — the HTTP API, from the published spec (Redocly build-docs, scripts inlined)
//   build/docs/api/       — the TypeScript API of every entry point (TypeDoc, typedoc.config.mjs)
// The check counts every request either page makes (none may leave the file), finds the JWT operations on
// the first screen without a click, every grant's fields and every security alternative of each operation,
// and each entry point's runtime exports in the TypeScript reference. Screenshots are kept beside the pages.
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";
import { parse, stringify } from "yaml";
import { ENTRY_POINTS, importName } from "./entry-points.mjs";
import { root } from "./generate.mjs";

const out = join(root, "build", "docs");
const page = join(out, "index.html");
const apiIndex = join(out, "api", "index.html");
const require = createRequire(import.meta.url);
mkdirSync(out, { recursive: true });
execFileSync(process.execPath, [join(root, "scripts", "bundle-spec.mjs")], { stdio: "inherit" });
const spec = parse(readFileSync(join(root, "dist", "openapi.yaml"), "utf8"));

const METHODS = ["get", "put", "post", "delete", "patch"];
const operations = Object.entries(spec.paths).flatMap(([path, item]) =>
  Object.keys(item) // in the spec's order, which is the page's
    .filter((m) => METHODS.includes(m))
    .map((method) => ({ method, path, op: item[method] })),
);
/** "no Authorization header" for an empty requirement, else the scheme names joined by "and". */
const alternativeName = (requirement) => (Object.keys(requirement).length === 0 ? "no Authorization header" : Object.keys(requirement).join(" and "));

// What the page renders from. Two presentation changes, both derived from the spec, which is otherwise as published:
// - Redoc 3 renders a tag as a group whose operations appear only after a click, and untagged operations
//   on the page itself: with one tag (JWT) the group adds nothing, so the page's copy has no tags.
// - Redoc 3 drops an empty security requirement (`{}`: no header needed), so `POST /jwt` would show only
//   `apiKeyBearer`. Each operation's alternatives are written out at the top of its description.
const pageSpec = structuredClone(spec);
delete pageSpec.tags;
for (const { path, method } of operations) {
  const op = pageSpec.paths[path][method];
  delete op.tags;
  const alternatives = (op.security ?? spec.security ?? []).map(alternativeName);
  if (alternatives.length > 0) {
    const list = alternatives.map((a) => (a === "no Authorization header" ? a : `\`${a}\``));
    op.description = `**Authorization:** ${list.length > 1 ? `any one of: ${list.join("; or ")}` : list[0]}.\n\n${op.description ?? ""}`;
  }
}
const pageSpecPath = join(out, "openapi.page.yaml");
writeFileSync(pageSpecPath, stringify(pageSpec, { lineWidth: 0 }));

const redocly = require.resolve("@redocly/cli/bin/cli.js");
execFileSync(process.execPath, [redocly, "build-docs", pageSpecPath, "--inlineBundle", "-o", page], {
  stdio: "inherit",
  env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" },
});
// Redoc's sidebar badge loads its logo from Redocly's CDN: the page carries a text wordmark instead (the
// attribution and its link stay), and a Content-Security-Policy forbids any other fetch from the file.
const wordmark = `data:image/svg+xml,${encodeURIComponent('<svg xmlns="http://www.w3.org/2000/svg" width="56" height="14"><text x="0" y="11" font-family="sans-serif" font-size="11" fill="#555">Redocly</text></svg>')}`;
// (Redoc's bundle compiles code with eval: allowed, as it fetches nothing.)
const CSP = "default-src 'none'; script-src 'unsafe-inline' 'unsafe-eval'; style-src 'unsafe-inline'; img-src data:; font-src data:; worker-src blob:";
let html = readFileSync(page, "utf8");
const logos = html.match(/https:\/\/cdn\.redoc\.ly\/redoc\/logo-mini(-full)?\.svg/g) ?? [];
html = html
  .replaceAll(/https:\/\/cdn\.redoc\.ly\/redoc\/logo-mini(-full)?\.svg/g, wordmark)
  .replace("<head>", `<head>\n  <meta http-equiv="Content-Security-Policy" content="${CSP}">`);
writeFileSync(page, html);
console.log(`docs: ${logos.length} CDN logo references replaced by an inline wordmark`);

execFileSync(process.execPath, [join(root, "node_modules", "typedoc", "bin", "typedoc"), "--options", join(root, "typedoc.config.mjs")], { stdio: "inherit", cwd: root });

const GRANT_FIELDS = {
  PasswordGrant: { shows: ["username", "client_secret"], hides: ["ns_id_type", "domain"] },
  MfaGrant: { shows: ["ns_id_type", "passcode", "access_token"], hides: ["domain"] },
  RefreshGrant: { shows: ["refresh"], hides: ["username", "ns_id_type", "domain"] },
  DelegationGrant: { shows: ["user", "domain"], hides: ["username", "ns_id_type"] },
};

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const problems = [];
let checks = 0;
const check = (ok, problem) => {
  checks += 1;
  if (!ok) problems.push(problem);
};

/** Opens a file page with every request counted: any outside the page's own folder is a failure. */
async function openCounted(file, folder) {
  const tab = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const outside = [];
  tab.on("pageerror", (error) => problems.push(`${file}: page error: ${error.message}`));
  tab.on("request", (request) => {
    if (!request.url().startsWith(pathToFileURL(folder).href)) outside.push(request.url());
  });
  // Requests that the Content-Security-Policy stops never reach the network layer: count them in the page.
  await tab.addInitScript(() => {
    globalThis.__blocked = [];
    document.addEventListener("securitypolicyviolation", (e) => globalThis.__blocked.push(e.blockedURI));
  });
  await tab.route(/^(?!file:)/, (route) => route.abort()); // counted above; aborted so nothing leaves
  await tab.goto(pathToFileURL(file).href);
  return { tab, outside };
}
const countOutside = async ({ tab, outside }, name) => {
  await tab.waitForTimeout(500);
  const blocked = await tab.evaluate(() => globalThis.__blocked);
  check(outside.length === 0 && blocked.length === 0, `${name} made ${outside.length + blocked.length} request(s) outside the file: ${[...outside, ...blocked].join(", ")}`);
  return outside.length + blocked.length;
};

let requests = 0;
try {
  // The HTTP reference.
  const http = await openCounted(page, out);
  const { tab } = http;
  const titles = operations.map(({ op }) => op.summary);
  const onFirstScreen = async (text) =>
    tab
      .getByText(text, { exact: true })
      .filter({ visible: true })
      .evaluateAll((els) => els.some((el) => { const r = el.getBoundingClientRect(); return r.bottom > 0 && r.top < window.innerHeight; }))
      .catch(() => false);
  await tab.waitForFunction((t) => document.body.innerText.includes(t), titles[0], { timeout: 15_000 }).catch(() => {});
  for (const title of titles) check(await onFirstScreen(title), `operation not on the first screen without a click: ${title}`);
  await tab.screenshot({ path: join(out, "screenshot.png") });
  // Each grant is a tab of the oneOf switcher; choosing it must show that grant's fields and no other's
  // (counted within POST /jwt's section: the claims of GET /jwt have a `domain` too).
  const postTitle = operations.find(({ method, path }) => method === "post" && path === "/jwt").op.summary;
  const nextTitle = titles[titles.indexOf(postTitle) + 1];
  const visible = (name) =>
    tab.evaluate(
      ([name, from, to]) => {
        const top = (el) => el.getBoundingClientRect().top + window.scrollY;
        const heading = (t) => [...document.querySelectorAll("h1, h2, h3")].find((h) => h.textContent?.trim().startsWith(t));
        const start = top(heading(from));
        const end = heading(to) ? top(heading(to)) : Infinity;
        return [...document.querySelectorAll("body *")].filter(
          (el) => el.childElementCount === 0 && el.textContent === name && el.checkVisibility() && top(el) > start && top(el) < end,
        ).length;
      },
      [name, postTitle, nextTitle],
    );
  for (const [variant, { shows, hides }] of Object.entries(GRANT_FIELDS)) {
    const selector = tab.getByRole("tab", { name: variant, exact: true }).first();
    await selector.waitFor({ timeout: 10_000 }).catch(() => {});
    check((await selector.count()) > 0, `request-body variant not rendered: ${variant}`);
    if ((await selector.count()) === 0) continue;
    await selector.click();
    await tab.waitForTimeout(200);
    for (const name of shows) check((await visible(name)) > 0, `${variant} does not show its field ${name}`);
    for (const name of hides) check((await visible(name)) === 0, `${variant} shows another grant's field ${name}`);
  }
  await tab.evaluate(() => window.scrollTo(0, 0));
  // Redoc renders the sections near the viewport only: scroll through once, as a reader would, and read
  // each operation's section (from its heading to the next one) while it is on the page.
  const sections = new Map();
  for (let step = 0; step < 40; step += 1) {
    const text = await tab.evaluate(() => document.querySelector("main, #api-content, body").innerText);
    titles.forEach((title, i) => {
      const at = text.lastIndexOf(title);
      const next = i + 1 < titles.length ? text.lastIndexOf(titles[i + 1]) : -1;
      if (at >= 0) sections.set(title, `${sections.get(title) ?? ""}\n${text.slice(at, next > at ? next : undefined)}`);
    });
    await tab.mouse.move(700, 500);
    await tab.mouse.wheel(0, 600);
    await tab.waitForTimeout(100);
  }
  for (const { method, path, op } of operations) {
    check(sections.has(op.summary), `operation not rendered: ${op.summary}`);
    for (const alternative of (op.security ?? spec.security ?? []).map(alternativeName)) {
      check((sections.get(op.summary) ?? "").includes(alternative), `${method.toUpperCase()} ${path}: security alternative not shown: ${alternative}`);
    }
  }
  requests += await countOutside(http, "build/docs/index.html");

  // The TypeScript reference: every entry point's module page lists each of its runtime exports.
  const api = await openCounted(apiIndex, join(out, "api"));
  for (const entry of ENTRY_POINTS) {
    const name = importName(entry);
    const exports = Object.keys(await import(pathToFileURL(join(root, "dist", `${entry.dist}.js`)).href));
    await api.tab.goto(pathToFileURL(join(out, "api", "modules", `${name.replace("/", "_")}.html`)).href);
    const listed = await api.tab.evaluate(() => document.body.innerText);
    check(listed.includes(name), `API reference has no page for ${name}`);
    const missing = exports.filter((e) => !new RegExp(`\\b${e}\\b`).test(listed));
    check(missing.length === 0, `API reference of ${name} lacks ${missing.join(", ")}`);
    if (entry.subpath === ".") await api.tab.screenshot({ path: join(out, "api-screenshot.png") });
  }
  requests += await countOutside(api, "build/docs/api");
} finally {
  await browser.close();
}
if (problems.length > 0) {
  console.error(problems.join("\n"));
  console.log(`docs: 0 passed, 1 failed`);
  process.exit(1);
}
console.log(
  `${operations.length} operations on the first screen, ${Object.keys(GRANT_FIELDS).length} grants and every security alternative render; ` +
    `${ENTRY_POINTS.length} entry points in the API reference; ${requests} requests outside the files (${checks} checks). ` +
    "Screenshots: build/docs/screenshot.png, build/docs/api-screenshot.png",
);
console.log("docs: 1 passed, 0 failed");
