// Attacks on the mock over real HTTP: each gets the right {code, message} error, and the server keeps serving.
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { DEFAULT_CLIENT, startMockServer, type ListeningMock, type MockNetSapiens } from "../../src/mock/index.js";

let now = Date.UTC(2026, 5, 1);
let server: ListeningMock & { mock: MockNetSapiens };
let token: string;
let refresh: string;

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
const payloadOf = (jwt: string) => JSON.parse(Buffer.from(jwt.split(".")[1] ?? "", "base64url").toString());

async function call(method: string, path: string, init: { body?: BodyInit; headers?: Record<string, string> } = {}) {
  const response = await fetch(`${server.baseUrl}${path}`, { method, ...init });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}
const jsonHeaders = { "Content-Type": "application/json" };
const login = async () =>
  (await call("POST", "/jwt", {
    headers: jsonHeaders,
    body: JSON.stringify({ grant_type: "password", client_id: DEFAULT_CLIENT.clientId, client_secret: DEFAULT_CLIENT.clientSecret, username: "1001@example.com", password: "demo-password-1001" }),
  })).body as { token: string; refresh: string };

beforeAll(async () => {
  server = await startMockServer({ now: () => now, tokenTtlSeconds: 3600 });
  ({ token, refresh } = await login());
});
afterAll(() => server.close());

async function stillServing() {
  const fresh = await login();
  expect((await call("GET", "/jwt", { headers: { Authorization: `Bearer ${fresh.token}` } })).status).toBe(200);
}

const bearer = (value: string) => ({ headers: { Authorization: `Bearer ${value}` } });

describe("mock server under attack", () => {
  it.each([
    ["alg: none", () => `${b64({ typ: "JWT", alg: "none" })}.${b64(payloadOf(token))}.`, "The JWT is invalid"],
    ["a tampered payload", () => `${token.split(".")[0]}.${b64({ ...payloadOf(token), user_scope: "Super User" })}.${token.split(".")[2]}`, "The JWT is invalid"],
    ["another key's signature", () => `${token.split(".")[0]}.${token.split(".")[1]}.${"A".repeat(43)}`, "The JWT is invalid"],
    ["HS512 instead of HS256", () => `${b64({ typ: "JWT", alg: "HS512" })}.${token.split(".")[1]}.${token.split(".")[2]}`, "The JWT is invalid"],
    ["a refresh JWT as bearer", () => refresh, "A refresh JWT cannot be used as a bearer token"],
    ["not a JWT at all", () => "x".repeat(5000), "The JWT is invalid"],
  ])("refuses %s as a bearer with 401", async (_what, forge, message) => {
    expect(await call("GET", "/jwt", bearer(forge()))).toEqual({ status: 401, body: { code: 401, message } });
    await stillServing();
  });

  it("refuses an expired token, a revoked one, and a reused refresh JWT", async () => {
    const victim = await login();
    expect((await call("POST", "/jwt", { headers: jsonHeaders, body: JSON.stringify({ refresh: victim.refresh }) })).status).toBe(200);
    expect(await call("POST", "/jwt", { headers: jsonHeaders, body: JSON.stringify({ refresh: victim.refresh }) })).toMatchObject({ status: 401, body: { code: 401 } });
    expect((await call("DELETE", "/jwt", bearer(victim.token))).status).toBe(202);
    expect(await call("GET", "/jwt", bearer(victim.token))).toEqual({ status: 401, body: { code: 401, message: "The JWT has been revoked" } });
    const late = await login();
    now += 3_601_000;
    expect(await call("GET", "/jwt", bearer(late.token))).toEqual({ status: 401, body: { code: 401, message: "The JWT has expired" } });
    await stillServing();
  });

  it.each([
    ["an oversized body (1 MB)", { headers: jsonHeaders, body: JSON.stringify({ refresh: "a".repeat(1_000_000) }) }],
    ["an oversized body without Content-Type", { body: new Blob([new Uint8Array(200_000)]) }],
    ["a wrong content type", { headers: { "Content-Type": "text/plain" }, body: '{"refresh":"a.b.c"}' }],
    ["malformed JSON", { headers: jsonHeaders, body: '{"refresh": "a.b.c"' }],
    ["JSON that is not an object", { headers: jsonHeaders, body: '"refresh"' }],
    ["an unknown grant", { headers: jsonHeaders, body: JSON.stringify({ grant_type: "client_credentials" }) }],
    ["no body", { headers: jsonHeaders }],
  ])("answers %s with 400 {code, message}", async (_what, init) => {
    expect(await call("POST", "/jwt", init)).toEqual({ status: 400, body: { code: 400, message: expect.any(String) } });
    await stillServing();
  });

  it("stops reading a chunked body (no Content-Length) once it passes the limit: 400, and the connection is closed", async () => {
    let sent = 0;
    const chunk = new TextEncoder().encode(`{"refresh":"${"a".repeat(4_000)}`);
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        // Far past the mock's 16 kB limit, unless the server stops reading and answers first.
        if ((sent += chunk.length) > 1_000_000) controller.close();
        else controller.enqueue(chunk);
      },
    });
    const response = await fetch(`${server.baseUrl}/jwt`, { method: "POST", headers: jsonHeaders, body, duplex: "half" } as RequestInit);
    expect(response.status).toBe(400);
    expect(response.headers.get("connection")).toBe("close");
    expect(await response.json()).toEqual({ code: 400, message: "Request body is too large" });
    await stillServing();
  });
});
