// The report: one object (what `--json` prints) and its text form, drift per variant, then the known
// differences apart with their reasons.
import type { Difference } from "./compare.js";
import { KNOWN_DIFFERENCES } from "./known.js";
import { isNode, type Node } from "./shape.js";
import type { Variant } from "./variants.js";

const LABELS: Record<string, string> = {
  password: "password grant (POST /jwt)",
  mfa: "MFA grant (POST /jwt)",
  refresh: "refresh grant (POST /jwt)",
  delegation: "delegation grant (POST /jwt)",
  claims: "read claims (GET /jwt)",
  "revoke-current": "revoke current (DELETE /jwt)",
  "revoke-by-jti": "revoke by JWT ID (DELETE /jwt/{jti})",
  "revoke-by-uid": "revoke by uid (DELETE /jwt/{uid})",
};
export const labelOf = (key: string) => LABELS[key] ?? key;

interface Inputs {
  exportFile: string;
  specFile: string;
  upstreamDoc: Node;
  ourDoc: Node;
  ours: Map<string, Variant>;
  theirs: Map<string, Variant>;
  differences: Difference[];
}

export function reportOf({ exportFile, specFile, upstreamDoc, ourDoc, ours, theirs, differences }: Inputs) {
  const drift = differences.filter((d) => d.accepted === undefined);
  const info = (doc: Node, key: string) => (isNode(doc.info) && typeof doc.info[key] === "string" ? doc.info[key] : null);
  return {
    exitCode: drift.length === 0 ? 0 : 1,
    upstream: { file: exportFile, openapi: upstreamDoc.openapi as string, version: info(upstreamDoc, "version") },
    ours: { file: specFile, netsapiensVersion: info(ourDoc, "x-netsapiens-api-version") },
    variants: [...new Set([...ours.keys(), ...theirs.keys()])].map((key) => {
      const v = theirs.get(key);
      return { variant: key, label: labelOf(key), upstreamKey: v?.source ?? null, method: v?.method ?? null, path: v?.path ?? null, summary: v?.summary ?? null };
    }),
    drift,
    accepted: differences.filter((d) => d.accepted !== undefined),
  };
}
export type Report = ReturnType<typeof reportOf>;

export function describe(d: Difference): string {
  const where = `${d.status === undefined ? "" : `${d.status} `}${d.place === "parameter" ? "parameter" : `${d.place} field`}`;
  switch (d.kind) {
    case "variant-added": return `new upstream variant: ${d.upstream}`;
    case "variant-removed": return `not in the export (our spec has it: ${d.ours})`;
    case "wire-changed": return `method/path ${d.ours} → ${d.upstream}`;
    case "credential-changed": return `credential ${d.ours} → ${d.upstream}`;
    case "credential-written-differently": return `credential written differently: ${d.ours} → ${d.upstream}`;
    case "body-changed": return `request body ${d.ours} → ${d.upstream}`;
    case "status-added": return `response ${d.status} added upstream`;
    case "status-removed": return `response ${d.status} removed upstream`;
    case "response-body-changed": return `response ${d.status} body ${d.ours} → ${d.upstream}`;
    case "field-added": return `${where} ${d.field} added upstream (${d.upstream})`;
    case "field-removed": return `${where} ${d.field} removed upstream (ours: ${d.ours})`;
    case "field-changed": return `${where} ${d.field} ${d.fact}: ${d.ours} → ${d.upstream}`;
  }
}

export function textOf(report: Report): string[] {
  const lines = [`NetSapiens export ${report.upstream.file} (OpenAPI ${report.upstream.openapi}, info.version ${report.upstream.version}) vs our spec (NetSapiens ${report.ours.netsapiensVersion})`];
  for (const v of report.variants) {
    const mine = report.drift.filter((d) => d.variant === v.variant);
    const where = v.upstreamKey === null ? "" : ` — upstream \`${v.upstreamKey}\` ${v.method} "${v.summary}"`;
    lines.push(`${mine.length === 0 ? "  ok   " : "  DRIFT"} ${v.label}${where}`);
    for (const d of mine) lines.push(`          ${describe(d)}`);
  }
  if (report.accepted.length > 0) {
    lines.push(`Known, accepted differences (${report.accepted.length}, not drift; src/upstream/known.ts):`);
    for (const known of KNOWN_DIFFERENCES) {
      const hits = report.accepted.filter((d) => d.accepted === known.id);
      if (hits.length > 0) lines.push(`  ${known.id} ×${hits.length} (${[...new Set(hits.map((d) => d.variant))].join(", ")}): ${known.why}`);
    }
  }
  const variants = new Set(report.drift.map((d) => d.variant)).size;
  const n = report.drift.length;
  lines.push(n === 0 ? "No drift." : `Drift: ${n} difference${n === 1 ? "" : "s"} in ${variants} variant${variants === 1 ? "" : "s"}.`);
  return lines;
}
