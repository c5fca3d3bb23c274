import { describe, expect, it } from "@jest/globals";
import { AuthenticationError, NsAuth, ValidationError } from "../../src/index.js";
import { VERSION } from "../../src/version.js";
import { json, recordingFetch } from "../support/recording-fetch.js";
import { SECRETS, fakeJwt } from "../support/tokens.js";

const BASE = "https://pbx.example.com/ns-api/v2";
const NOW = Date.UTC(2026, 0, 1) ;
const exp = (inSeconds: number) => Math.floor(NOW / 1000) + inSeconds;

function setup(responder: Parameters<typeof recordingFetch>[0], extra: Record<string, unknown> = {}) {
  const fetch = recordingFetch(responder);
  const auth = new NsAuth({
    server: "pbx.example.com",
    clientId: "my-app",
    clientSecret: SECRETS.clientSecret,
    fetch,
    now: () => NOW,
    ...extra,
  });
  return { auth, fetch };
}

describe("password login", () => {
  it("sends the password grant once, exactly, and holds the session", async () => {
    const token = fakeJwt({ exp: exp(3600) });
    const refresh = fakeJwt({ exp: exp(86400) });
    const { auth, fetch } = setup(() => json(200, { token, refresh }), { userAgent: "crm-sync/2.1", logTag: "login-debug" });

    const result = await auth.login({ username: "1000@example.com", password: SECRETS.password });

    expect(fetch.requests).toHaveLength(1);
    const [sent] = fetch.requests;
    expect(sent?.method).toBe("POST");
    expect(sent?.url).toBe(`${BASE}/jwt`);
    expect(sent?.headers).toMatchObject({
      "content-type": "application/json",
      "user-agent": `ns-api-jwt/${VERSION} crm-sync/2.1`,
      "x-netsapiens-log": "login-debug",
    });
    expect(sent?.headers.authorization).toBeUndefined();
    expect(JSON.parse(sent?.body ?? "")).toEqual({
      grant_type: "password",
      client_id: "my-app",
      client_secret: SECRETS.clientSecret,
      username: "1000@example.com",
      password: SECRETS.password,
    });
    expect(result).toMatchObject({ status: "authenticated", canRefresh: true, expiresAt: new Date(exp(3600) * 1000) });
    expect(auth.isAuthenticated).toBe(true);
    expect(auth.expiresAt).toEqual(new Date(exp(3600) * 1000));
    expect(await auth.accessToken()).toBe(token);
  });

  it("accepts a server that returns no refresh JWT (before NetSapiens 44.3)", async () => {
    const { auth } = setup(() => json(200, { token: fakeJwt({ exp: exp(3600) }) }));
    const result = await auth.login({ username: "1000@example.com", password: SECRETS.password });
    expect(result).toMatchObject({ status: "authenticated", canRefresh: false });
  });

  it("turns a 401 into an AuthenticationError and stores nothing", async () => {
    const { auth } = setup(() => json(401, { code: 401, message: "Invalid credentials" }));
    const failure = auth.login({ username: "1000@example.com", password: SECRETS.password });
    await expect(failure).rejects.toThrow(AuthenticationError);
    await expect(failure).rejects.toMatchObject({ status: 401, code: 401, message: "401: Invalid credentials" });
    expect(auth.isAuthenticated).toBe(false);
  });

  it("refuses to log in without client credentials, sending nothing", async () => {
    const fetch = recordingFetch();
    const auth = new NsAuth({ server: "pbx.example.com", fetch });
    await expect(auth.login({ username: "u@d", password: "p" })).rejects.toMatchObject({ name: "ValidationError", field: "clientId" });
    expect(fetch.requests).toHaveLength(0);
  });
});

describe("MFA login", () => {
  const mfaToken = fakeJwt({ user_scope: "mfa_required", mfa_vendor: "google", mfa_type: "authenticator", exp: exp(300) });

  it("returns a challenge, stores nothing, and completes with the MFA grant", async () => {
    const full = fakeJwt({ exp: exp(3600) });
    const { auth, fetch } = setup((_req, i) => (i === 0 ? json(200, { token: mfaToken }) : json(200, { token: full, refresh: fakeJwt() })));

    const result = await auth.login({ username: "1002@portal", password: SECRETS.password });
    expect(result.status).toBe("mfa_required");
    if (result.status !== "mfa_required") throw new Error("unreachable");
    expect(result).toMatchObject({ username: "1002@portal", mfaVendor: "google", mfaType: "authenticator" });
    expect(auth.isAuthenticated).toBe(false);

    const done = await result.complete("371706");
    expect(done.status).toBe("authenticated");
    expect(await auth.accessToken()).toBe(full);
    expect(fetch.requests).toHaveLength(2);
    expect(fetch.requests[1]).toMatchObject({ method: "POST", url: `${BASE}/jwt` });
    expect(fetch.requests[1]?.headers.authorization).toBeUndefined();
    expect(JSON.parse(fetch.requests[1]?.body ?? "")).toEqual({
      grant_type: "mfa",
      client_id: "my-app",
      client_secret: SECRETS.clientSecret,
      username: "1002@portal",
      password: SECRETS.password,
      mfa_vendor: "google",
      mfa_type: "authenticator",
      ns_id_type: "subscriber",
      passcode: "371706",
      access_token: mfaToken,
    });
  });

  it("copies a non-default vendor and type from the token", async () => {
    const other = fakeJwt({ user_scope: "mfa_required", mfa_vendor: "duo", mfa_type: "totp" });
    const { auth, fetch } = setup((_r, i) => json(200, { token: i === 0 ? other : fakeJwt() }));
    const result = await auth.login({ username: "1002@portal", password: SECRETS.password });
    if (result.status !== "mfa_required") throw new Error("expected a challenge");
    await result.complete("000123");
    expect(JSON.parse(fetch.requests[1]?.body ?? "")).toMatchObject({ mfa_vendor: "duo", mfa_type: "totp", passcode: "000123" });
  });

  it.each(["12345", "1234567", "12a456", " 123456", "", 123456])("refuses passcode %j without sending", async (passcode) => {
    const { auth, fetch } = setup(() => json(200, { token: mfaToken }));
    const result = await auth.login({ username: "1002@portal", password: SECRETS.password });
    if (result.status !== "mfa_required") throw new Error("expected a challenge");
    await expect(result.complete(passcode as string)).rejects.toBeInstanceOf(ValidationError);
    expect(fetch.requests).toHaveLength(1);
  });

  it("lets a wrong passcode be retried on the same challenge", async () => {
    const { auth, fetch } = setup((_r, i) =>
      i === 0 ? json(200, { token: mfaToken }) : i === 1 ? json(401, { code: 401, message: "Invalid passcode" }) : json(200, { token: fakeJwt() }),
    );
    const result = await auth.login({ username: "1002@portal", password: SECRETS.password });
    if (result.status !== "mfa_required") throw new Error("expected a challenge");
    await expect(result.complete("111111")).rejects.toBeInstanceOf(AuthenticationError);
    await expect(result.complete("222222")).resolves.toMatchObject({ status: "authenticated" });
    expect(fetch.requests).toHaveLength(3);
  });
});
