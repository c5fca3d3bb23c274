// Known, accepted differences between NetSapiens' exports and our spec: places where our spec is normalised
// or deliberately stricter. A release whose only differences are these reports no drift (exit 0); the
// report still lists them. Each rule accepts exact values, so a further change to the same field is drift.
// Keep the list short, and give each a reason a maintainer can check.
import type { Difference } from "./compare.js";

export interface KnownDifference {
  id: string;
  why: string;
  accepts(d: Difference): boolean;
}

const POSTS = new Set(["password", "mfa", "refresh", "delegation"]);
const BEARER_OPS = new Set(["claims", "revoke-current", "revoke-by-jti", "revoke-by-uid"]);
const REVOKES = new Set(["revoke-current", "revoke-by-jti", "revoke-by-uid"]);
const JWT = "^[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*$";
const REVOCATION_TARGET = "^([0-9a-f]{40}|[^@/\\s]+@[^@/\\s]+)$";
/** Constraints our spec states and NetSapiens' exports leave out: `place field fact` → our value. */
const OURS_ONLY: Record<string, string> = {
  "parameter path #1 pattern": REVOCATION_TARGET,
  "parameter path #1 maxLength": "256",
  "request access_token pattern": JWT,
  "request refresh pattern": JWT,
  "response token pattern": JWT,
  "response refresh pattern": JWT,
  "response jti pattern": "^[0-9a-f]{40}$",
  "request passcode pattern": "^[0-9]{6}$",
  "request client_secret format": "password",
  "request username minLength": "1",
  "request password minLength": "1",
  "request user minLength": "1",
  "request mfa_type minLength": "1",
  "request mfa_vendor minLength": "1",
};
/** Defaults NetSapiens' exports give fields our spec requires (so no default can apply): field → value. */
const THEIR_DEFAULTS: Record<string, string> = { mfa_type: '"authenticator"', mfa_vendor: '"google"', ns_id_type: '"subscriber"' };
const GRANT_VALUES = '["mfa","password","refresh_token"]';
const changed = (d: Difference, place: string, field: string, fact: string) => d.kind === "field-changed" && d.place === place && d.field === field && d.fact === fact;
const isField = (d: Difference) => d.kind === "field-added" || d.kind === "field-removed" || d.kind === "field-changed";

export const KNOWN_DIFFERENCES: readonly KnownDifference[] = [
  {
    id: "403-declared-by-us",
    why: "Our spec declares 403 wherever NetSapiens' permission checks apply (a token still needing its MFA step, a user revoking beyond their scope); NetSapiens documents 403 only on POST /jwt.",
    accepts: (d) => d.kind === "status-removed" && d.status === "403" && BEARER_OPS.has(d.variant),
  },
  {
    id: "refresh-optional",
    why: "Our TokenPair has `refresh` optional, so one spec serves servers before 44.3 (token only) and after; NetSapiens 44.3+ marks it required, 44.2 has no such field.",
    accepts: (d) => POSTS.has(d.variant) && d.status === "200" && d.field === "refresh" && isField(d) && (d.kind !== "field-changed" || d.fact === "required"),
  },
  {
    id: "403-body",
    why: "NetSapiens documents the 403 body of POST /jwt as an empty object; every 403 it sends elsewhere is {code, message}, which our spec says.",
    accepts: (d) => POSTS.has(d.variant) && d.status === "403" && d.kind === "field-removed",
  },
  {
    id: "202-body",
    why: "NetSapiens documents the 202 of revoking the current JWT as {code, message} and of revoking by JWT ID or uid as an empty object (what its servers send is undocumented); our Acknowledgement admits both, with code and message optional.",
    accepts: (d) =>
      REVOKES.has(d.variant) && d.status === "202" && ["code", "message"].includes(d.field ?? "") &&
      (d.kind === "field-removed" || (d.kind === "field-changed" && d.fact === "required")),
  },
  {
    id: "observed-claims",
    why: "Our Claims add department, login, mfa_vendor and mfa_type, seen in NetSapiens' own MFA example token but missing from its JwtResponse.",
    accepts: (d) => d.variant === "claims" && d.status === "200" && d.kind === "field-removed" && ["department", "login", "mfa_vendor", "mfa_type"].includes(d.field ?? ""),
  },
  {
    id: "netsapiens-log-header",
    why: "Our spec declares the optional X-NetSapiens-Log header (NetSapiens' logging guide); no NetSapiens export declares it.",
    accepts: (d) => d.kind === "field-removed" && d.place === "parameter" && d.field === "header x-netsapiens-log",
  },
  {
    id: "constraints-ours-only",
    why: "Our spec states the shapes NetSapiens' own text gives (a JWT's three parts, a 40-hex JWT ID, a 6-digit passcode, a JWT ID or user@domain to revoke, non-empty names, a secret's `format: password`) so that a client refuses bad input before sending; the exports leave them out. A constraint NetSapiens adds or changes is still drift.",
    accepts: (d) => d.kind === "field-changed" && d.upstream === "none" && OURS_ONLY[`${d.place} ${d.field} ${d.fact}`] === d.ours,
  },
  {
    id: "jwt-format",
    why: "NetSapiens marks its tokens `format: jwt` (not a registered OpenAPI format, which generators ignore); our spec gives the same tokens the JWT pattern instead.",
    accepts: (d) => d.kind === "field-changed" && d.fact === "format" && d.ours === "none" && d.upstream === "jwt" && ["token", "refresh"].includes(d.field ?? ""),
  },
  {
    id: "grant-type-per-grant",
    why: "NetSapiens lists all three grant values in every grant's `grant_type` enum, with the grant's own value as its default; our spec fixes each grant's value (`const`), which is what tells the grants apart.",
    accepts: (d) =>
      (d.variant === "password" || d.variant === "mfa") &&
      ((changed(d, "request", "grant_type", "enum") && d.ours === `["${d.variant}"]` && d.upstream === GRANT_VALUES) ||
        (changed(d, "request", "grant_type", "default") && d.ours === "none" && d.upstream === `"${d.variant}"`)),
  },
  {
    id: "defaults-of-required-fields",
    why: "NetSapiens gives the MFA grant's mfa_type, mfa_vendor and ns_id_type defaults (authenticator, google, subscriber); our spec requires the three (copied from the mfa_required token), so no default ever applies.",
    accepts: (d) => d.variant === "mfa" && changed(d, "request", d.field ?? "", "default") && d.ours === "none" && THEIR_DEFAULTS[d.field ?? ""] === d.upstream,
  },
  {
    id: "body-required",
    why: "NetSapiens' exports do not mark POST /jwt's body required; a grant without a body means nothing, so ours does.",
    accepts: (d) => d.kind === "body-changed" && POSTS.has(d.variant) && d.ours === "required application/json" && d.upstream === "optional application/json",
  },
  {
    id: "domain-pattern",
    why: "NetSapiens' domain pattern `^[A-Za-z0-9._-]+|\\*` is anchored on one side of its `|` only (it matches any text containing `*`) and leaves out `~`; ours anchors both and admits `~`, the caller's own domain. Its shared DomainName also constrains the `domain` claim, which ours takes as the server wrote it.",
    accepts: (d) =>
      (d.variant === "delegation" && changed(d, "request", "domain", "pattern") && d.ours === "^([A-Za-z0-9._-]+|\\*|~)$" && d.upstream === "^[A-Za-z0-9._-]+|\\*") ||
      (d.variant === "claims" && d.status === "200" && d.ours === "none" &&
        ((changed(d, "response", "domain", "pattern") && d.upstream === "^[A-Za-z0-9._-]+|\\*") || (changed(d, "response", "domain", "maxLength") && d.upstream === "64"))),
  },
  {
    id: "credential-left-out",
    why: "NetSapiens exports leave out or blank (`security: []`) the credential of the bearer operations (GET /jwt, the revocations) whose own text requires one. Our spec keeps it. A delegation losing its API key, or a credential upstream adds, is drift.",
    accepts: (d) => d.kind === "credential-changed" && BEARER_OPS.has(d.variant) && d.upstream === "none" && /^required \(header Authorization[,)]/.test(d.ours ?? ""),
  },
  {
    id: "credential-as-header-parameter",
    why: "NetSapiens 45 writes the delegation's API key as an explicit required `Authorization` header parameter (with `security: []`) instead of a security requirement: the same header on the wire, though a generated client asks for it as a parameter.",
    accepts: (d) => d.kind === "credential-written-differently" && d.variant === "delegation" && /explicit header parameter/.test(d.upstream ?? ""),
  },
];
