#!/usr/bin/env node
// `npm run docs`: builds the docs site into build/docs/, one static folder that needs no network and works
// from file:// and from any sub-path, then checks it as a reader would (scripts/docs-check.mjs).
//   build/docs/index.html       — README.md, the overview (TypeDoc's landing page)
//   build/docs/documents/       — the guides (docs/guides/), CHANGELOG, CONTRIBUTING, the benchmark report
//   build/docs/modules.html, …  — the TypeScript API of every entry point (TypeDoc, typedoc.config.mjs)
//   build/docs/media/http-api.html — the HTTP API, from the published spec (Redocly build-docs, scripts inlined)
// `--build-only` (npm run docs:build) skips the checks.
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { stringify } from "yaml";
import { filesUnder } from "./check-links.mjs";
import { root } from "./generate.mjs";

const site = join(root, "build", "docs");
const staging = join(root, "build", "http");
// The page the Reference guide links to; TypeDoc copies it into the site's media/.
const httpPage = join(staging, "http-api.html");
const require = createRequire(import.meta.url);
mkdirSync(staging, { recursive: true });
execFileSync(process.execPath, [join(root, "scripts", "bundle-spec.mjs")], { stdio: "inherit" });
const { alternativeName, operations, spec } = await import("./docs-spec.mjs");

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
const pageSpecPath = join(staging, "openapi.page.yaml");
writeFileSync(pageSpecPath, stringify(pageSpec, { lineWidth: 0 }));

const redocly = require.resolve("@redocly/cli/bin/cli.js");
execFileSync(process.execPath, [redocly, "build-docs", pageSpecPath, "--inlineBundle", "-o", httpPage], {
  stdio: "inherit",
  env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" },
});
// Redoc's sidebar badge loads its logo from Redocly's CDN: the page carries a text wordmark instead (the
// attribution and its link stay), and a Content-Security-Policy forbids any other fetch from the file.
const wordmark = `data:image/svg+xml,${encodeURIComponent('<svg xmlns="http://www.w3.org/2000/svg" width="56" height="14"><text x="0" y="11" font-family="sans-serif" font-size="11" fill="#555">Redocly</text></svg>')}`;
// (Redoc's bundle compiles code with eval: allowed, as it fetches nothing.)
const CSP = "default-src 'none'; script-src 'unsafe-inline' 'unsafe-eval'; style-src 'unsafe-inline'; img-src data:; font-src data:; worker-src blob:";
let html = readFileSync(httpPage, "utf8");
const logos = html.match(/https:\/\/cdn\.redoc\.ly\/redoc\/logo-mini(-full)?\.svg/g) ?? [];
html = html
  .replaceAll(/https:\/\/cdn\.redoc\.ly\/redoc\/logo-mini(-full)?\.svg/g, wordmark)
  .replace("<head>", `<head>\n  <meta http-equiv="Content-Security-Policy" content="${CSP}">`);
writeFileSync(httpPage, html);
console.log(`docs: ${logos.length} CDN logo references replaced by an inline wordmark`);

// TypeDoc writes the site (and empties build/docs/ first).
execFileSync(process.execPath, [join(root, "node_modules", "typedoc", "bin", "typedoc"), "--options", join(root, "typedoc.config.mjs")], { stdio: "inherit", cwd: root });

// The HTTP reference is a page of its own: a link back to the site, fixed in its corner.
const copied = join(site, "media", "http-api.html");
writeFileSync(
  copied,
  readFileSync(copied, "utf8").replace(/<body([^>]*)>/, '<body$1>\n  <a href="../index.html" style="position:fixed;right:16px;bottom:12px;z-index:1000;font:13px sans-serif;background:#fff;padding:4px 8px;border:1px solid #ccc;border-radius:4px">← ns-api-jwt docs</a>'),
);

// TypeDoc links to the landing page as its folder ("../"): a server shows index.html, file:// shows a
// listing. Every such link names index.html instead.
let folderLinks = 0;
for (const file of filesUnder(site).filter((f) => f.endsWith(".html"))) {
  const text = readFileSync(file, "utf8");
  const fixed = text.replaceAll(/href="((?:\.\.?\/)+)(#[^"]*)?"/g, (_, up, hash = "") => (folderLinks++, `href="${up}index.html${hash}"`));
  if (fixed !== text) writeFileSync(file, fixed);
}
console.log(`docs: site in build/docs/ (${folderLinks} folder links made file links)`);

if (!process.argv.includes("--build-only")) await import("./docs-check.mjs");
