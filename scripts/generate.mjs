#!/usr/bin/env node
// Writes generated/ from the spec. The only writer of generated/: edit the spec, then run `npm run generate`.
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import openapiTS, { astToString } from "openapi-typescript";
import { parse } from "yaml";
import { readFile } from "node:fs/promises";

export const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const specPath = join(root, "openapi", "ns-api-jwt.yaml");

const HEADER = `/**
 * GENERATED FILE: do not edit by hand.
 * Source: openapi/ns-api-jwt.yaml, rendered by scripts/generate.mjs (the types by openapi-typescript).
 * Change the spec, then run \`npm run generate\`; \`npm test\` fails when this file is stale.
 */

`;

/**
 * Renders every generated file: a map from file name (inside generated/) to its contents. `spec` is the
 * spec's path (openapi/ns-api-jwt.yaml by default; the mutation check renders altered copies).
 */
export async function render(spec = specPath) {
  const ast = await openapiTS(pathToFileURL(spec), { alphabetize: false });
  const document = parse(await readFile(spec, "utf8"));
  return {
    "api.ts": HEADER + astToString(ast),
    // The spec as data, for the mock server's request validation (never imported by the client entry).
    "openapi-document.ts": `${HEADER}export const openapiDocument = ${JSON.stringify(document, null, 2)};\n`,
  };
}

/** Writes the rendered files of `spec` into `outDir` (generated/ from openapi/ns-api-jwt.yaml by default). */
export async function generate(outDir = join(root, "generated"), spec = specPath) {
  await mkdir(outDir, { recursive: true });
  const files = await render(spec);
  for (const [name, contents] of Object.entries(files)) await writeFile(join(outDir, name), contents);
  return Object.keys(files).map((name) => join(outDir, name));
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const written = await generate();
  for (const file of written) console.log(`generated ${file.slice(root.length + 1)}`);
}
