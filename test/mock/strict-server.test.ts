// What schemathesis found: header parameters the spec constrains were not checked, and methods a path
// lacks answered 404 instead of 405 with Allow. In-process and over HTTP.
import { request as httpRequest } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { createMockServer, DEFAULT_CLIENT, listen, MockNetSapiens, type ListeningMock } from "../../src/mock/index.js";
import { specCheckedFetch } from "../support/spec-checked-fetch.js";

type Fetch = (input: string, init?: RequestInit) => Promise<Response>;
let server: ListeningMock;
let lenient: MockNetSapiens;
const inProcess = createMockServer();
beforeAll(async () => {
  server = await listen(createMockServer());
  lenient = createMockServer({ strict: false });
});
afterAll(() => server.close());

const transports: Array<[string, () => { fetch: Fetch; base: string }]> = [
  ["in-process", () => ({ fetch: inProcess.fetch, base: MockNetSapiens.inProcessBaseUrl })],
  ["HTTP", () => ({ fetch: (input, init) => fetch(input, init), base: server.baseUrl })],
];
const loginBody = JSON.stringify({ grant_type: "password", client_id: DEFAULT_CLIENT.clientId, client_secret: DEFAULT_CLIENT.clientSecret, username: "1000@example.com", password: "demo-password-1000" });

describe.each(transports)("%s", (_name, get) => {
  async function token(fetch: Fetch, base: string): Promise<string> {
    return ((await (await fetch(`${base}/jwt`, { method: "POST", headers: { "Content-Type": "application/json" }, body: loginBody })).json()) as { token: string }).token;
  }

  it.each([
    ["non-ASCII", "×ø"],
    ["too long", "x".repeat(129)],
    ["a control character", "a\tb"],
  ])("refuses an X-NetSapiens-Log that is %s with 400 on every operation", async (_what, value) => {
    const { fetch, base } = get();
    const checked = specCheckedFetch(fetch as never);
    const bearer = await token(fetch, base);
    const calls: Array<[string, string, RequestInit]> = [
      ["POST", "/jwt", { headers: { "Content-Type": "application/json" }, body: loginBody }],
      ["GET", "/jwt", { headers: { Authorization: `Bearer ${bearer}` } }],
      ["DELETE", "/jwt", { headers: { Authorization: `Bearer ${bearer}` } }],
      ["DELETE", "/jwt/1001@example.com", { headers: { Authorization: `Bearer ${bearer}` } }],
    ];
    for (const [method, path, init] of calls) {
      const response = await checked(`${base}${path}`, { ...init, method, headers: { ...(init.headers as Record<string, string>), "X-NetSapiens-Log": value } });
      expect([method, path, response.status]).toEqual([method, path, 400]);
      expect(await response.json()).toEqual({ code: 400, message: "Invalid header X-NetSapiens-Log: must match the spec's NetSapiensLog" });
    }
    expect((await fetch(`${base}/jwt`, { headers: { Authorization: `Bearer ${bearer}` } })).status).toBe(200); // nothing was revoked
    expect(checked.violations).toEqual([]);
  });

  it("accepts a valid X-NetSapiens-Log", async () => {
    const { fetch, base } = get();
    const bearer = await token(fetch, base);
    expect((await fetch(`${base}/jwt`, { headers: { Authorization: `Bearer ${bearer}`, "X-NetSapiens-Log": "checkout-login-debug" } })).status).toBe(200);
  });

  it.each([
    ["PUT", "/jwt", "GET, POST, DELETE"],
    ["PATCH", "/jwt", "GET, POST, DELETE"],
    ["GET", "/jwt/1000@example.com", "DELETE"],
    ["POST", "/jwt/109832ae46e3ec69b4d57e2398eafe8b034b312c", "DELETE"],
  ])("answers %s %s, a method the path lacks, with 405 and Allow: %s", async (method, path, allow) => {
    const { fetch, base } = get();
    const response = await fetch(`${base}${path}`, { method });
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe(allow);
    expect(await response.json()).toEqual({ code: 405, message: expect.any(String) });
  });

  it("keeps 404 for a path the spec does not have", async () => {
    const { fetch, base } = get();
    expect((await fetch(`${base}/tokens`)).status).toBe(404);
    expect((await fetch(`${base}/jwt/a/b`, { method: "DELETE" })).status).toBe(404);
  });
});

it("answers TRACE (which fetch cannot send) with 405 too", async () => {
  const status = await new Promise<number>((resolve, reject) => {
    const req = httpRequest(`${server.baseUrl}/jwt`, { method: "TRACE" }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.once("error", reject);
    req.end();
  });
  expect(status).toBe(405);
});

it("with strict: false, ignores the constraints of header parameters", async () => {
  const response = await lenient.fetch(`${MockNetSapiens.inProcessBaseUrl}/jwt`, { method: "POST", headers: { "Content-Type": "application/json", "X-NetSapiens-Log": "×ø" }, body: loginBody });
  expect(response.status).toBe(200);
});
