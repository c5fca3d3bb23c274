// Compares the variants of our spec with those of a NetSapiens export. Each difference reads from our spec
// to theirs: "added" = NetSapiens has it and we do not, "removed" = we have it and NetSapiens does not.
import { describeCredential } from "./credential.js";
import { KNOWN_DIFFERENCES } from "./known.js";
import { FACTS, type Field, type Fields } from "./schema.js";
import type { Variant } from "./variants.js";

/** Where a field is: the request body, a parameter, or a response body. */
export type Place = "request" | "parameter" | "response";

export interface Difference {
  variant: string;
  kind:
    | "variant-added" | "variant-removed" | "wire-changed" | "credential-changed" | "credential-written-differently"
    | "body-changed" | "field-added" | "field-removed" | "field-changed" | "status-added" | "status-removed" | "response-body-changed";
  place?: Place;
  status?: string;
  field?: string;
  /** For field-changed: which fact (type, required, enum, pattern, maxLength…). */
  fact?: string;
  ours?: string;
  upstream?: string;
  /** The id of the known difference that accepts it; absent = drift. */
  accepted?: string;
}

const factText = (f: Field) =>
  FACTS.filter((k) => f[k] !== undefined && k !== "required" && k !== "type").map((k) => `${k} ${String(f[k])}`).join(", ");
const fieldText = (f: Field) => [f.type, f.required ? "required" : "", factText(f)].filter(Boolean).join(", ");

function diffFields(out: Difference[], base: Omit<Difference, "kind">, ours: Fields, theirs: Fields): void {
  for (const [name, field] of Object.entries(theirs)) {
    const mine = ours[name];
    if (mine === undefined) {
      out.push({ ...base, kind: "field-added", field: name, upstream: fieldText(field) });
      continue;
    }
    for (const fact of FACTS) {
      const [a, b] = [mine[fact], field[fact]];
      if (a !== b) out.push({ ...base, kind: "field-changed", field: name, fact, ours: a === undefined ? "none" : String(a), upstream: b === undefined ? "none" : String(b) });
    }
  }
  for (const [name, field] of Object.entries(ours)) {
    if (theirs[name] === undefined) out.push({ ...base, kind: "field-removed", field: name, ours: fieldText(field) });
  }
}

function diffVariant(ours: Variant, theirs: Variant): Difference[] {
  const out: Difference[] = [];
  const base = { variant: ours.key };
  // A path parameter's name is not on the wire (ours `{id}`, NetSapiens `{jti}` and `{uid}`).
  const wire = (v: Variant) => `${v.method} ${v.path.replace(/\{[^}]*\}/g, "{}")}`;
  if (wire(ours) !== wire(theirs)) out.push({ ...base, kind: "wire-changed", ours: `${ours.method} ${ours.path}`, upstream: `${theirs.method} ${theirs.path}` });
  const [c1, c2] = [ours.credential, theirs.credential];
  if (c1.need !== c2.need || c1.wire !== c2.wire) out.push({ ...base, kind: "credential-changed", ours: describeCredential(c1), upstream: describeCredential(c2) });
  else if (c2.need !== "none" && (c1.via === "header parameter") !== (c2.via === "header parameter")) {
    out.push({ ...base, kind: "credential-written-differently", ours: describeCredential(c1), upstream: describeCredential(c2) });
  }
  if (ours.body !== theirs.body) out.push({ ...base, kind: "body-changed", ours: ours.body || "no body", upstream: theirs.body || "no body" });
  diffFields(out, { ...base, place: "request" }, ours.request, theirs.request);
  diffFields(out, { ...base, place: "parameter" }, ours.parameters, theirs.parameters);
  for (const status of Object.keys(theirs.responses)) if (!(status in ours.responses)) out.push({ ...base, kind: "status-added", status });
  for (const [status, mine] of Object.entries(ours.responses)) {
    if (!(status in theirs.responses)) {
      out.push({ ...base, kind: "status-removed", status });
      continue;
    }
    const upstream = theirs.responses[status] ?? null;
    if ((mine === null) !== (upstream === null)) {
      out.push({ ...base, kind: "response-body-changed", status, ours: mine === null ? "no body" : "JSON", upstream: upstream === null ? "no body" : "JSON" });
    } else if (mine !== null && upstream !== null) {
      diffFields(out, { ...base, place: "response", status }, mine, upstream);
    }
  }
  return out;
}

/** Every difference, each marked with the known difference that accepts it (if any). */
export function compare(ours: Map<string, Variant>, theirs: Map<string, Variant>): Difference[] {
  const differences: Difference[] = [];
  for (const [key, variant] of theirs) if (!ours.has(key)) differences.push({ variant: key, kind: "variant-added", upstream: `${variant.method} ${variant.path}` });
  for (const [key, variant] of ours) {
    const upstream = theirs.get(key);
    if (upstream === undefined) differences.push({ variant: key, kind: "variant-removed", ours: `${variant.method} ${variant.path}` });
    else differences.push(...diffVariant(variant, upstream));
  }
  for (const difference of differences) {
    const known = KNOWN_DIFFERENCES.find((k) => k.accepts(difference));
    if (known) difference.accepted = known.id;
  }
  return differences;
}
