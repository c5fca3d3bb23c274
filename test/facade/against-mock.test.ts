// The facade end to end against the mock: in-process (its fetch) and over real HTTP.
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { AuthenticationError, createAuthenticatedClient, createMemoryTokenStore, NsAuth, PermissionDeniedError, SessionExpiredError, TimeoutError } from "../../src/index.js";
import { createMockServer, DEFAULT_API_KEY, DEFAULT_CLIENT, listen, MockNetSapiens, type ListeningMock } from "../../src/mock/index.js";
import { specCheckedFetch } from "../support/spec-checked-fetch.js";

let now = Date.UTC(2026, 5, 1);
const clock = () => now;
const mock = createMockServer({ now: clock, tokenTtlSeconds: 600 });
let http: ListeningMock;
const checked = specCheckedFetch(mock.fetch);

beforeAll(async () => {
  http = await listen(mock);
});
afterAll(async () => {
  await http.close();
  expect(checked.violations).toEqual([]);
  expect(checked.checkedCount()).toBeGreaterThan(20);
});

const transports = [
  ["in-process", () => ({ baseUrl: MockNetSapiens.inProcessBaseUrl, fetch: checked })],
  ["over HTTP", () => ({ baseUrl: http.baseUrl })],
] as const;

describe.each(transports)("facade against the mock %s", (_name, transport) => {
  const create = (extra: Record<string, unknown> = {}) =>
    new NsAuth({
      ...transport(),
      clientId: DEFAULT_CLIENT.clientId,
      clientSecret: DEFAULT_CLIENT.clientSecret,
      apiKey: DEFAULT_API_KEY,
      now: clock,
      retry: { baseDelayMs: 1 },
      ...extra,
    });

  it("logs in, reads claims, refreshes, and the used refresh JWT is dead", async () => {
    const auth = create();
    const login = await auth.login({ username: "1000@example.com", password: "demo-password-1000" });
    expect(login).toMatchObject({ status: "authenticated", canRefresh: true, claims: { sub: "1000@example.com" } });
    expect(await auth.claims()).toMatchObject({ sub: "1000@example.com", user_scope: "Office Manager" });
    const before = auth.decodeClaims()?.jti;
    await auth.refresh();
    expect(auth.decodeClaims()?.jti).not.toBe(before);
    expect(await auth.claims()).toMatchObject({ jti: auth.decodeClaims()?.jti });
  });

  it("completes MFA with the passcode", async () => {
    const auth = create();
    const result = await auth.login({ username: "1002@example.com", password: "demo-password-1002" });
    expect(result.status).toBe("mfa_required");
    if (result.status !== "mfa_required") return;
    await expect(result.complete("000000")).rejects.toBeInstanceOf(AuthenticationError);
    await result.complete(mock.passcodeFor("1002@example.com") ?? "");
    expect(await auth.claims()).toMatchObject({ sub: "1002@example.com", user_scope: "Basic User" });
  });

  it("refreshes by itself when the clock passes expiry", async () => {
    const auth = create({ clockSkewMs: 30_000 });
    await auth.login({ username: "1001@example.com", password: "demo-password-1001" });
    const first = auth.decodeClaims()?.jti;
    now += 580_000; // 20 s before exp: inside the 30 s skew
    await auth.claims();
    expect(auth.decodeClaims()?.jti).not.toBe(first);
    now += 600_000; // the old token is now expired for the server too
    await expect(auth.claims()).resolves.toMatchObject({ sub: "1001@example.com" });
  });

  it("delegates, revokes by JWT ID and by uid, and the server refuses revoked tokens", async () => {
    const admin = create();
    await admin.login({ username: "1000@example.com", password: "demo-password-1000" });
    const delegated = create();
    await delegated.delegate({ user: "1001", domain: "example.com" });
    expect(await delegated.claims()).toMatchObject({ sub: "1001@example.com" });

    await admin.revokeToken(delegated.decodeClaims()?.jti as string);
    // The delegated facade renews by delegating again when its token is refused.
    await expect(delegated.claims()).resolves.toMatchObject({ sub: "1001@example.com" });

    const user = create();
    await user.login({ username: "1001@example.com", password: "demo-password-1001" });
    await admin.revokeUser("1001@example.com");
    await expect(user.claims()).rejects.toBeInstanceOf(SessionExpiredError);
    expect(user.isAuthenticated).toBe(false);
  });

  it("a revoked token on a session that cannot be renewed surfaces as the server's 401", async () => {
    const issuer = create();
    await issuer.login({ username: "1001@example.com", password: "demo-password-1001" });
    const holder = create({ store: createMemoryTokenStore({ token: await issuer.accessToken() }) }); // a token alone, as from NS_TOKEN
    await issuer.revoke();
    const error = await holder.claims().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error).toMatchObject({ status: 401 });
    expect((error as Error).message).toMatch(/^401: /);
    expect((error as Error).message).not.toMatch(/Session expired|reauthenticate/);
  });

  it("logout revokes and clears; a basic user may not revoke others", async () => {
    const basic = create();
    await basic.login({ username: "1001@example.com", password: "demo-password-1001" });
    await expect(basic.revokeUser("1000@example.com")).rejects.toBeInstanceOf(PermissionDeniedError);
    const token = await basic.accessToken();
    await basic.revoke();
    expect(basic.isAuthenticated).toBe(false);
    const raw = create();
    const { response } = await createAuthenticatedClient(raw).GET("/jwt", { headers: { Authorization: `Bearer ${token}` } });
    expect(response.status).toBe(401);
  });

  it("retries a dropped GET but never repeats POST /jwt; a slow server hits the timeout", async () => {
    const auth = create();
    await auth.login({ username: "1000@example.com", password: "demo-password-1000" });
    const gets = mock.count("GET /jwt");
    mock.faults.set("GET /jwt", { drop: true, times: 1 });
    await auth.claims();
    expect(mock.count("GET /jwt") - gets).toBe(2);

    const posts = mock.count("POST /jwt");
    mock.faults.set("POST /jwt", { status: 503, times: 1 });
    await expect(auth.login({ username: "1000@example.com", password: "demo-password-1000" })).rejects.toMatchObject({ status: 503 });
    expect(mock.count("POST /jwt") - posts).toBe(1);

    mock.faults.set("GET /jwt", { latencyMs: 2_000, times: 3 });
    const started = Date.now();
    await expect(auth.claims({ timeoutMs: 100 })).rejects.toBeInstanceOf(TimeoutError);
    expect(Date.now() - started).toBeLessThan(1_000);
    mock.faults.clear();
  });
});
