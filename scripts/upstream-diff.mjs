#!/usr/bin/env node
// `npm run upstream:diff -- <netsapiens-export.json> [--json] [--spec openapi/ns-api-jwt.yaml]`
// Reports how the JWT group of a NetSapiens OpenAPI export differs from our spec, variant by variant.
// Exit codes: 0 no drift (only known, accepted differences), 1 drift, 2 bad input.
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parse as parseYaml } from "yaml";
import { compare } from "./upstream/compare.mjs";
import { KNOWN_DIFFERENCES } from "./upstream/known.mjs";
import { BadInput, labelOf, variantsOf } from "./upstream/model.mjs";

const root = resolve(fileURLToPath(import.meta.url), "..", "..");
const show = (f) => `${f.type}${f.required ? ", required" : ""}`;

function describe(d) {
  const where = d.status === undefined ? "" : `${d.status} `;
  switch (d.kind) {
    case "variant-added": return `new upstream variant: ${d.upstream}`;
    case "variant-removed": return `not in the export (our spec has it: ${d.ours})`;
    case "wire-changed": return `method/path ${d.ours} → ${d.upstream}`;
    case "auth-changed": return `credential ${d.ours} → ${d.upstream}`;
    case "status-added": return `response ${d.status} added upstream`;
    case "status-removed": return `response ${d.status} removed upstream`;
    case "response-body-changed": return `response ${d.status} body ${d.ours} → ${d.upstream}`;
    default: {
      const [what, change] = [d.kind.replace(/-(added|removed|changed)$/, "").replace("-", " "), d.kind.split("-").pop()];
      const label = `${where}${what} ${d.field}`.trim();
      if (change === "added") return `${label} added upstream (${show(d.upstream)})`;
      if (change === "removed") return `${label} removed upstream (ours: ${show(d.ours)})`;
      return `${label} changed: ${show(d.ours)} → ${show(d.upstream)}`;
    }
  }
}

function readDocument(file, format) {
  let text;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new BadInput(`cannot read ${file}: ${error.code ?? error.message}`);
  }
  try {
    return format === "yaml" ? parseYaml(text) : JSON.parse(text);
  } catch (error) {
    throw new BadInput(`${file} is not ${format === "yaml" ? "YAML" : "JSON"}: ${String(error.message).replace(/\s+/g, " ").trim()}`);
  }
}

/** Runs the comparison; returns { exitCode, report } with report an object (for --json) and text lines. */
export function upstreamDiff(exportFile, specFile = join(root, "openapi", "ns-api-jwt.yaml")) {
  const upstreamDoc = readDocument(exportFile, "json");
  const theirs = variantsOf(upstreamDoc);
  const ourDoc = readDocument(specFile, "yaml");
  const ours = variantsOf(ourDoc);
  const differences = compare(ours, theirs);
  const drift = differences.filter((d) => !d.accepted);
  const accepted = differences.filter((d) => d.accepted);
  const report = {
    upstream: { file: exportFile, version: upstreamDoc.info?.version ?? null },
    ours: { file: specFile, netsapiensVersion: ourDoc.info?.["x-netsapiens-api-version"] ?? null },
    variants: [...theirs.values()].map((v) => ({ variant: v.key, method: v.method, path: v.path, upstreamKey: v.source, summary: v.summary })),
    drift,
    accepted,
  };
  const lines = [`NetSapiens export ${exportFile} (info.version ${report.upstream.version}) vs our spec (NetSapiens ${report.ours.netsapiensVersion})`];
  const keys = [...new Set([...ours.keys(), ...theirs.keys()])];
  for (const key of keys) {
    const mine = drift.filter((d) => d.variant === key);
    const theirsVariant = theirs.get(key);
    const where = theirsVariant ? ` — upstream \`${theirsVariant.source}\` ${theirsVariant.method} "${theirsVariant.summary.trim()}"` : "";
    lines.push(`${mine.length === 0 ? "  ok   " : "  DRIFT"} ${labelOf(key)}${where}`);
    for (const d of mine) lines.push(`          ${describe(d)}`);
  }
  if (accepted.length > 0) {
    lines.push(`Known, accepted differences (${accepted.length}, not drift; scripts/upstream/known.mjs):`);
    for (const known of KNOWN_DIFFERENCES) {
      const hits = accepted.filter((d) => d.accepted === known.id);
      if (hits.length > 0) lines.push(`  ${known.id} ×${hits.length} (${[...new Set(hits.map((d) => d.variant))].join(", ")}): ${known.why}`);
    }
  }
  const variantsWithDrift = new Set(drift.map((d) => d.variant)).size;
  lines.push(drift.length === 0 ? "No drift." : `Drift: ${drift.length} difference${drift.length === 1 ? "" : "s"} in ${variantsWithDrift} variant${variantsWithDrift === 1 ? "" : "s"}.`);
  return { exitCode: drift.length === 0 ? 0 : 1, report, lines };
}

function main(argv) {
  const args = argv.filter((a) => !a.startsWith("--"));
  const asJson = argv.includes("--json");
  const specAt = argv.indexOf("--spec");
  const spec = specAt >= 0 ? argv[specAt + 1] : undefined;
  const files = args.filter((a) => a !== spec);
  if (files.length !== 1) {
    console.error("usage: npm run upstream:diff -- <netsapiens-export.json> [--json] [--spec <our spec.yaml>]");
    return 2;
  }
  try {
    const { exitCode, report, lines } = upstreamDiff(files[0], spec);
    console.log(asJson ? JSON.stringify({ exitCode, ...report }, null, 2) : lines.join("\n"));
    return exitCode;
  } catch (error) {
    if (!(error instanceof BadInput)) throw error;
    console.error(`upstream:diff: ${error.message}`);
    return 2;
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) process.exitCode = main(process.argv.slice(2));
