#!/usr/bin/env node
// The docs site's link checker (`npm run docs:links`, and part of `npm run docs`): every href and src in every
// page of the folder that is not an absolute URL must be relative, stay inside the folder, name a file (a
// folder would show a listing from file://), and name an id or name that the target really has.
// Absolute URLs (https:, mailto:, data:) are not followed: the site is checked offline.
// Own code rather than linkinator: the site is local files, so a crawler's HTTP server, retries and
// external checks are all unneeded, and this needs no dependency.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, extname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const ABSOLUTE = /^[a-z][a-z0-9+.-]*:/i;
const ATTRIBUTE = /\s(?:href|src)\s*=\s*(?:"([^"]*)"|'([^']*)')/gi;
const ID = /\s(?:id|name)\s*=\s*(?:"([^"]*)"|'([^']*)')/gi;

/** Every file under `folder`, as absolute paths. */
export function filesUnder(folder) {
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath ?? entry.path, entry.name));
}

const unescape = (text) => text.replaceAll("&amp;", "&").replaceAll("&quot;", '"').replaceAll("&#39;", "'").replaceAll("&lt;", "<").replaceAll("&gt;", ">");
const decode = (text) => {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
};

/**
 * The HTTP reference (Redoc) writes its sidebar as router links (`/other/readtoken`) that its script turns
 * into in-page routes on click (`#/other/readtoken` from file://): docs-check.mjs clicks each of them instead.
 */
export const CLIENT_ROUTED = ["media/http-api.html"];

/** Reads ids lazily and once per file; `extra` adds ids seen only once a page has run (Chromium). */
export function createLinkChecker(folder, extra = new Map()) {
  const root = resolve(folder);
  const ids = new Map();
  const idsOf = (file) => {
    if (!ids.has(file)) {
      const text = readFileSync(file, "utf8");
      const found = new Set([...text.matchAll(ID)].map((m) => unescape(m[1] ?? m[2])));
      for (const id of extra.get(file) ?? []) found.add(id);
      ids.set(file, found);
    }
    return ids.get(file);
  };
  /** The problem with one link found in `from`, or undefined when it resolves. */
  return function check(from, link) {
    const href = unescape(link.trim());
    if (href === "" || ABSOLUTE.test(href)) return undefined;
    if (href.startsWith("/") && !href.startsWith("//") && CLIENT_ROUTED.includes(relative(root, from).split(sep).join("/"))) return undefined;
    if (href.startsWith("//") || href.startsWith("/")) return `${href}: not relative (the site must work from any path)`;
    const [pathAndQuery, fragment = ""] = href.split("#", 2);
    const path = pathAndQuery.split("?")[0];
    const target = path === "" ? from : resolve(dirname(from), decode(path));
    if (target !== root && !target.startsWith(root + sep)) return `${href}: leaves the site's folder`;
    if (!existsSync(target)) return `${href}: no such file`;
    if (statSync(target).isDirectory()) return `${href}: a folder (from file:// that is a listing, not a page)`;
    if (fragment !== "" && [".html", ".svg"].includes(extname(target)) && !idsOf(target).has(decode(fragment))) {
      return `${href}: ${relative(root, target)} has no anchor #${decode(fragment)}`;
    }
    return undefined;
  };
}

/** Checks every link written in the folder's HTML files; resolves to the problems and the number of links. */
export function checkFolder(folder, extra) {
  const check = createLinkChecker(folder, extra);
  const problems = [];
  let links = 0;
  for (const file of filesUnder(folder).filter((f) => f.endsWith(".html"))) {
    for (const match of readFileSync(file, "utf8").matchAll(ATTRIBUTE)) {
      links += 1;
      const problem = check(file, match[1] ?? match[2]);
      if (problem) problems.push(`${relative(folder, file)}: ${problem}`);
    }
  }
  return { problems, links };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const folder = resolve(process.argv[2] ?? "build/docs");
  const { problems, links } = checkFolder(folder);
  for (const problem of problems) console.error(problem);
  console.log(`links: ${links} in ${pathToFileURL(folder).href}, ${problems.length} broken`);
  console.log(`links: ${problems.length === 0 ? "1 passed, 0 failed" : "0 passed, 1 failed"}`);
  process.exit(problems.length === 0 ? 0 : 1);
}
