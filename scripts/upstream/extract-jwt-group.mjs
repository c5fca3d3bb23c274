#!/usr/bin/env node
// `node scripts/upstream/extract-jwt-group.mjs <export.json> <out.json>`: keeps only the JWT group of a
// NetSapiens export (paths /jwt and /jwt/…, the components they reference, the document's own security),
// so that a real 2 MB export becomes a small test fixture (test/fixtures/upstream/) that is still its own text.
import { readFileSync, writeFileSync } from "node:fs";

const [from, to] = process.argv.slice(2);
const doc = JSON.parse(readFileSync(from, "utf8").replace(/^\uFEFF/, ""));
const isJwt = (key) => /^\/jwt(\/|#|$)/.test(key);
const out = { openapi: doc.openapi, info: doc.info, paths: {}, components: {} };
if (doc.security !== undefined) out.security = doc.security;
for (const [key, item] of Object.entries(doc.paths)) if (isJwt(key)) out.paths[key] = item;

const wanted = new Set();
const visit = (node) => {
  if (Array.isArray(node)) return node.forEach(visit);
  if (!node || typeof node !== "object") return;
  if (typeof node.$ref === "string" && node.$ref.startsWith("#/components/") && !wanted.has(node.$ref)) {
    wanted.add(node.$ref);
    const [, , section, name] = node.$ref.split("/");
    visit(doc.components?.[section]?.[name]);
  }
  Object.values(node).forEach(visit);
};
visit(out.paths);
// The security schemes the document or the group names.
const schemes = new Set([...(doc.security ?? []), ...Object.values(out.paths).flatMap((i) => Object.values(i).flatMap((o) => o?.security ?? []))].flatMap((r) => Object.keys(r)));
for (const name of schemes) wanted.add(`#/components/securitySchemes/${name}`);
for (const ref of [...wanted].sort()) {
  const [, , section, name] = ref.split("/");
  const value = doc.components?.[section]?.[name];
  if (value === undefined) continue;
  (out.components[section] ??= {})[name] = value;
}
writeFileSync(to, `${JSON.stringify(out, null, 2)}\n`);
console.log(`${to}: ${Object.keys(out.paths).length} path items, ${wanted.size} components`);
