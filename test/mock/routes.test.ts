// Routes a test adds to the mock: guarded by the mock's own token checks, in-process and over HTTP alike.
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { createMockServer, DEFAULT_CLIENT, listen, MockNetSapiens, type ListeningMock, type MockRouteRequest } from "../../src/mock/index.js";

let now = Date.UTC(2026, 5, 1, 12);
const mock = createMockServer({ now: () => now, secret: "routes-test-secret", tokenTtlSeconds: 3600 });
const foreign = createMockServer({ now: () => now, secret: "another-secret" });
let http: ListeningMock;

/** What the handlers saw, newest last. */
const seen: MockRouteRequest[] = [];
const bodies: unknown[] = [];

mock.route("GET", "/domains/{domain}/users", (req) => {
  seen.push(req);
  return { body: [{ user: "1000", domain: req.params.domain, limit: req.query.get("limit"), q: req.query.getAll("q") }] };
});
mock.route("GET", "/domains/{domain}/users/{user}", (req) => (seen.push(req), { body: { ...req.params, sub: req.claims?.sub } }));
mock.route("GET", "/domains/{domain}/users/count", (req) => (seen.push(req), { body: { literal: true, domain: req.params.domain } }));
mock.route("post", "/domains/{domain}/echo", async (req) => {
  seen.push(req);
  const body = await req.json();
  bodies.push(body);
  return { status: 201, body: { got: body, type: req.header("content-type") } };
});
mock.route("PUT", "/text", async (req) => ({ body: `you sent: ${await req.text()}`, headers: { "X-Echo": "yes" } }));
mock.route("GET", "/ping", () => ({ body: "pong" }), { auth: "none" });
mock.route("GET", "/whoami", (req) => ({ body: { claims: req.claims ?? null } }), { auth: "none" });
mock.route("DELETE", "/domains/{domain}", () => ({ status: 204, body: { ignored: true } }));
mock.route("GET", "/fails", () => {
  throw new Error("database password is SENTINEL-route-detail");
});
mock.route("GET", "/fails-async", async () => Promise.reject(new TypeError("SENTINEL-route-detail")));
mock.route("GET", "/bad-status", () => ({ status: 700 }));
mock.route("GET", "/empty", () => ({}));
mock.route("GET", "/typed", () => ({ body: "<x/>", headers: { "content-type": "application/xml" } }));

beforeAll(async () => {
  http = await listen(mock);
});
afterAll(async () => {
  await http.close();
});

const client = { client_id: DEFAULT_CLIENT.clientId, client_secret: DEFAULT_CLIENT.clientSecret };
async function login(on: MockNetSapiens, username = "1000@example.com", password = "demo-password-1000") {
  const response = await on.fetch(`${MockNetSapiens.inProcessBaseUrl}/jwt`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ grant_type: "password", ...client, username, password }),
  });
  return (await response.json()) as { token: string; refresh?: string };
}

const transports = [
  ["in-process", () => ({ base: MockNetSapiens.inProcessBaseUrl, fetch: mock.fetch })],
  ["over HTTP", () => ({ base: http.baseUrl, fetch: globalThis.fetch })],
] as const;

describe.each(transports)("custom routes %s", (_name, transport) => {
  const call = async (method: string, path: string, options: { bearer?: string; body?: string; type?: string; headers?: Record<string, string> } = {}) => {
    const { base, fetch } = transport();
    const headers: Record<string, string> = { ...options.headers };
    if (options.bearer !== undefined) headers.Authorization = `Bearer ${options.bearer}`;
    if (options.type !== undefined) headers["Content-Type"] = options.type;
    const response = await fetch(`${base}${path}`, { method, headers, ...(options.body === undefined ? {} : { body: options.body }) });
    const text = await response.text();
    const json = response.headers.get("content-type")?.startsWith("application/json") ? JSON.parse(text) : undefined;
    return { status: response.status, text, json, headers: response.headers };
  };
  const seenBefore = () => seen.length;

  it("runs the handler with verified claims, params and query, and answers 200 JSON", async () => {
    const { token } = await login(mock);
    const response = await call("GET", "/domains/example.com/users?limit=2&q=a%20b&q=c", { bearer: token });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/json");
    expect(response.json).toEqual([{ user: "1000", domain: "example.com", limit: "2", q: ["a b", "c"] }]);
    const req = seen.at(-1)!;
    expect(req.method).toBe("GET");
    expect(req.path).toBe("/domains/example.com/users");
    expect(req.claims).toMatchObject({ sub: "1000@example.com", user_scope: "Office Manager", domain: "example.com" });
    expect(req.header("authorization")).toBe(`Bearer ${token}`);
  });

  describe("guards: the handler never runs", () => {
    const refused = async (bearer: string | undefined, status: number, message: RegExp, headers: Record<string, string> = {}) => {
      const before = seenBefore();
      const response = await call("GET", "/domains/example.com/users", { ...(bearer === undefined ? {} : { bearer }), headers });
      expect(response.status).toBe(status);
      expect(response.json).toEqual({ code: status, message: expect.stringMatching(message) });
      expect(seen.length).toBe(before);
    };

    it("without a bearer: 401", () => refused(undefined, 401, /bearer JWT is required/));
    it("with another scheme: 401", () => refused(undefined, 401, /bearer JWT is required/, { Authorization: "Basic MTAwMDpwYXNz" }));
    it("with a token that is not a JWT: 401", () => refused("not-a-jwt", 401, /invalid/));

    it("with an expired token: 401", async () => {
      const { token } = await login(mock);
      now += 3601_000;
      try {
        await refused(token, 401, /expired/);
      } finally {
        now -= 3601_000;
      }
    });

    it("with a tampered token (claims changed, signature kept): 401", async () => {
      const { token } = await login(mock, "1001@example.com", "demo-password-1001");
      const [header, payload, signature] = token.split(".");
      const claims = JSON.parse(Buffer.from(payload ?? "", "base64url").toString());
      const forged = Buffer.from(JSON.stringify({ ...claims, user_scope: "Super User" })).toString("base64url");
      await refused(`${header}.${forged}.${signature}`, 401, /invalid/);
    });

    it("with a token signed by another server: 401", async () => {
      const { token } = await login(foreign);
      await refused(token, 401, /invalid/);
    });

    it("with a refresh JWT as the bearer: 401", async () => {
      const { refresh } = await login(mock);
      await refused(refresh, 401, /refresh JWT cannot be used/);
    });

    it("with a token revoked by DELETE /jwt: 401", async () => {
      const { token } = await login(mock);
      expect((await call("GET", "/domains/example.com/users", { bearer: token })).status).toBe(200);
      expect((await call("DELETE", "/jwt", { bearer: token })).status).toBe(202);
      await refused(token, 401, /revoked/);
    });

    it("after the user's tokens were revoked by DELETE /jwt/{uid}: 401 on the next call", async () => {
      const mine = await login(mock, "1001@example.com", "demo-password-1001");
      const admin = await login(mock);
      expect((await call("GET", "/domains/example.com/users", { bearer: mine.token })).status).toBe(200);
      expect((await call("DELETE", "/jwt/1001%40example.com", { bearer: admin.token })).status).toBe(202);
      await refused(mine.token, 401, /revoked/);
      expect((await call("GET", "/domains/example.com/users", { bearer: admin.token })).status).toBe(200);
    });

    it("with an MFA-pending token: 403", async () => {
      const { token, refresh } = await login(mock, "1002@example.com", "demo-password-1002");
      expect(refresh).toBeUndefined();
      await refused(token, 403, /Multi-factor authentication is required/);
    });
  });

  it('with auth "none" runs for anyone, with no claims even when a bearer is sent', async () => {
    expect(await call("GET", "/ping")).toMatchObject({ status: 200, text: "pong" });
    const { token } = await login(mock);
    expect((await call("GET", "/whoami", { bearer: token })).json).toEqual({ claims: null });
  });

  it.each([
    ["a literal @", "/domains/example.com/users/1000@example.com", "1000@example.com"],
    ["%40", "/domains/example.com/users/1000%40example.com", "1000@example.com"],
    ["%2F and spaces", "/domains/example.com/users/a%2Fb%20c", "a/b c"],
    ["UTF-8", "/domains/example.com/users/%C3%A9", "é"],
  ])("decodes path parameters: %s", async (_label, path, user) => {
    const { token } = await login(mock);
    const response = await call("GET", path, { bearer: token });
    expect(response.status).toBe(200);
    expect(response.json).toEqual({ domain: "example.com", user, sub: "1000@example.com" });
  });

  it.each(["%E0%A4%A", "%", "%zz", "%C3"])("answers a malformed escape (%s) with 400 {code, message}, not 500", async (bad) => {
    const { token } = await login(mock);
    const before = seenBefore();
    const response = await call("GET", `/domains/example.com/users/${bad}`, { bearer: token });
    expect(response.status).toBe(400);
    expect(response.json).toEqual({ code: 400, message: "The path parameter {user} is not valid percent-encoding" });
    expect(seen.length).toBe(before);
  });

  it("prefers a literal segment over a placeholder", async () => {
    const { token } = await login(mock);
    expect((await call("GET", "/domains/example.com/users/count", { bearer: token })).json).toEqual({ literal: true, domain: "example.com" });
  });

  it("reads a JSON body, and answers the handler's status", async () => {
    const { token } = await login(mock);
    const response = await call("POST", "/domains/example.com/echo", { bearer: token, type: "application/json", body: '{"name":"Ada","n":[1,2]}' });
    expect(response.status).toBe(201);
    expect(response.json).toEqual({ got: { name: "Ada", n: [1, 2] }, type: "application/json" });
  });

  it("answers a body that is not JSON with 400, before the handler answers", async () => {
    const { token } = await login(mock);
    const response = await call("POST", "/domains/example.com/echo", { bearer: token, type: "application/json", body: "{nope" });
    expect(response).toMatchObject({ status: 400, json: { code: 400, message: "Request body is not valid JSON" } });
  });

  it("answers a body over the mock's limit with 400", async () => {
    const { token } = await login(mock);
    const response = await call("POST", "/domains/example.com/echo", { bearer: token, type: "application/json", body: JSON.stringify({ big: "x".repeat(mock.maxBodyBytes) }) });
    expect(response).toMatchObject({ status: 400, json: { code: 400, message: "Request body is too large" } });
  });

  it("sends a string body as is, with the handler's headers", async () => {
    const { token } = await login(mock);
    const response = await call("PUT", "/text", { bearer: token, body: "hello" });
    expect(response).toMatchObject({ status: 200, text: "you sent: hello" });
    expect(response.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(response.headers.get("x-echo")).toBe("yes");
    expect((await call("GET", "/typed", { bearer: token })).headers.get("content-type")).toBe("application/xml");
  });

  it("defaults to 200 with an empty body, and sends no body with 204", async () => {
    const { token } = await login(mock);
    expect(await call("GET", "/empty", { bearer: token })).toMatchObject({ status: 200, text: "" });
    const gone = await call("DELETE", "/domains/example.com", { bearer: token });
    expect(gone).toMatchObject({ status: 204, text: "" });
    expect(gone.headers.get("content-type")).toBeNull();
  });

  it.each(["/fails", "/fails-async"])("answers a handler that throws (%s) with 500 {code, message}, telling nothing of the error", async (path) => {
    const { token } = await login(mock);
    const response = await call("GET", path, { bearer: token });
    expect(response).toMatchObject({ status: 500, json: { code: 500, message: "The route handler failed" } });
    expect(response.text).not.toMatch(/SENTINEL|password|database/);
  });

  it("answers a handler's invalid status with 500", async () => {
    const { token } = await login(mock);
    expect(await call("GET", "/bad-status", { bearer: token })).toMatchObject({ status: 500, json: { code: 500 } });
  });

  it("answers an unknown path, or a known path with another method, with 404 as before", async () => {
    const { token } = await login(mock);
    expect((await call("GET", "/domains", { bearer: token })).status).toBe(404);
    expect((await call("PATCH", "/domains/example.com/users", { bearer: token })).json).toEqual({ code: 404, message: "No route for PATCH /domains/example.com/users" });
    expect((await call("GET", "/domains/example.com/users/", { bearer: token })).status).toBe(404);
  });

  it("leaves the built-in routes as they were", async () => {
    const { token } = await login(mock);
    const claims = await call("GET", "/jwt", { bearer: token });
    expect(claims.status).toBe(200);
    expect(claims.json).toMatchObject({ sub: "1000@example.com" });
    expect((await call("GET", "/jwt")).json).toEqual({ code: 401, message: "A bearer JWT is required" });
  });
});

describe("custom routes in the log and counts", () => {
  it("are logged under their template, with no bodies or secrets, and counted", async () => {
    const { token } = await login(mock);
    const key = "GET /domains/{domain}/users/{user}" as const;
    const before = mock.count(key);
    const total = mock.count("*");
    const response = await mock.fetch(`${MockNetSapiens.inProcessBaseUrl}/domains/example.com/users/1000%40example.com?secret=x`, { headers: { Authorization: `Bearer ${token}` } });
    expect(response.status).toBe(200);
    expect(mock.count(key)).toBe(before + 1);
    expect(mock.count("*")).toBe(total + 1);
    expect(mock.log.at(-1)).toEqual({ method: "GET", path: "/domains/example.com/users/1000%40example.com", route: key, status: 200, at: expect.any(Number), ms: expect.any(Number) });
    await mock.fetch(`${MockNetSapiens.inProcessBaseUrl}/domains/example.com/echo`, {
      method: "POST",
      headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
      body: JSON.stringify({ password: "SENTINEL-body" }),
    });
    expect(mock.log.at(-1)).toEqual({ method: "POST", path: "/domains/example.com/echo", route: "POST /domains/{domain}/echo", status: 201, at: expect.any(Number), ms: expect.any(Number) });
    expect(JSON.stringify(mock.log)).not.toMatch(new RegExp(`SENTINEL|${token.split(".")[2]}`));
  });

  it("count a refused request too, as the built-in routes do", async () => {
    const before = mock.count("GET /domains/{domain}/users");
    await mock.fetch(`${MockNetSapiens.inProcessBaseUrl}/domains/example.com/users`);
    expect(mock.count("GET /domains/{domain}/users")).toBe(before + 1);
    expect(mock.log.at(-1)).toMatchObject({ route: "GET /domains/{domain}/users", status: 401 });
  });
});

describe("mock.route", () => {
  it("gives the handler a copy of the claims: changing them changes nothing for the next request", async () => {
    const other = createMockServer();
    other.route("GET", "/mutate", (req) => {
      const claims = req.claims as Record<string, unknown>;
      const before = claims.user_scope;
      claims.user_scope = "mfa_required";
      return { body: { before } };
    });
    const { token } = await login(other);
    for (let i = 0; i < 2; i++) {
      const response = await other.fetch(`${MockNetSapiens.inProcessBaseUrl}/mutate`, { headers: { Authorization: `Bearer ${token}` } });
      expect(await response.json()).toEqual({ before: "Office Manager" });
    }
  });

  it("replaces a route added again for the same method and path", async () => {
    const other = createMockServer();
    other.route("GET", "/v", () => ({ body: 1 }), { auth: "none" });
    other.route("get", "/v", () => ({ body: 2 }), { auth: "none" });
    expect(await (await other.fetch(`${MockNetSapiens.inProcessBaseUrl}/v`)).json()).toBe(2);
  });

  it.each([
    ["POST", "/jwt", /built-in route/],
    ["DELETE", "/jwt/{id}", /built-in route/],
    ["GET", "domains", /must start with "\/"/],
    ["GET", "/domains?x=1", /no query/],
    ["GET", "/ns-api/v2/domains", /under the base path \("\/domains"\)/],
    ["GET", "/domains/x{domain}", /whole segment/],
    ["GET", "/a/{x}/b/{x}", /appears twice/],
    ["GET POST", "/domains", /not an HTTP method/],
  ])("refuses %s %s", (method, path, message) => {
    expect(() => mock.route(method, path, () => ({}))).toThrow(message);
  });

  it("keeps a placeholder named {__proto__} a plain parameter", async () => {
    const other = createMockServer();
    other.route("GET", "/p/{__proto__}", (req) => ({ body: { own: Object.keys(req.params), value: req.params["__proto__"] } }), { auth: "none" });
    expect(await (await other.fetch(`${MockNetSapiens.inProcessBaseUrl}/p/x`)).json()).toEqual({ own: ["__proto__"], value: "x" });
  });

  it("lets a GET on /jwt/{id} be added (only DELETE is built in)", async () => {
    const other = createMockServer();
    other.route("GET", "/jwt/{id}", (req) => ({ body: req.params }), { auth: "none" });
    expect(await (await other.fetch(`${MockNetSapiens.inProcessBaseUrl}/jwt/abc`)).json()).toEqual({ id: "abc" });
  });
});
