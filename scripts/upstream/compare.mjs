// Compares the variants of our spec with those of a NetSapiens export. Each difference reads from our spec
// to theirs: "added" = NetSapiens has it and we do not, "removed" = we have it and NetSapiens does not.
import { KNOWN_DIFFERENCES } from "./known.mjs";

function diffFields(out, base, kind, ours, theirs) {
  for (const [name, field] of Object.entries(theirs)) {
    const mine = ours[name];
    if (mine === undefined) out.push({ ...base, kind: `${kind}-added`, field: name, upstream: field });
    else if (mine.type !== field.type || mine.required !== field.required) out.push({ ...base, kind: `${kind}-changed`, field: name, ours: mine, upstream: field });
  }
  for (const [name, field] of Object.entries(ours)) {
    if (theirs[name] === undefined) out.push({ ...base, kind: `${kind}-removed`, field: name, ours: field });
  }
}

function diffVariant(ours, theirs) {
  const out = [];
  const base = { variant: ours.key };
  // A path parameter's name is not on the wire (ours `{id}`, NetSapiens `{jti}` and `{uid}`).
  const wire = (v) => `${v.method} ${v.path.replace(/\{[^}]*\}/g, "{}")}`;
  if (wire(ours) !== wire(theirs)) {
    out.push({ ...base, kind: "wire-changed", ours: `${ours.method} ${ours.path}`, upstream: `${theirs.method} ${theirs.path}` });
  }
  if (ours.auth !== theirs.auth) out.push({ ...base, kind: "auth-changed", ours: ours.auth, upstream: theirs.auth });
  diffFields(out, base, "request-field", ours.request, theirs.request);
  diffFields(out, base, "parameter", ours.parameters, theirs.parameters);
  for (const status of Object.keys(theirs.responses)) {
    if (!(status in ours.responses)) out.push({ ...base, kind: "status-added", status });
  }
  for (const [status, mine] of Object.entries(ours.responses)) {
    if (!(status in theirs.responses)) {
      out.push({ ...base, kind: "status-removed", status });
      continue;
    }
    const upstream = theirs.responses[status];
    if ((mine === null) !== (upstream === null)) {
      out.push({ ...base, kind: "response-body-changed", status, ours: mine === null ? "no body" : "JSON", upstream: upstream === null ? "no body" : "JSON" });
    } else if (mine !== null) {
      diffFields(out, { ...base, status }, "response-field", mine, upstream);
    }
  }
  return out;
}

/** Every difference, each marked with the known difference that accepts it (if any). */
export function compare(ours, theirs) {
  const differences = [];
  for (const [key, variant] of theirs) {
    if (!ours.has(key)) differences.push({ variant: key, kind: "variant-added", upstream: `${variant.method} ${variant.path}` });
  }
  for (const [key, variant] of ours) {
    if (!theirs.has(key)) differences.push({ variant: key, kind: "variant-removed", ours: `${variant.method} ${variant.path}` });
    else differences.push(...diffVariant(variant, theirs.get(key)));
  }
  for (const difference of differences) {
    const known = KNOWN_DIFFERENCES.find((k) => k.accepts(difference));
    if (known) difference.accepted = known.id;
  }
  return differences;
}
