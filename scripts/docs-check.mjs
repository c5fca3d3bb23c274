#!/usr/bin/env node
// Checks the docs site in build/docs/ as a reader would, in headless Chromium (Debian `chromium`, or
// CHROMIUM_PATH), offline:
// - every page opens from file:// with no request outside the folder and no page error; the links it shows
//   once its scripts ran (TypeDoc draws its navigation from a script) and the anchors it has are collected;
// - every link, written or drawn, resolves to a file of the site and an anchor it has (scripts/check-links.mjs);
// - the landing page is the overview (README's sections), not a module list;
// - the site works from a sub-path: served over HTTP under /some/sub/path/, the landing page, a guide and a
//   class page load every asset from under that path;
// - the HTTP reference shows each JWT operation on the first screen without a click, every grant's fields and
//   every security alternative; the TypeScript reference lists each entry point's runtime exports.
// Screenshots of the main pages go to build/docs-screenshots/ (outside the site).
import { mkdirSync, readFileSync } from "node:fs";
import { createServer } from "node:http";
import { extname, join, relative } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";
import { checkFolder, createLinkChecker, filesUnder } from "./check-links.mjs";
import { alternativeName, operations, spec } from "./docs-spec.mjs";
import { ENTRY_POINTS, importName } from "./entry-points.mjs";
import { root } from "./generate.mjs";

/**
 * The page's text as a reader sees it. A TypeDoc page hides its body until its script has run (or 500 ms
 * have passed), and innerText leaves hidden text out: read it before that and the page looks empty.
 */
async function shownText(tab) {
  await tab.waitForFunction(() => document.body.style.display !== "none", undefined, { timeout: 15_000 });
  return tab.evaluate(() => document.body.innerText);
}

const site = join(root, "build", "docs");
const shots = join(root, "build", "docs-screenshots");
const httpPage = join(site, "media", "http-api.html");
mkdirSync(shots, { recursive: true });
const siteUrl = pathToFileURL(site).href;

const GRANT_FIELDS = {
  PasswordGrant: { shows: ["username", "client_secret"], hides: ["ns_id_type", "domain"] },
  MfaGrant: { shows: ["ns_id_type", "passcode", "access_token"], hides: ["domain"] },
  RefreshGrant: { shows: ["refresh"], hides: ["username", "ns_id_type", "domain"] },
  DelegationGrant: { shows: ["user", "domain"], hides: ["username", "ns_id_type"] },
};
// README's sections that make the landing page an overview.
const OVERVIEW = ["Install", "Quick start", "Which integration do I use", "Errors", "Supported versions", "Documentation"];

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

/** A tab that counts every request outside `inside` (a URL prefix) and every page error; outside ones are aborted. */
async function countedTab(inside) {
  const tab = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const state = { outside: [], errors: [] };
  tab.on("pageerror", (error) => state.errors.push(error.message));
  tab.on("request", (request) => {
    if (!request.url().startsWith(inside)) state.outside.push(request.url());
  });
  // Requests that a Content-Security-Policy stops never reach the network layer: count them in the page.
  await tab.addInitScript(() => {
    globalThis.__blocked = [];
    document.addEventListener("securitypolicyviolation", (e) => globalThis.__blocked.push(e.blockedURI));
  });
  await tab.route(/^(?!file:|http:\/\/127\.0\.0\.1)/, (route) => route.abort());
  return { tab, state };
}
/** Opens one page; reports its outside requests and page errors; resolves to what it drew. */
async function visit({ tab, state }, url, name) {
  state.outside.length = 0;
  state.errors.length = 0;
  await tab.goto(url, { waitUntil: "load" });
  await tab.waitForTimeout(150);
  const blocked = await tab.evaluate(() => globalThis.__blocked ?? []);
  const outside = [...state.outside, ...blocked];
  check(outside.length === 0, `${name}: ${outside.length} request(s) outside the site: ${outside.slice(0, 3).join(", ")}`);
  check(state.errors.length === 0, `${name}: page error: ${state.errors.join("; ")}`);
  return tab.evaluate(() => ({
    links: [...document.querySelectorAll("a[href]")].map((a) => a.getAttribute("href")),
    ids: [...document.querySelectorAll("[id], [name]")].map((el) => el.id || el.getAttribute("name")),
  }));
}

let pages = 0;
let drawnLinks = 0;
try {
  // 1. Every page from file://.
  const reader = await countedTab(siteUrl);
  const htmlFiles = filesUnder(site).filter((f) => extname(f) === ".html");
  const drawn = new Map();
  const drawnIds = new Map();
  for (const file of htmlFiles) {
    const { links, ids } = await visit(reader, pathToFileURL(file).href, relative(site, file));
    drawn.set(file, links);
    drawnIds.set(file, ids);
    pages += 1;
  }
  // 2. Links: those written in the files, and those the pages drew, against the anchors the pages have.
  const written = checkFolder(site, drawnIds);
  problems.push(...written.problems);
  checks += written.links;
  const linkCheck = createLinkChecker(site, drawnIds);
  for (const [file, links] of drawn) {
    for (const link of links) {
      drawnLinks += 1;
      const problem = linkCheck(file, link);
      check(!problem, `${relative(site, file)} (drawn): ${problem}`);
    }
  }

  // 3. The landing page is the overview, with the guides and both references a click away.
  const { tab } = reader;
  await tab.goto(pathToFileURL(join(site, "index.html")).href);
  const headings = await tab.evaluate(() => [...document.querySelectorAll("h2")].map((h) => h.textContent.trim()));
  for (const section of OVERVIEW) check(headings.includes(section), `landing page lacks the overview's section "${section}"`);
  const sidebar = await shownText(tab);
  for (const name of ["TypeScript API reference", "HTTP API reference", "Log in and MFA", "Reference"]) {
    check(sidebar.includes(name), `landing page does not offer "${name}"`);
  }
  await tab.screenshot({ path: join(shots, "index.png") });
  for (const [name, page] of [
    ["guide-log-in-and-mfa", "documents/Log_in_and_MFA.html"],
    ["guide-persistence", "documents/Persistence_and_sharing_a_session.html"],
    ["guide-calling-netsapiens", "documents/Calling_the_rest_of_NetSapiens.html"],
    ["guide-testing-with-the-mock", "documents/Testing_with_the_mock.html"],
    ["guide-reference", "documents/Reference.html"],
    ["changelog", "documents/CHANGELOG.html"],
    ["class-NsAuth", "classes/ns-api-jwt.NsAuth.html"],
  ]) {
    await tab.goto(pathToFileURL(join(site, page)).href);
    await tab.screenshot({ path: join(shots, `${name}.png`) });
  }

  // 4. The TypeScript reference: every entry point's module page lists each of its runtime exports.
  for (const entry of ENTRY_POINTS) {
    const name = importName(entry);
    const exports = Object.keys(await import(pathToFileURL(join(root, "dist", `${entry.dist}.js`)).href));
    await tab.goto(pathToFileURL(join(site, "modules", `${name.replace("/", "_")}.html`)).href);
    const listed = await shownText(tab);
    check(listed.includes(name), `API reference has no page for ${name}`);
    const missing = exports.filter((e) => !new RegExp(`\\b${e}\\b`).test(listed));
    check(missing.length === 0, `API reference of ${name} lacks ${missing.join(", ")}`);
    if (entry.subpath === ".") await tab.screenshot({ path: join(shots, "module-ns-api-jwt.png") });
  }
  await tab.goto(pathToFileURL(join(site, "modules.html")).href);
  await tab.screenshot({ path: join(shots, "modules.png") });

  // 5. The HTTP reference.
  await tab.goto(pathToFileURL(httpPage).href);
  await checkHttpReference(tab);
  // Its sidebar's router links: each click stays on the page, as an in-page route, without an error.
  const routes = [...new Set(drawn.get(httpPage).filter((href) => href.startsWith("/")))];
  for (const route of routes) {
    await tab.goto(pathToFileURL(httpPage).href);
    await tab.locator(`a[href="${route}"]`).first().click();
    await tab.waitForTimeout(300);
    check(tab.url().startsWith(`${pathToFileURL(httpPage).href}#`), `HTTP reference: the link ${route} went to ${tab.url()}`);
  }
  check(routes.length === operations.length + 1, `HTTP reference: ${routes.length} sidebar routes for ${operations.length} operations`);
  check(reader.state.errors.length === 0, `HTTP reference: page error while following its links: ${reader.state.errors.join("; ")}`);
  await reader.tab.close();

  // 6. From a sub-path, over HTTP.
  await checkSubPath();
} finally {
  await browser.close();
}

async function checkHttpReference(tab) {
  const titles = operations.map(({ op }) => op.summary);
  const onFirstScreen = async (text) =>
    tab
      .getByText(text, { exact: true })
      .filter({ visible: true })
      .evaluateAll((els) => els.some((el) => { const r = el.getBoundingClientRect(); return r.bottom > 0 && r.top < window.innerHeight; }))
      .catch(() => false);
  await tab.waitForFunction((t) => document.body.innerText.includes(t), titles[0], { timeout: 15_000 }).catch(() => {});
  for (const title of titles) check(await onFirstScreen(title), `HTTP reference: operation not on the first screen without a click: ${title}`);
  await tab.screenshot({ path: join(shots, "http-api.png") });
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
    check((await selector.count()) > 0, `HTTP reference: request-body variant not rendered: ${variant}`);
    if ((await selector.count()) === 0) continue;
    await selector.click();
    await tab.waitForTimeout(200);
    for (const name of shows) check((await visible(name)) > 0, `HTTP reference: ${variant} does not show its field ${name}`);
    for (const name of hides) check((await visible(name)) === 0, `HTTP reference: ${variant} shows another grant's field ${name}`);
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
    check(sections.has(op.summary), `HTTP reference: operation not rendered: ${op.summary}`);
    for (const alternative of (op.security ?? spec.security ?? []).map(alternativeName)) {
      check((sections.get(op.summary) ?? "").includes(alternative), `HTTP reference: ${method.toUpperCase()} ${path}: security alternative not shown: ${alternative}`);
    }
  }
}

/** Serves the folder under /some/sub/path/ and opens three kinds of page: every request must stay under it. */
async function checkSubPath() {
  const prefix = "/some/sub/path/";
  const TYPES = { ".html": "text/html", ".js": "text/javascript", ".css": "text/css", ".svg": "image/svg+xml", ".png": "image/png" };
  const misses = [];
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    if (!path.startsWith(prefix)) return misses.push(path), res.writeHead(404).end();
    try {
      const body = readFileSync(join(site, path.slice(prefix.length) || "index.html"));
      res.writeHead(200, { "content-type": TYPES[extname(path)] ?? "application/octet-stream" }).end(body);
    } catch {
      misses.push(path);
      res.writeHead(404).end();
    }
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${server.address().port}${prefix}`;
  try {
    const served = await countedTab(base);
    for (const page of ["index.html", "documents/Persistence_and_sharing_a_session.html", "classes/ns-api-jwt.NsAuth.html", "media/http-api.html"]) {
      await visit(served, base + page, `${prefix}${page}`);
    }
    check(misses.length === 0, `from a sub-path, requests outside it or to missing files: ${misses.join(", ")}`);
    await served.tab.close();
  } finally {
    server.close();
  }
}

if (problems.length > 0) {
  console.error(problems.join("\n"));
  console.log("docs: 0 passed, 1 failed");
  process.exit(1);
}
console.log(
  `docs: ${pages} pages opened from file:// with 0 requests outside build/docs/ and 0 page errors; ` +
    `${drawnLinks} drawn links and every written link resolve; the landing page is the overview; ` +
    `${operations.length} operations on the HTTP reference's first screen; ${ENTRY_POINTS.length} entry points in the API reference; ` +
    `the site works from a sub-path (${checks} checks). Screenshots in ${relative(root, shots)}/`,
);
console.log("docs: 1 passed, 0 failed");
