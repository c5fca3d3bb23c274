// The mock's request log: one entry per request once answered, naming the grant of each POST /jwt.
import { describe, expect, it } from "@jest/globals";
import { createMockServer, DEFAULT_API_KEY, DEFAULT_CLIENT, MockNetSapiens, type MockRequestRecord } from "../../src/mock/index.js";

const base = MockNetSapiens.inProcessBaseUrl;
const client = { client_id: DEFAULT_CLIENT.clientId, client_secret: DEFAULT_CLIENT.clientSecret };
const post = (mock: MockNetSapiens, body: unknown, headers: Record<string, string> = {}) =>
  mock.fetch(`${base}/jwt`, { method: "POST", headers: { "Content-Type": "application/json", ...headers }, body: JSON.stringify(body) });

describe("mock.log", () => {
  it("names the grant of every POST /jwt: password, mfa, refresh, delegation", async () => {
    const mock = createMockServer();
    const seen: MockRequestRecord[] = [];
    mock.onRequest((record) => seen.push(record));
    const mfa = [...mock.users()].find((user) => user.passcode !== undefined)!;
    const first = (await (await post(mock, { grant_type: "password", ...client, username: `${mfa.user}@${mfa.domain}`, password: mfa.password })).json()) as { token: string };
    const grant = { grant_type: "mfa", ...client, username: `${mfa.user}@${mfa.domain}`, password: mfa.password, mfa_type: "authenticator", mfa_vendor: "google", ns_id_type: "subscriber" };
    const pair = (await (await post(mock, { ...grant, passcode: mfa.passcode, access_token: first.token })).json()) as { refresh: string };
    expect((await post(mock, { refresh: pair.refresh })).status).toBe(200);
    expect((await post(mock, { refresh: pair.refresh })).status).toBe(401); // spent: still a refresh grant
    expect((await post(mock, { user: "1001", domain: "example.com" }, { Authorization: `Bearer ${DEFAULT_API_KEY}` })).status).toBe(200);
    expect((await post(mock, { nonsense: true })).status).toBe(400);
    expect(mock.log.map(({ grant, status }) => [grant, status])).toEqual([
      ["password", 200],
      ["mfa", 200],
      ["refresh", 200],
      ["refresh", 401],
      ["delegation", 200],
      [undefined, 400], // no grant the spec knows
    ]);
    expect(seen).toEqual(mock.log);
    expect(mock.log.filter((record) => record.grant === "refresh")).toHaveLength(2);
  });

  it("logs a request once answered, never in flight with a provisional status", async () => {
    const mock = createMockServer();
    mock.faults.set("GET /jwt", { latencyMs: 150, times: 1 });
    const pending = mock.fetch(`${base}/jwt`);
    await new Promise((wake) => setTimeout(wake, 50));
    expect(mock.log).toEqual([]);
    expect((await pending).status).toBe(401);
    expect(mock.log).toEqual([{ method: "GET", path: "/jwt", route: "GET /jwt", status: 401, at: expect.any(Number), ms: expect.any(Number) }]);
    expect(mock.log[0]!.ms).toBeGreaterThanOrEqual(140);
  });

  it("logs a CORS preflight as a preflight", async () => {
    const mock = createMockServer();
    const answer = await mock.fetch(`${base}/jwt`, { method: "OPTIONS", headers: { Origin: "http://app.test", "Access-Control-Request-Method": "POST" } });
    expect(answer.status).toBe(204);
    expect(mock.log).toMatchObject([{ method: "OPTIONS", path: "/jwt", route: "preflight", status: 204 }]);
    expect(mock.count("GET /jwt") + mock.count("POST /jwt")).toBe(0);
  });

  it("honours the lifetime options the CLI's --token-ttl, --refresh-ttl and --mfa-ttl set", async () => {
    const mock = createMockServer({ tokenTtlSeconds: 7, refreshTtlSeconds: 11, mfaTokenTtlSeconds: 5 });
    const claims = (token: string) => JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString()) as { iat: number; exp: number };
    const pair = (await (await post(mock, { grant_type: "password", ...client, username: "1000@example.com", password: "demo-password-1000" })).json()) as { token: string; refresh: string };
    expect(claims(pair.token).exp - claims(pair.token).iat).toBe(7);
    expect(claims(pair.refresh).exp - claims(pair.refresh).iat).toBe(11);
    const pre = (await (await post(mock, { grant_type: "password", ...client, username: "1002@example.com", password: "demo-password-1002" })).json()) as { token: string };
    expect(claims(pre.token).exp - claims(pre.token).iat).toBe(5);
  });
});
