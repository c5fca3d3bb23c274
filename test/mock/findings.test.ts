// Findings of an outside fuzzer and hostile requests by hand: each is refused as the spec says, in-process
// and over HTTP, and every answer stays valid against the spec.
import { createHmac } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { createMockServer, DEFAULT_CLIENT, listen, MockNetSapiens, type ListeningMock } from "../../src/mock/index.js";
import { specCheckedFetch } from "../support/spec-checked-fetch.js";
import { validateInline } from "../support/spec-validator.js";
import { spec } from "../support/spec.js";

const SECRET = "findings-secret";
const NOW = Date.UTC(2026, 5, 1, 12);
type Fetch = (input: string, init?: RequestInit) => Promise<Response>;

let server: ListeningMock;
const mocks: Record<string, MockNetSapiens> = {};
const transports: Array<[string, () => { fetch: Fetch; origin: string; base: string }]> = [
  ["in-process", () => ({ fetch: mocks.inProcess!.fetch, origin: "https://netsapiens.test", base: MockNetSapiens.inProcessBaseUrl })],
  ["HTTP", () => ({ fetch: (input, init) => fetch(input, init), origin: server.origin, base: server.baseUrl })],
];
beforeAll(async () => {
  mocks.inProcess = createMockServer({ secret: SECRET, now: () => NOW });
  mocks.http = createMockServer({ secret: SECRET, now: () => NOW });
  server = await listen(mocks.http);
});
afterAll(() => server.close());

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
/** A token signed with the mock's secret by hand, not issued by the mock. */
function handMade(payload: Record<string, unknown>): string {
  const input = `${b64({ typ: "JWT", alg: "HS256" })}.${b64(payload)}`;
  return `${input}.${createHmac("sha256", SECRET).update(input).digest("base64url")}`;
}
const nowSeconds = Math.floor(NOW / 1000);
const complete = {
  aud: "ns", iss: "netsapiens.test", jti: "ab".repeat(20), iat: nowSeconds, exp: nowSeconds + 3600,
  sub: "1001@example.com", domain: "example.com", user: "1001", user_email: null, user_scope: "Basic User", displayName: "Bob Basic",
};
const without = (key: string) => Object.fromEntries(Object.entries(complete).filter(([name]) => name !== key));

async function json(response: Response) {
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

describe.each(transports)("%s", (_name, get) => {
  it.each(["%ZZ", "%", "%C0%AF", "%E0%A4%A", "abc%2", "%FF@example.com"])("answers DELETE /jwt/%s (a malformed escape) with 400 {code, message}", async (id) => {
    const { fetch, base } = get();
    const checked = specCheckedFetch(fetch as never);
    expect(await json(await checked(`${base}/jwt/${id}`, { method: "DELETE" }))).toEqual({ status: 400, body: { code: 400, message: expect.any(String) } });
    expect(checked.violations).toEqual([]);
  });

  it.each(["/jwt", "/foo/ns-api/v2/jwt", "/ns-api/v2x/jwt", "/ns-api/jwt", "/ns-api/v2/ns-api/v2/jwt", "/NS-API/V2/jwt"])(
    "serves nothing outside the base path: GET %s is 404 {code, message}",
    async (path) => {
      const { fetch, origin } = get();
      expect(await json(await fetch(`${origin}${path}`))).toEqual({ status: 404, body: { code: 404, message: expect.any(String) } });
    },
  );

  it("still serves exactly under /ns-api/v2", async () => {
    const { fetch, origin } = get();
    expect((await fetch(`${origin}/ns-api/v2/jwt`)).status).toBe(401);
  });

  it.each([
    ["no exp", without("exp")],
    ["no jti", without("jti")],
    ["a jti that is not a JWT ID", { ...complete, jti: "not-hex" }],
    ["a fractional exp", { ...complete, exp: nowSeconds + 3600.5 }],
    ["no user_scope (the claims the spec requires)", without("user_scope")],
  ])("refuses a hand-made token signed with the secret that has %s: 401", async (_what, payload) => {
    const { fetch, base } = get();
    const checked = specCheckedFetch(fetch as never);
    const answer = await json(await checked(`${base}/jwt`, { headers: { Authorization: `Bearer ${handMade(payload)}` } }));
    expect(answer).toEqual({ status: 401, body: { code: 401, message: "The JWT is invalid" } });
    expect(checked.violations).toEqual([]);
  });

  it("accepts a complete hand-made token (the same secret, an earlier run)", async () => {
    const { fetch, base } = get();
    expect((await fetch(`${base}/jwt`, { headers: { Authorization: `Bearer ${handMade(complete)}` } })).status).toBe(200);
  });

  it.each([
    ["no jti", { aud: "ns", iss: "netsapiens.test", sub: "1001@example.com", token_use: "refresh", iat: nowSeconds, exp: nowSeconds + 3600 }],
    ["no exp", { aud: "ns", iss: "netsapiens.test", sub: "1001@example.com", token_use: "refresh", iat: nowSeconds, jti: "cd".repeat(20) }],
  ])("refuses a hand-made refresh JWT with %s: 401", async (_what, payload) => {
    const { fetch, base } = get();
    const answer = await json(await fetch(`${base}/jwt`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ refresh: handMade(payload) }) }));
    expect(answer).toMatchObject({ status: 401, body: { code: 401 } });
  });

  it("answers an mfa_required token on every bearer operation with a 403 the spec declares", async () => {
    const { fetch, base } = get();
    const checked = specCheckedFetch(fetch as never);
    const login = await json(await fetch(`${base}/jwt`, {
      method: "POST", headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ grant_type: "password", client_id: DEFAULT_CLIENT.clientId, client_secret: DEFAULT_CLIENT.clientSecret, username: "1002@example.com", password: "demo-password-1002" }),
    }));
    const headers = { Authorization: `Bearer ${login.body.token}` };
    for (const [method, path] of [["GET", "/jwt"], ["DELETE", "/jwt"], ["DELETE", "/jwt/1002@example.com"]] as const) {
      expect((await checked(`${base}${path}`, { method, headers })).status).toBe(403);
    }
    expect(checked.violations).toEqual([]);
  });
});

describe("the spec admits every documented shape of a 202", () => {
  it.each([["/jwt"], ["/jwt/{id}"]])("DELETE %s: {code, message} (SuccessResponse) and {} (NetSapiens' empty object schema)", (path) => {
    let response = spec.paths[path].delete.responses["202"];
    if (response.$ref) response = spec.components.responses[response.$ref.split("/").pop()];
    const schema = response.content["application/json"].schema;
    expect(validateInline(schema, { code: 202, message: "Accepted" })).toEqual([]);
    expect(validateInline(schema, {})).toEqual([]);
    expect(validateInline(schema, { code: "202" })).not.toEqual([]);
  });
});
