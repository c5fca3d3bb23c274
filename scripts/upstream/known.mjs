// Known, accepted differences between NetSapiens' exports and our spec: places where our spec is normalised
// or deliberately stricter. A release whose only differences are these reports no drift (exit 0); the
// report still lists them. Keep the list short, and give each a reason a maintainer can check.
const POSTS = new Set(["password", "mfa", "refresh", "delegation"]);
const BEARER_OPS = new Set(["claims", "revoke-current", "revoke-by-jti", "revoke-by-uid"]);
const REVOKES = new Set(["revoke-current", "revoke-by-jti", "revoke-by-uid"]);
const isFieldChange = (kind) => /^response-field-(added|removed|changed)$/.test(kind);

export const KNOWN_DIFFERENCES = [
  {
    id: "403-declared-by-us",
    why: "Our spec declares 403 wherever NetSapiens' permission checks apply (a token still needing its MFA step, a user revoking beyond their scope); NetSapiens documents 403 only on POST /jwt.",
    accepts: (d) => d.kind === "status-removed" && d.status === "403" && BEARER_OPS.has(d.variant),
  },
  {
    id: "refresh-optional",
    why: "Our TokenPair has `refresh` optional, so one spec serves servers before 44.3 (token only) and after; NetSapiens 44.3+ marks it required, 44.2 has no such field.",
    accepts: (d) => POSTS.has(d.variant) && d.status === "200" && d.field === "refresh" && isFieldChange(d.kind),
  },
  {
    id: "403-body",
    why: "NetSapiens documents the 403 body of POST /jwt as an empty object; every 403 it sends elsewhere is {code, message}, which our spec says.",
    accepts: (d) => POSTS.has(d.variant) && d.status === "403" && isFieldChange(d.kind),
  },
  {
    id: "202-body",
    why: "NetSapiens documents the 202 of revoking the current JWT as {code, message} and of revoking by JWT ID or uid as an empty object (what its servers send is undocumented); our Acknowledgement admits both, with code and message optional.",
    accepts: (d) =>
      REVOKES.has(d.variant) && d.status === "202" && ["code", "message"].includes(d.field) &&
      (d.kind === "response-field-removed" || (d.kind === "response-field-changed" && d.ours.type === d.upstream.type)),
  },
  {
    id: "observed-claims",
    why: "Our Claims add department, login, mfa_vendor and mfa_type, seen in NetSapiens' own MFA example token but missing from its JwtResponse.",
    accepts: (d) => d.variant === "claims" && d.status === "200" && d.kind === "response-field-removed" && ["department", "login", "mfa_vendor", "mfa_type"].includes(d.field),
  },
  {
    id: "netsapiens-log-header",
    why: "Our spec declares the optional X-NetSapiens-Log header (NetSapiens' logging guide); no NetSapiens export declares it.",
    accepts: (d) => d.kind === "parameter-removed" && d.field === "header X-NetSapiens-Log",
  },
  {
    id: "credential-left-out",
    why: "NetSapiens exports leave out or blank (`security: []`) the credential of operations whose own text requires one (44.2 delegation; 45 revocations). Our spec keeps the credential; a credential upstream adds is still drift.",
    accepts: (d) => d.kind === "auth-changed" && d.ours === "bearer" && d.upstream === "none" && (BEARER_OPS.has(d.variant) || d.variant === "delegation"),
  },
];
