// The mock answers CORS like a test server should: any origin by default, an allow-list when asked,
// preflights for what the client sends, and Retry-After readable by a page. In-process and over HTTP.
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { createMockServer, DEFAULT_CLIENT, listen, MockNetSapiens, type ListeningMock } from "../../src/mock/index.js";

type Fetch = (input: string, init?: RequestInit) => Promise<Response>;
const APP = "http://app.example:5173";
const preflight = (origin: string, method = "POST", headers = "authorization,content-type,x-netsapiens-log") => ({
  method: "OPTIONS",
  headers: { Origin: origin, "Access-Control-Request-Method": method, "Access-Control-Request-Headers": headers },
});
const loginBody = JSON.stringify({ grant_type: "password", client_id: DEFAULT_CLIENT.clientId, client_secret: DEFAULT_CLIENT.clientSecret, username: "1001@example.com", password: "demo-password-1001" });

const servers: ListeningMock[] = [];
afterAll(async () => {
  for (const server of servers) await server.close();
});

async function transports(options: Parameters<typeof createMockServer>[0]): Promise<Array<[string, Fetch, string, MockNetSapiens]>> {
  const inProcess = createMockServer(options);
  const overHttp = createMockServer(options);
  const server = await listen(overHttp);
  servers.push(server);
  return [
    ["in-process", inProcess.fetch, MockNetSapiens.inProcessBaseUrl, inProcess],
    ["HTTP", (input, init) => fetch(input, init), server.baseUrl, overHttp],
  ];
}

describe("CORS, default: any origin", () => {
  let cases: Array<[string, Fetch, string, MockNetSapiens]>;
  beforeAll(async () => {
    cases = await transports({});
  });

  it("answers a preflight with 204, the methods, the client's headers and a max age", async () => {
    for (const [, fetch, base] of cases) {
      for (const path of ["/jwt", "/jwt/1001@example.com"]) {
        const response = await fetch(`${base}${path}`, preflight(APP, path === "/jwt" ? "POST" : "DELETE"));
        expect(response.status).toBe(204);
        expect(response.headers.get("access-control-allow-origin")).toBe("*");
        const methods = (response.headers.get("access-control-allow-methods") ?? "").split(/,\s*/);
        expect(methods).toEqual(expect.arrayContaining(path === "/jwt" ? ["GET", "POST", "DELETE"] : ["DELETE"]));
        const headers = (response.headers.get("access-control-allow-headers") ?? "").toLowerCase().split(/,\s*/);
        expect(headers).toEqual(expect.arrayContaining(["authorization", "content-type", "x-netsapiens-log"]));
        expect(Number(response.headers.get("access-control-max-age"))).toBeGreaterThan(0);
        expect(await response.text()).toBe("");
      }
    }
  });

  it("gives actual responses (success, refusal, injected 429) the origin and exposes Retry-After", async () => {
    for (const [, fetch, base, mock] of cases) {
      const login = await fetch(`${base}/jwt`, { method: "POST", headers: { Origin: APP, "Content-Type": "application/json" }, body: loginBody });
      expect(login.status).toBe(200);
      expect(login.headers.get("access-control-allow-origin")).toBe("*");
      expect(login.headers.get("access-control-expose-headers")).toMatch(/retry-after/i);
      const refused = await fetch(`${base}/jwt`, { headers: { Origin: APP } });
      expect(refused.status).toBe(401);
      expect(refused.headers.get("access-control-allow-origin")).toBe("*");
      mock.faults.set("GET /jwt", { status: 429, retryAfterSeconds: 3, times: 1 });
      const limited = await fetch(`${base}/jwt`, { headers: { Origin: APP } });
      expect(limited.status).toBe(429);
      expect(limited.headers.get("access-control-allow-origin")).toBe("*");
      expect(limited.headers.get("access-control-expose-headers")).toMatch(/retry-after/i);
    }
  });

  it("keeps a plain OPTIONS (not a preflight) a 404 like any other method the API lacks", async () => {
    for (const [, fetch, base] of cases) {
      expect((await fetch(`${base}/jwt`, { method: "OPTIONS" })).status).toBe(404);
    }
  });
});

describe("CORS with an allow-list of origins and headers", () => {
  let cases: Array<[string, Fetch, string, MockNetSapiens]>;
  beforeAll(async () => {
    cases = await transports({ cors: { origins: [APP], allowHeaders: ["Authorization", "Content-Type"] } });
  });

  it("names the allowed origin, varies on Origin, and allows exactly the configured headers", async () => {
    for (const [, fetch, base] of cases) {
      const response = await fetch(`${base}/jwt`, preflight(APP, "GET", "authorization"));
      expect(response.status).toBe(204);
      expect(response.headers.get("access-control-allow-origin")).toBe(APP);
      expect(response.headers.get("vary")).toMatch(/origin/i);
      expect(response.headers.get("access-control-allow-headers")).toBe("Authorization, Content-Type");
      const actual = await fetch(`${base}/jwt`, { headers: { Origin: APP } });
      expect(actual.headers.get("access-control-allow-origin")).toBe(APP);
      expect(actual.headers.get("vary")).toMatch(/origin/i);
    }
  });

  it("gives a disallowed origin no CORS headers at all, on a preflight or an actual request", async () => {
    for (const [, fetch, base] of cases) {
      for (const response of [
        await fetch(`${base}/jwt`, preflight("http://evil.example")),
        await fetch(`${base}/jwt`, { headers: { Origin: "http://evil.example" } }),
      ]) {
        for (const name of response.headers.keys()) expect(name).not.toMatch(/^access-control-/);
      }
    }
  });
});
