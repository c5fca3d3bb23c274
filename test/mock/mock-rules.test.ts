// The mock behaves as NetSapiens is documented to, and every response it sends matches the spec.
import { afterEach, describe, expect, it } from "@jest/globals";
import { jwtVerify } from "jose";
import { createMockServer, DEFAULT_API_KEY, DEFAULT_CLIENT, MockNetSapiens, totp } from "../../src/mock/index.js";
import { specCheckedFetch } from "../support/spec-checked-fetch.js";

const BASE = MockNetSapiens.inProcessBaseUrl;
const client = { client_id: DEFAULT_CLIENT.clientId, client_secret: DEFAULT_CLIENT.clientSecret };
const TOTP_SECRET = "JBSWY3DPEHPK3PXP";

function setup(options: Parameters<typeof createMockServer>[0] = {}) {
  let now = Date.UTC(2026, 5, 1, 12);
  const mock = createMockServer({
    now: () => now,
    secret: "mock-test-secret",
    ...options,
  });
  mock.addUser({ user: "2000", domain: "totp.example", password: "totp-pass", totpSecret: TOTP_SECRET });
  mock.addUser({ user: "3000", domain: "other.example", password: "other-pass", scope: "Basic User" });
  const fetch = specCheckedFetch(mock.fetch);
  checked.push(fetch);
  const call = async (method: string, path: string, options: { body?: unknown; bearer?: string | undefined; raw?: string; type?: string } = {}) => {
    const headers: Record<string, string> = {};
    if (options.bearer) headers.Authorization = `Bearer ${options.bearer}`;
    if (options.body !== undefined || options.raw !== undefined) headers["Content-Type"] = options.type ?? "application/json";
    const body = options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
    const response = await fetch(`${BASE}${path}`, { method, headers, ...(body === undefined ? {} : { body }) });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined, headers: response.headers };
  };
  const login = async (username = "1000@example.com", password = "demo-password-1000") =>
    (await call("POST", "/jwt", { body: { grant_type: "password", ...client, username, password } })).body as { token: string; refresh?: string };
  return { mock, call, login, advance: (ms: number) => (now += ms) };
}

const checked: Array<ReturnType<typeof specCheckedFetch>> = [];
afterEach(() => {
  for (const fetch of checked.splice(0)) expect(fetch.violations).toEqual([]);
});

const payloadOf = (token: string) => JSON.parse(Buffer.from(token.split(".")[1] ?? "", "base64url").toString());
const headerOf = (token: string) => JSON.parse(Buffer.from(token.split(".")[0] ?? "", "base64url").toString());

describe("password grant", () => {
  it("issues an HS256 token with realistic claims and a refresh JWT", async () => {
    const { login } = setup();
    const { token, refresh } = await login();
    expect(headerOf(token)).toEqual({ typ: "JWT", alg: "HS256" });
    const claims = payloadOf(token);
    expect(claims).toMatchObject({ aud: "ns", sub: "1000@example.com", user: "1000", domain: "example.com", user_scope: "Office Manager", time_out: 86_400_000 });
    expect(claims.jti).toMatch(/^[0-9a-f]{40}$/);
    expect(claims.exp - claims.iat).toBe(86_400);
    expect(typeof refresh).toBe("string");
  });

  it("signs tokens that an independent JWT library verifies with the server's secret, and with no other", async () => {
    const { login } = setup();
    const { token, refresh } = await login();
    const secret = new TextEncoder().encode("mock-test-secret");
    for (const jwt of [token, refresh ?? ""]) {
      const { payload, protectedHeader } = await jwtVerify(jwt, secret, { algorithms: ["HS256"], currentDate: new Date(Date.UTC(2026, 5, 1, 12)) });
      expect(protectedHeader.alg).toBe("HS256");
      expect(payload.sub).toBe("1000@example.com");
    }
    await expect(jwtVerify(token, new TextEncoder().encode("another-secret"), { currentDate: new Date(Date.UTC(2026, 5, 1, 12)) })).rejects.toThrow(/signature/);
  });

  it("gives every token a JWT ID of its own", async () => {
    const { login } = setup();
    const jtis = new Set<string>();
    for (let i = 0; i < 150; i++) {
      const { token, refresh } = await login();
      jtis.add(payloadOf(token).jti).add(payloadOf(refresh ?? "").jti);
    }
    expect(jtis.size).toBe(300);
  });

  it.each([
    ["a wrong client secret", { client_secret: "nope" }],
    ["an unknown client", { client_id: "nope" }],
    ["a wrong password", { password: "nope" }],
    ["an unknown user", { username: "9999@example.com" }],
  ])("refuses %s with 401", async (_what, change) => {
    const { call } = setup();
    const body = { grant_type: "password", ...client, username: "1000@example.com", password: "demo-password-1000", ...change };
    const response = await call("POST", "/jwt", { body });
    expect(response.status).toBe(401);
    expect(response.body).toEqual({ code: 401, message: expect.any(String) });
  });

  it("behaves like a server before 44.3 when asked: no refresh JWT", async () => {
    const { login } = setup({ issueRefreshTokens: false });
    expect(Object.keys(await login())).toEqual(["token"]);
  });
});

describe("MFA", () => {
  it("answers an MFA user with an mfa_required token, then a full token for the right passcode", async () => {
    const { call, login } = setup();
    const first = await login("1002@example.com", "demo-password-1002");
    expect(first.refresh).toBeUndefined();
    const mfa = payloadOf(first.token);
    expect(mfa).toMatchObject({ user_scope: "mfa_required", mfa_vendor: "google", mfa_type: "authenticator" });
    expect((await call("GET", "/jwt", { bearer: first.token })).status).toBe(403);

    const grant = {
      grant_type: "mfa", ...client, username: "1002@example.com", password: "demo-password-1002",
      mfa_vendor: "google", mfa_type: "authenticator", ns_id_type: "subscriber", access_token: first.token,
    };
    expect((await call("POST", "/jwt", { body: { ...grant, passcode: "654321" } })).status).toBe(401);
    const ok = await call("POST", "/jwt", { body: { ...grant, passcode: "123456" } });
    expect(ok.status).toBe(200);
    expect(payloadOf(ok.body.token).user_scope).toBe("Basic User");
    expect((await call("POST", "/jwt", { body: { ...grant, passcode: "123456" } })).status).toBe(401);
  });

  it("checks RFC 6238 TOTP codes at the injected time", async () => {
    const { call, login, mock } = setup();
    const first = await login("2000@totp.example", "totp-pass");
    const code = mock.passcodeFor("2000@totp.example");
    expect(code).toBe(totp(TOTP_SECRET, mock.now()));
    const grant = {
      grant_type: "mfa", ...client, username: "2000@totp.example", password: "totp-pass",
      mfa_vendor: "google", mfa_type: "authenticator", ns_id_type: "subscriber", access_token: first.token, passcode: code,
    };
    expect((await call("POST", "/jwt", { body: grant })).status).toBe(200);
  });

  it("computes the RFC 6238 test vector", () => {
    // RFC 6238 appendix B, SHA-1 seed "12345678901234567890" (base32 below), T = 59 s → 94287082 (8 digits) → 287082.
    expect(totp("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", 59_000)).toBe("287082");
  });
});

describe("refresh grant", () => {
  it("rotates: the new pair works, the used refresh JWT is refused", async () => {
    const { call, login } = setup();
    const { refresh } = await login();
    const rotated = await call("POST", "/jwt", { body: { refresh } });
    expect(rotated.status).toBe(200);
    expect(rotated.body.refresh).not.toBe(refresh);
    expect((await call("GET", "/jwt", { bearer: rotated.body.token })).status).toBe(200);
    expect((await call("POST", "/jwt", { body: { refresh } })).status).toBe(401);
    expect((await call("POST", "/jwt", { body: { refresh: rotated.body.refresh } })).status).toBe(200);
  });

  it("refuses a refresh JWT used as a bearer token, and an access token used as a refresh JWT", async () => {
    const { call, login } = setup();
    const { token, refresh } = await login();
    expect((await call("GET", "/jwt", { bearer: refresh })).body).toEqual({ code: 401, message: "A refresh JWT cannot be used as a bearer token" });
    expect((await call("POST", "/jwt", { body: { refresh: token } })).status).toBe(401);
  });
});

describe("delegation", () => {
  it("issues a token for {user, domain} to a valid API key", async () => {
    const { call } = setup();
    const response = await call("POST", "/jwt", { body: { user: "1001", domain: "example.com" }, bearer: DEFAULT_API_KEY });
    expect(response.status).toBe(200);
    expect(payloadOf(response.body.token).sub).toBe("1001@example.com");
  });

  it("refuses without a key (401), with a wrong key (401), and for an unknown user (404)", async () => {
    const { call } = setup();
    const body = { user: "1001", domain: "example.com" };
    expect((await call("POST", "/jwt", { body })).status).toBe(401);
    expect((await call("POST", "/jwt", { body, bearer: "nsd_wrong" })).status).toBe(401);
    expect((await call("POST", "/jwt", { body: { user: "9", domain: "example.com" }, bearer: DEFAULT_API_KEY })).status).toBe(404);
  });
});

describe("claims and revocation", () => {
  it("GET /jwt returns the claims; DELETE /jwt revokes the current token", async () => {
    const { call, login } = setup();
    const { token } = await login();
    const claims = await call("GET", "/jwt", { bearer: token });
    expect(claims.body).toEqual(payloadOf(token));
    expect(await call("DELETE", "/jwt", { bearer: token })).toMatchObject({ status: 202, body: { code: 202, message: "Accepted" } });
    expect((await call("GET", "/jwt", { bearer: token })).body).toEqual({ code: 401, message: "The JWT has been revoked" });
  });

  it("DELETE /jwt/{jti} revokes one token; unknown JTIs are 404", async () => {
    const { call, login } = setup();
    const a = await login();
    const b = await login();
    expect((await call("DELETE", `/jwt/${payloadOf(b.token).jti}`, { bearer: a.token })).status).toBe(202);
    expect((await call("GET", "/jwt", { bearer: b.token })).status).toBe(401);
    expect((await call("GET", "/jwt", { bearer: a.token })).status).toBe(200);
    expect((await call("DELETE", `/jwt/${"0".repeat(40)}`, { bearer: a.token })).status).toBe(404);
  });

  it("DELETE /jwt/{uid} revokes every token of the user, refresh JWTs included", async () => {
    const { call, login } = setup();
    const admin = await login();
    const one = await login("1001@example.com", "demo-password-1001");
    const two = await login("1001@example.com", "demo-password-1001");
    expect((await call("DELETE", "/jwt/1001@example.com", { bearer: admin.token })).status).toBe(202);
    expect((await call("GET", "/jwt", { bearer: one.token })).status).toBe(401);
    expect((await call("GET", "/jwt", { bearer: two.token })).status).toBe(401);
    expect((await call("POST", "/jwt", { body: { refresh: two.refresh } })).status).toBe(401);
    expect((await call("GET", "/jwt", { bearer: admin.token })).status).toBe(200);
  });

  it("a basic user may revoke only their own tokens; an Office Manager only in their domain", async () => {
    const { call, login } = setup();
    const basic = await login("1001@example.com", "demo-password-1001");
    const admin = await login();
    expect((await call("DELETE", "/jwt/1000@example.com", { bearer: basic.token })).status).toBe(403);
    expect((await call("DELETE", "/jwt/3000@other.example", { bearer: admin.token })).status).toBe(403);
    expect((await call("DELETE", "/jwt/1001@example.com", { bearer: basic.token })).status).toBe(202);
  });

  it("forgets expired tokens (their JTIs are 404) and keeps live ones revocable across a sweep", async () => {
    const { call, login, advance } = setup({ tokenTtlSeconds: 60, refreshTtlSeconds: 60 });
    const expired = await login();
    advance(30_000);
    const older = await login("1001@example.com", "demo-password-1001");
    const admin = await login();
    advance(31_000); // the first login's tokens are 61 s old now: expired; the other two's 31 s
    // Two tokens a login: past 1,024 on record, the next token issued sweeps the expired ones.
    for (let i = 0; i < 520; i++) await login();
    expect((await call("DELETE", `/jwt/${payloadOf(expired.token).jti}`, { bearer: admin.token })).status).toBe(404);
    expect((await call("DELETE", `/jwt/${payloadOf(older.token).jti}`, { bearer: admin.token })).status).toBe(202);
    expect((await call("GET", "/jwt", { bearer: older.token })).status).toBe(401);
    expect((await call("POST", "/jwt", { body: { refresh: older.refresh } })).status).toBe(200);
    expect((await call("DELETE", "/jwt/1000@example.com", { bearer: admin.token })).status).toBe(202);
    expect((await call("GET", "/jwt", { bearer: admin.token })).status).toBe(401);
  }, 30_000); // 520 logins through the spec check, to pass the sweep threshold: seconds on a loaded machine

  it("answers 400 to an id that is neither and 404 to an unknown user", async () => {
    const { call, login } = setup();
    const { token } = await login();
    expect((await call("DELETE", "/jwt/not-an-id", { bearer: token })).status).toBe(400);
    expect((await call("DELETE", "/jwt/nobody@example.com", { bearer: token })).status).toBe(404);
  });
});

describe("token security", () => {
  const forge = (header: object, payload: object, signature = "") =>
    `${Buffer.from(JSON.stringify(header)).toString("base64url")}.${Buffer.from(JSON.stringify(payload)).toString("base64url")}.${signature}`;

  it("refuses alg none, a tampered payload, another key's signature, and an expired token", async () => {
    const { call, login, advance } = setup();
    const { token } = await login();
    const [header, , signature] = token.split(".");
    const claims = payloadOf(token);
    const other = createMockServer({ secret: "another-secret" });
    const foreign = (await (await other.fetch(`${BASE}/jwt`, {
      method: "POST", headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ grant_type: "password", ...client, username: "1000@example.com", password: "demo-password-1000" }),
    })).json()).token;

    const attempts = [
      forge({ typ: "JWT", alg: "none" }, claims),
      `${header}.${Buffer.from(JSON.stringify({ ...claims, user_scope: "Super User" })).toString("base64url")}.${signature}`,
      foreign,
      "garbage",
    ];
    for (const bearer of attempts) {
      expect(await call("GET", "/jwt", { bearer })).toMatchObject({ status: 401, body: { code: 401, message: "The JWT is invalid" } });
    }
    advance(86_401_000);
    expect((await call("GET", "/jwt", { bearer: token })).body).toEqual({ code: 401, message: "The JWT has expired" });
    expect((await call("GET", "/jwt")).status).toBe(401);
  });
});

describe("request validation against the spec", () => {
  it.each([
    ["an unknown body shape", { body: { grant_type: "client_credentials", ...client } }],
    ["a mix of two grants", { body: { user: "1", domain: "example.com", refresh: "a.b.c" } }],
    ["a short passcode", { body: { grant_type: "mfa", ...client, username: "u", password: "p", mfa_vendor: "g", mfa_type: "a", ns_id_type: "subscriber", access_token: "a.b.c", passcode: "12" } }],
    ["malformed JSON", { raw: '{"grant_type":' }],
    ["a wrong content type", { raw: "grant_type=password", type: "application/x-www-form-urlencoded" }],
    ["an oversized body", { raw: JSON.stringify({ refresh: `a.${"b".repeat(20_000)}.c` }) }],
  ])("refuses %s with 400 {code, message}", async (_what, options) => {
    const { call } = setup();
    const response = await call("POST", "/jwt", options);
    expect(response.status).toBe(400);
    expect(response.body).toEqual({ code: 400, message: expect.any(String) });
  });
});

describe("fault injection", () => {
  it("injects a status with Retry-After, a number of times", async () => {
    const { call, login, mock } = setup();
    const { token } = await login();
    mock.faults.set("GET /jwt", { status: 429, retryAfterSeconds: 2, times: 2 });
    const first = await call("GET", "/jwt", { bearer: token });
    expect(first.status).toBe(429);
    expect(first.headers.get("Retry-After")).toBe("2");
    expect((await call("GET", "/jwt", { bearer: token })).status).toBe(429);
    expect((await call("GET", "/jwt", { bearer: token })).status).toBe(200);
    expect(mock.count("GET /jwt")).toBe(3);
  });

  it("injects latency, a dropped connection and malformed JSON", async () => {
    const { call, mock } = setup();
    mock.faults.set("POST /jwt", { latencyMs: 50, times: 1 });
    const started = Date.now();
    await call("POST", "/jwt", { body: { refresh: "a.b.c" } });
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);

    mock.faults.set("*", { drop: true, times: 1 });
    await expect(call("GET", "/jwt")).rejects.toThrow(TypeError);

    mock.faults.set("POST /jwt", { malformedJson: true, times: 1 });
    await expect(call("POST", "/jwt", { body: { refresh: "a.b.c" } })).rejects.toThrow(SyntaxError);
  });
});
