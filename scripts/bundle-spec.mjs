#!/usr/bin/env node
// Publishes the spec: dist/openapi.yaml and dist/openapi.json, stamped with the package version.
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { parse, stringify } from "yaml";
import { root, specPath } from "./generate.mjs";

export async function bundledSpec() {
  const pkg = JSON.parse(await readFile(join(root, "package.json"), "utf8"));
  const doc = parse(await readFile(specPath, "utf8"));
  doc.info.version = pkg.version;
  return doc;
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split("/").pop())) {
  const doc = await bundledSpec();
  const dist = join(root, "dist");
  await mkdir(dist, { recursive: true });
  await writeFile(join(dist, "openapi.json"), `${JSON.stringify(doc, null, 2)}\n`);
  await writeFile(join(dist, "openapi.yaml"), stringify(doc, { lineWidth: 0 }));
  console.log(`bundled dist/openapi.json and dist/openapi.yaml (spec ${doc.info.version}, NetSapiens ${doc.info["x-netsapiens-api-version"]})`);
}
