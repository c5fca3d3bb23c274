// `npm run upstream:diff` end to end: the CLI run on NetSapiens-shaped exports (test/upstream/fixtures/,
// written in the shape of NetSapiens' own Apidog exports: `#N` path keys, their schema names, x-apidog-*).
import { describe, expect, test } from "@jest/globals";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const root = join(__dirname, "..", "..");
const fixture = (name: string) => join(__dirname, "fixtures", `netsapiens-${name}-like.json`);
const tmp = mkdtempSync(join(tmpdir(), "upstream-diff-"));

interface Difference {
  variant: string;
  kind: string;
  status?: string;
  field?: string;
  accepted?: string;
}
interface Report {
  exitCode: number;
  drift: Difference[];
  accepted: Difference[];
  variants: Array<{ variant: string; upstreamKey: string }>;
}

function run(...args: string[]) {
  const result = spawnSync(process.execPath, [join(root, "scripts", "upstream-diff.mjs"), ...args], { encoding: "utf8" });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}
function report(file: string): Report {
  const { code, stdout } = run(file, "--json");
  const parsed = JSON.parse(stdout) as Report;
  expect(parsed.exitCode).toBe(code);
  return parsed;
}
/** A copy of a fixture with a change applied. */
function variantOf(name: string, change: (doc: any) => void): string {
  const doc = JSON.parse(readFileSync(fixture(name), "utf8"));
  change(doc);
  const file = join(tmp, `${name}-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, JSON.stringify(doc));
  return file;
}
const brief = (d: Difference) => [d.variant, d.kind, d.status, d.field].filter(Boolean).join(" ");

describe("upstream:diff on three NetSapiens releases", () => {
  test("44.4-like (what our spec describes): no drift, exit 0, known differences listed", () => {
    const { code, stdout } = run(fixture("44.4"));
    expect(code).toBe(0);
    expect(stdout).toMatch(/No drift\.$/m);
    expect(stdout).toMatch(/ok {4}delegation grant \(POST \/jwt\) — upstream `\/jwt#3`/);
    const r = report(fixture("44.4"));
    expect(r.drift).toEqual([]);
    expect(new Set(r.accepted.map((d) => d.accepted))).toEqual(
      new Set(["403-declared-by-us", "refresh-optional", "403-body", "202-body", "observed-claims", "netsapiens-log-header"]),
    );
  });

  test("44.2-like: the refresh variant is missing; delegation at /jwt#1 is matched by its body fields", () => {
    const { code, stdout } = run(fixture("44.2"));
    expect(code).toBe(1);
    expect(stdout).toMatch(/DRIFT refresh grant/);
    const r = report(fixture("44.2"));
    expect(r.drift.map(brief)).toEqual(["refresh variant-removed"]);
    expect(r.variants.find((v) => v.variant === "delegation")?.upstreamKey).toBe("/jwt#1");
    // {token} only: accepted, since our refresh is optional.
    expect(r.accepted.filter((d) => d.field === "refresh").map(brief)).toContain("password response-field-removed 200 refresh");
  });

  test("45-like: dropped error responses are drift; the explicit Authorization header counts as the credential", () => {
    const r = report(fixture("45"));
    expect(r.exitCode).toBe(1);
    const drift = r.drift.map(brief);
    expect(drift).toEqual(
      expect.arrayContaining(["claims status-removed 401", "revoke-current status-removed 404", "revoke-by-uid status-removed 400", "mfa status-removed 401", "refresh status-removed 404"]),
    );
    expect(r.drift.every((d) => d.kind === "status-removed")).toBe(true);
    expect(drift.some((d) => d.startsWith("delegation") || d.startsWith("password"))).toBe(false);
    // `security: []` written out on the revocations: a known export artefact, reported but accepted.
    expect(r.accepted.filter((d) => d.accepted === "credential-left-out").map((d) => d.variant).sort()).toEqual(["revoke-by-jti", "revoke-by-uid", "revoke-current"]);
  });
});

describe("what counts as drift", () => {
  test("renumbered `#N` keys are not drift", () => {
    const swapped = variantOf("44.4", (doc) => {
      [doc.paths["/jwt#1"], doc.paths["/jwt#3"]] = [doc.paths["/jwt#3"], doc.paths["/jwt#1"]];
    });
    expect(run(swapped).code).toBe(0);
  });

  test("request fields, response fields, statuses and variants added, removed or changed", () => {
    const changed = variantOf("44.4", (doc) => {
      const s = doc.components.schemas;
      s.AuthRequestMFA.properties.remember_device = { type: "boolean" };
      s.AuthRequest.required = s.AuthRequest.required.filter((f: string) => f !== "client_secret");
      s.JwtResponse.properties.mask_chain = { type: "string" };
      s.JwtResponse.properties.exp = { type: "string" };
      doc.paths["/jwt"].get.responses["429"] = { description: "Too many", content: { "application/json": { schema: { $ref: "#/components/schemas/ErrorResponse" } } } };
      doc.paths["/jwt#4"] = { post: { summary: "Create JWT from an authorization code", requestBody: { content: { "application/json": { schema: { type: "object", properties: { code: { type: "string" }, redirect_uri: { type: "string" } } } } } }, responses: { "200": { description: "" } }, security: [] } };
      delete doc.paths["/jwt/{uid}"];
    });
    const r = report(changed);
    expect(r.exitCode).toBe(1);
    expect(r.drift.map(brief).sort()).toEqual(
      [
        "POST /jwt {code, redirect_uri} variant-added",
        "claims response-field-added 200 mask_chain",
        "claims response-field-changed 200 exp",
        "claims status-added 429",
        "mfa request-field-added remember_device",
        "password request-field-changed client_secret",
        "revoke-by-uid variant-removed",
      ].sort(),
    );
    const text = run(changed).stdout;
    expect(text).toMatch(/DRIFT MFA grant \(POST \/jwt\) — upstream `\/jwt#2`.*\n\s+request field remember_device added upstream \(boolean\)/);
    expect(text).toMatch(/Drift: 7 differences in 5 variants\./);
  });

  test("a credential NetSapiens adds where ours has none is drift", () => {
    const r = report(variantOf("44.4", (doc) => (doc.paths["/jwt#1"].post.security = [{ bearerAuth: [] }])));
    expect(r.drift.map(brief)).toEqual(["refresh auth-changed"]);
  });
});

describe("bad input: exit 2 and one clear line", () => {
  const cases: Array<[string, () => string, RegExp]> = [
    ["not JSON", () => (writeFileSync(join(tmp, "bad.json"), "openapi: 3.0.1\n"), join(tmp, "bad.json")), /is not JSON/],
    ["not OpenAPI", () => (writeFileSync(join(tmp, "plain.json"), '{"hello": 1}'), join(tmp, "plain.json")), /not an OpenAPI document/],
    ["no JWT paths", () => variantOf("44.4", (doc) => (doc.paths = { "/domains/{domain}/users": doc.paths["/domains/{domain}/users"] })), /no JWT operations/],
    ["a missing file", () => join(tmp, "absent.json"), /cannot read .*ENOENT/],
  ];
  test.each(cases)("%s", (_name, file, message) => {
    const { code, stdout, stderr } = run(file());
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr.trim().split("\n")).toHaveLength(1);
    expect(stderr).toMatch(message);
  });
  test("no file given", () => {
    expect(run().code).toBe(2);
  });
});
