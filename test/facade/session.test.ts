// Delegation, claims (server and local), revocation, the token store and its events.
import { describe, expect, it } from "@jest/globals";
import { createMemoryTokenStore, createAuthenticatedClient, NsAuth, PermissionDeniedError, ValidationError, type SessionTokens } from "../../src/index.js";
import { json, recordingFetch } from "../support/recording-fetch.js";
import { SECRETS, fakeJwt } from "../support/tokens.js";

const BASE = "https://pbx.example.com/ns-api/v2";

function setup(responder: Parameters<typeof recordingFetch>[0] = () => json(202, { code: 202, message: "Accepted" }), tokens?: SessionTokens) {
  const fetch = recordingFetch(responder);
  const auth = new NsAuth({ server: "pbx.example.com", apiKey: SECRETS.apiKey, fetch, store: createMemoryTokenStore(tokens) });
  return { auth, fetch };
}

describe("delegation", () => {
  it("sends {user, domain} with the API key as bearer and holds the delegated session", async () => {
    const token = fakeJwt({ sub: "1000@example.com" });
    const { auth, fetch } = setup(() => json(200, { token }));
    const result = await auth.delegate({ user: "1000", domain: "example.com" });
    expect(result).toMatchObject({ status: "authenticated", canRefresh: false, claims: { sub: "1000@example.com" } });
    expect(fetch.requests).toHaveLength(1);
    expect(fetch.requests[0]).toMatchObject({ method: "POST", url: `${BASE}/jwt` });
    expect(fetch.requests[0]?.headers.authorization).toBe(`Bearer ${SECRETS.apiKey}`);
    expect(JSON.parse(fetch.requests[0]?.body ?? "")).toEqual({ user: "1000", domain: "example.com" });
    expect(await auth.accessToken()).toBe(token);
  });

  it("needs an API key", async () => {
    const fetch = recordingFetch();
    const auth = new NsAuth({ server: "pbx.example.com", fetch });
    await expect(auth.delegate({ user: "1000", domain: "example.com" })).rejects.toMatchObject({ field: "apiKey" });
    expect(fetch.requests).toHaveLength(0);
  });

  it("maps a 403 to PermissionDeniedError", async () => {
    const { auth } = setup(() => json(403, { code: 403, message: "Permission Denied" }));
    await expect(auth.delegate({ user: "1000", domain: "example.com" })).rejects.toBeInstanceOf(PermissionDeniedError);
  });
});

describe("claims", () => {
  it("reads them from the server with the bearer token", async () => {
    const token = fakeJwt();
    const server = { user_email: null, user_scope: "Basic User", displayName: "Jane Doe", exp: 1 };
    const { auth, fetch } = setup(() => json(200, server), { token });
    await expect(auth.claims()).resolves.toEqual(server);
    expect(fetch.requests[0]).toMatchObject({ method: "GET", url: `${BASE}/jwt`, body: undefined });
    expect(fetch.requests[0]?.headers.authorization).toBe(`Bearer ${token}`);
  });

  it("decodes them locally without a request, including UTF-8", () => {
    const { auth, fetch } = setup(undefined, { token: fakeJwt({ displayName: "Zoë Ångström", exp: 1767225600 }) });
    expect(auth.decodeClaims()).toMatchObject({ displayName: "Zoë Ångström", exp: 1767225600 });
    expect(auth.expiresAt).toEqual(new Date(1767225600 * 1000));
    expect(fetch.requests).toHaveLength(0);
  });

  it("has nothing to decode before login", () => {
    const { auth } = setup();
    expect(auth.decodeClaims()).toBeUndefined();
    expect(auth.expiresAt).toBeUndefined();
  });
});

describe("revocation", () => {
  it("revoke() sends DELETE /jwt and clears the store", async () => {
    const token = fakeJwt();
    const { auth, fetch } = setup(undefined, { token, refresh: fakeJwt() });
    const events: unknown[] = [];
    auth.onTokensChange((t) => events.push(t));
    await auth.revoke();
    expect(fetch.requests[0]).toMatchObject({ method: "DELETE", url: `${BASE}/jwt`, body: undefined });
    expect(fetch.requests[0]?.headers.authorization).toBe(`Bearer ${token}`);
    expect(auth.isAuthenticated).toBe(false);
    expect(events).toEqual([undefined]);
  });

  it("revokeToken() sends DELETE /jwt/{jti}", async () => {
    const { auth, fetch } = setup(undefined, { token: fakeJwt() });
    await auth.revokeToken("109832ae46e3ec69b4d57e2398eafe8b034b312c");
    expect(fetch.requests[0]).toMatchObject({ method: "DELETE", url: `${BASE}/jwt/109832ae46e3ec69b4d57e2398eafe8b034b312c` });
    expect(auth.isAuthenticated).toBe(true);
  });

  it("revoking the session's own JWT ID clears the store", async () => {
    const { auth } = setup(undefined, { token: fakeJwt() });
    await auth.revokeToken(auth.decodeClaims()?.jti as string);
    expect(auth.isAuthenticated).toBe(false);
  });

  it("revokeUser() sends DELETE /jwt/{uid} with the @ literal, and clears the store for the session's own user", async () => {
    const { auth, fetch } = setup(undefined, { token: fakeJwt({ sub: "1000@example.com" }) });
    await auth.revokeUser("2000@example.com");
    expect(fetch.requests[0]?.url).toBe(`${BASE}/jwt/2000@example.com`);
    expect(auth.isAuthenticated).toBe(true);
    await auth.revokeUser("1000@example.com");
    expect(auth.isAuthenticated).toBe(false);
  });

  it.each(["a/b@c", "..", "%", "a b@c", "109832AE46E3EC69B4D57E2398EAFE8B034B312C", "1000", "@example.com"])(
    "refuses %j as a uid or JWT ID without sending",
    async (value) => {
      const { auth, fetch } = setup(undefined, { token: fakeJwt() });
      await expect(auth.revokeUser(value)).rejects.toBeInstanceOf(ValidationError);
      await expect(auth.revokeToken(value)).rejects.toBeInstanceOf(ValidationError);
      expect(fetch.requests).toHaveLength(0);
    },
  );
});

describe("token store", () => {
  it("uses a supplied store and reports every change", async () => {
    const store = createMemoryTokenStore();
    const first = fakeJwt();
    const fetch = recordingFetch((_r, i) => json(200, { token: i === 0 ? first : fakeJwt(), refresh: fakeJwt() }));
    const auth = new NsAuth({ server: "pbx.example.com", clientId: "c", clientSecret: SECRETS.clientSecret, store, fetch });
    const seen: Array<string | undefined> = [];
    const stop = auth.onTokensChange((t) => seen.push(t?.token));
    await auth.login({ username: "1000@example.com", password: SECRETS.password });
    expect(store.get()?.token).toBe(first);
    stop();
    await auth.refresh();
    expect(store.get()?.token).not.toBe(first);
    expect(seen).toEqual([first]);
  });

  it("resumes from a store that already holds tokens", async () => {
    const token = fakeJwt();
    const fetch = recordingFetch(() => json(200, { user_email: null, user_scope: "Basic User", displayName: "J" }));
    const auth = new NsAuth({ server: "pbx.example.com", store: createMemoryTokenStore({ token }), fetch });
    await auth.claims();
    expect(fetch.requests[0]?.headers.authorization).toBe(`Bearer ${token}`);
  });
});

describe("the authenticated typed client", () => {
  it("puts the bearer header on every request it sends", async () => {
    const token = fakeJwt();
    const { auth, fetch } = setup(undefined, { token });
    await createAuthenticatedClient(auth).DELETE("/jwt/{id}", { params: { path: { id: "1000@example.com" } } });
    await createAuthenticatedClient(auth).GET("/jwt");
    expect(fetch.requests.map((r) => r.headers.authorization)).toEqual([`Bearer ${token}`, `Bearer ${token}`]);
  });
});
