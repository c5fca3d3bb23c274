// upstream-diff's verdicts: on the JWT groups of real NetSapiens exports (test/fixtures/upstream/README.md
// says where each comes from), on NetSapiens-shaped ones, and on one-change copies: every change a generated
// client or a server would feel is drift (exit 1), every known difference is listed apart.
import { describe, expect, test } from "@jest/globals";
import { brief, changed, fixture, report, run } from "./support.js";

const ALL_REVOKES = ["revoke-current", "revoke-by-jti", "revoke-by-uid"];

describe("verdicts on real NetSapiens exports", () => {
  test("v2.3.1.0 (dszp/n8n-nodes-netsapiens): no refresh grant; the password and MFA grants inherit the global bearer, said as such", async () => {
    const r = await report(fixture("2.3.1.0-n8n"));
    expect(r.exitCode).toBe(1);
    expect(r.drift.map(brief)).toEqual(["password credential-changed", "mfa credential-changed", "refresh variant-removed"]);
    expect(r.drift[0]?.upstream).toBe("required (header Authorization, inherited from the document's global security)");
    const text = (await run(fixture("2.3.1.0-n8n"))).stdout;
    expect(text).toMatch(/DRIFT password grant .*\n\s+credential none → required \(header Authorization, inherited from the document's global security\)/);
    expect(text).toMatch(/ok {4}delegation grant \(POST \/jwt\) — upstream `\/jwt#1`/);
  });

  test.each(["45.0-n8n", "45-mcp"])("v45 (%s): the dropped 401/404/400 are drift; the delegation's explicit Authorization header is its credential, listed apart", async (name) => {
    const r = await report(fixture(name));
    expect(r.exitCode).toBe(1);
    expect(r.drift.every((d) => d.kind === "status-removed")).toBe(true);
    expect(r.drift.map(brief)).toEqual(expect.arrayContaining(["claims status-removed 401", "revoke-current status-removed 404", "revoke-by-uid status-removed 400", "mfa status-removed 401"]));
    expect(r.drift.some((d) => d.variant === "delegation")).toBe(false);
    expect(r.accepted.filter((d) => d.accepted === "credential-as-header-parameter").map(brief)).toEqual(["delegation credential-written-differently"]);
    expect(r.accepted.filter((d) => d.accepted === "credential-left-out").map((d) => d.variant).sort()).toEqual(ALL_REVOKES.slice().sort());
    expect((await run(fixture(name))).stdout).toMatch(/credential-as-header-parameter ×1 \(delegation\): NetSapiens 45 writes/);
  });

  test("the two v45 exports differ only where they do: the n8n copy also drops the password grant's 401 and 404", async () => {
    const only = async (name: string) => (await report(fixture(name))).drift.map(brief);
    const [n8n, mcp] = [await only("45.0-n8n"), await only("45-mcp")];
    expect(n8n.filter((d) => !mcp.includes(d))).toEqual(["password status-removed 401", "password status-removed 404"]);
  });
});

describe("verdicts on NetSapiens-shaped exports", () => {
  test("44.4-like (what our spec describes): no drift, exit 0, every known difference listed with its reason", async () => {
    const { code, stdout } = await run(fixture("44.4-like"));
    expect(code).toBe(0);
    expect(stdout).toMatch(/No drift\.$/m);
    const r = await report(fixture("44.4-like"));
    expect(r.drift).toEqual([]);
    expect(new Set(r.accepted.map((d) => d.accepted))).toEqual(
      new Set(["403-declared-by-us", "refresh-optional", "403-body", "202-body", "observed-claims", "netsapiens-log-header", "constraints-ours-only", "jwt-format", "grant-type-per-grant", "defaults-of-required-fields", "body-required", "domain-pattern"]),
    );
  });

  test("44.2-like: no refresh grant, and a delegation without its API key is drift (no longer filed as an artefact)", async () => {
    expect((await report(fixture("44.2-like"))).drift.map(brief)).toEqual(["refresh variant-removed", "delegation credential-changed"]);
  });

  test("renumbered `#N` keys are not drift", async () => {
    const swapped = changed("44.4-like", (doc) => {
      [doc.paths["/jwt#1"], doc.paths["/jwt#3"]] = [doc.paths["/jwt#3"], doc.paths["/jwt#1"]];
    });
    expect((await run(swapped)).code).toBe(0);
  });
});

// One change each to the 44.4-like group (no drift as it is): each must come out as exactly this drift.
const schemas = (doc: any) => doc.components.schemas;
const SINGLE_CHANGES: Array<[string, string, (doc: any) => void, string[]]> = [
  ["44.4-like", "`password` removed from the grant_type enum", (d) => (schemas(d).AuthRequest.properties.grant_type.enum = ["refresh_token", "mfa"]), ["password request-field-changed"]],
  ["44.4-like", "the ns_id_type enum changed", (d) => (schemas(d).AuthRequestMFA.properties.ns_id_type.enum = ["subscriber", "level1", "level2"]), ["mfa field-changed request ns_id_type enum"]],
  ["44.4-like", "maxLength of the domain set to 8", (d) => (schemas(d).DomainName.maxLength = 8), ["delegation field-changed request domain maxLength", "claims field-changed 200 response domain maxLength"]],
  ["44.4-like", "a pattern added on the jti path parameter", (d) => (d.paths["/jwt/{jti}#1"].delete.parameters[0].schema.pattern = "^[0-9a-f]{32}$"), ["revoke-by-jti field-changed parameter path #1 pattern"]],
  ["44.4-like", "the delegation's credential removed (`security: []` alone)", (d) => (d.paths["/jwt#3"].post.security = []), ["delegation credential-changed"]],
  ["45.0-n8n", "the delegation's Authorization header made optional", (d) => (d.paths["/jwt#3"].post.parameters[0].required = false), ["delegation credential-changed"]],
  ["45.0-n8n", "the delegation's Authorization header removed (`security: []` left)", (d) => (d.paths["/jwt#3"].post.parameters = []), ["delegation credential-changed"]],
  ["44.4-like", "a format changed", (d) => (schemas(d).AuthRequest.properties.password.format = "byte"), ["password field-changed request password format"]],
  ["44.4-like", "a minimum added", (d) => (schemas(d).JwtResponse.properties.exp = { type: "integer", minimum: 0 }), ["claims field-changed 200 response exp minimum"]],
  ["44.4-like", "a default that changes behaviour", (d) => (schemas(d).AuthRequestMFA.properties.ns_id_type.default = "level1"), ["mfa field-changed request ns_id_type default"]],
  ["44.4-like", "a request field made optional", (d) => (schemas(d).AuthRequest.required = schemas(d).AuthRequest.required.filter((f: string) => f !== "client_secret")), ["password field-changed request client_secret required"]],
  ["44.4-like", "a request field's type changed", (d) => (schemas(d).AuthRequestMFA.properties.passcode = { type: "integer" }), ["mfa field-changed request passcode type"]],
  ["44.4-like", "a query parameter added", (d) => (d.paths["/jwt"].get.parameters = [{ name: "full", in: "query", required: true, schema: { type: "boolean" } }]), ["claims field-added parameter query full"]],
  ["44.4-like", "a response field added", (d) => (schemas(d).JwtResponse.properties.mask_chain = { type: "string" }), ["claims field-added 200 response mask_chain"]],
  ["44.4-like", "a status added", (d) => (d.paths["/jwt"].get.responses["429"] = { description: "Too many" }), ["claims status-added 429"]],
  ["44.4-like", "a credential added where ours has none", (d) => (d.paths["/jwt#1"].post.security = [{ bearerAuth: [] }]), ["refresh credential-changed"]],
  ["44.4-like", "the credential moved to a query API key", (d) => (d.components.securitySchemes.bearerAuth = { type: "apiKey", in: "query", name: "api_key" }), ["claims credential-changed", "revoke-current credential-changed", "revoke-by-jti credential-changed", "revoke-by-uid credential-changed", "delegation credential-changed"]],
  ["44.4-like", "a variant removed", (d) => delete d.paths["/jwt/{uid}"], ["revoke-by-uid variant-removed"]],
];

const baselines = new Map<string, Set<string>>();
async function driftOf(base: string): Promise<Set<string>> {
  if (!baselines.has(base)) baselines.set(base, new Set((await report(fixture(base))).drift.map(brief)));
  return baselines.get(base)!;
}

describe("each single change is drift (exit 1)", () => {
  test.each(SINGLE_CHANGES)("%s: %s", async (base, _what, change, expected) => {
    const r = await report(changed(base, change));
    expect(r.exitCode).toBe(1);
    const before = await driftOf(base);
    expect(r.drift.map(brief).filter((d) => !before.has(d)).sort()).toEqual(expected.map((e) => e.replace("request-field-changed", "field-changed request grant_type enum")).sort());
  });

  test("a new drift reads plainly in the text report", async () => {
    const { stdout } = await run(changed("44.4-like", (d) => (schemas(d).DomainName.maxLength = 8)));
    expect(stdout).toMatch(/DRIFT delegation grant \(POST \/jwt\) — upstream `\/jwt#3`.*\n\s+request field domain maxLength: 64 → 8/);
    expect(stdout).toMatch(/Drift: 2 differences in 2 variants\./);
  });
});
