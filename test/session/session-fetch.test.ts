// auth.fetch against the mock's guarded routes, every request checked on the wire.
import { describe, expect, it } from "@jest/globals";
import { AbortedError, createMemoryTokenStore, NetworkError, TimeoutError } from "../../src/index.js";
import { VERSION } from "../../src/version.js";
import { apiMock, BASE, USER } from "../support/api-mock.js";

async function loggedIn(extra: Parameters<ReturnType<typeof apiMock>["auth"]>[0] = {}) {
  const api = apiMock();
  const auth = api.auth({ logTag: "sync-job", ...extra });
  await auth.login(USER);
  return { api, auth, from: api.requests.length };
}

describe("auth.fetch", () => {
  it("resolves a relative path against the base URL and sends the bearer and the default headers", async () => {
    const { api, auth, from } = await loggedIn();
    const response = await auth.fetch("/domains");
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual([{ domain: "example.com" }, { domain: "other.example" }]);
    const response2 = await auth.fetch("domains/example.com/users?limit=2", { headers: { Accept: "application/json" } });
    expect((await response2.json()).query).toEqual([["limit", "2"]]);
    const sent = api.requests.slice(from);
    expect(sent.map((r) => `${r.method} ${r.url}`)).toEqual([`GET ${BASE}/domains`, `GET ${BASE}/domains/example.com/users?limit=2`]);
    for (const request of sent) {
      expect(request.headers.authorization).toBe(`Bearer ${await auth.accessToken()}`);
      expect(request.headers["user-agent"]).toBe(`ns-api-jwt/${VERSION}`);
      expect(request.headers["x-netsapiens-log"]).toBe("sync-job");
      expect(request.body).toBeUndefined();
    }
    expect(sent[1]?.headers.accept).toBe("application/json");
  });

  it("keeps @ literal and sends the caller's method, headers and body as given", async () => {
    const { api, auth, from } = await loggedIn();
    const response = await auth.fetch("/domains/example.com/users", {
      method: "POST",
      headers: { "Content-Type": "application/json", "user-agent": "mine/1" },
      body: JSON.stringify({ user: "1005" }),
    });
    expect(await response.json()).toMatchObject({ params: { domain: "example.com" }, text: '{"user":"1005"}', sub: "1000@example.com" });
    await auth.fetch("/subscribers/1000@example.com/devices");
    const [post, get] = api.requests.slice(from);
    expect(post).toMatchObject({ method: "POST", target: "/domains/example.com/users", body: '{"user":"1005"}' });
    expect(post?.headers["content-type"]).toBe("application/json");
    expect(post?.headers["user-agent"]).toBe("mine/1"); // the caller's own, not doubled
    expect(get?.target).toBe("/subscribers/1000@example.com/devices");
  });

  it("renews before expiry, then sends with the new token", async () => {
    const { api, auth, from } = await loggedIn();
    const first = await auth.accessToken();
    api.advance(570_000); // 30 s before exp: inside the 60 s skew
    expect((await auth.fetch("/domains")).status).toBe(200);
    expect(api.lines(from)).toEqual(["POST /jwt", "GET /domains"]);
    expect(JSON.parse(api.requests[from]?.body ?? "")).toHaveProperty("refresh");
    expect(api.bearerOf(api.requests.at(-1))).not.toBe(first);
    expect(api.bearerOf(api.requests.at(-1))).toBe(await auth.accessToken());
  });

  it("50 concurrent 401s renew exactly once and every request is replayed once", async () => {
    const { api, auth, from } = await loggedIn();
    const refused = await auth.accessToken();
    await api.revoke(refused);
    const responses = await Promise.all(Array.from({ length: 50 }, () => auth.fetch("/domains")));
    expect(responses.map((r) => r.status)).toEqual(Array(50).fill(200));
    const lines = api.lines(from);
    expect(lines.filter((l) => l === "POST /jwt")).toHaveLength(1);
    expect(lines.filter((l) => l === "GET /domains")).toHaveLength(100);
    const gets = api.requests.slice(from).filter((r) => r.method === "GET");
    expect(gets.filter((r) => api.bearerOf(r) === refused)).toHaveLength(50);
    expect(new Set(gets.filter((r) => api.bearerOf(r) !== refused).map(api.bearerOf))).toEqual(new Set([await auth.accessToken()]));
    expect(api.mock.count("POST /jwt")).toBe(2); // the login and the one renewal
  });

  const form = () => {
    const data = new FormData();
    data.set("user", "1005");
    data.set("note", "über @ & =");
    return data;
  };
  it.each([
    ["a JSON string", () => JSON.stringify({ user: "1005", name: "Zoë" }), '{"user":"1005","name":"Zoë"}', "application/json"],
    ["URLSearchParams", () => new URLSearchParams({ user: "1005", q: "a b&c" }), "user=1005&q=a+b%26c", "application/x-www-form-urlencoded;charset=UTF-8"],
    ["bytes (Uint8Array)", () => new TextEncoder().encode("raw\u0000bytes"), "raw\u0000bytes", undefined],
    ["an ArrayBuffer", () => new TextEncoder().encode("buffer").buffer, "buffer", undefined],
    ["a Blob", () => new Blob(["blob body"], { type: "text/plain" }), "blob body", "text/plain"],
  ] as const)("replays %s body intact after a 401", async (_name, body, onWire, type) => {
    const { api, auth, from } = await loggedIn();
    await api.revoke(await auth.accessToken());
    const headers: Record<string, string> = _name === "a JSON string" ? { "Content-Type": "application/json" } : {};
    const response = await auth.fetch("/echo", { method: "POST", headers, body: body() });
    expect(response.status).toBe(200);
    expect((await response.json()).text).toBe(onWire);
    expect(api.lines(from)).toEqual(["POST /echo", "POST /jwt", "POST /echo"]);
    const [first, , replay] = api.requests.slice(from);
    expect(first?.body).toBe(onWire);
    expect(replay?.body).toBe(onWire);
    expect(replay?.headers["content-type"]).toBe(first?.headers["content-type"]);
    if (type !== undefined) expect(replay?.headers["content-type"]).toBe(type);
    expect(api.bearerOf(replay)).not.toBe(api.bearerOf(first));
  });

  it("replays a FormData body with the same fields", async () => {
    const { api, auth, from } = await loggedIn();
    await api.revoke(await auth.accessToken());
    const response = await auth.fetch("/echo", { method: "PUT", body: form() });
    expect(response.status).toBe(200);
    const [first, , replay] = api.requests.slice(from);
    expect(api.lines(from)).toEqual(["PUT /echo", "POST /jwt", "PUT /echo"]);
    for (const sent of [first, replay]) {
      expect(sent?.headers["content-type"]).toMatch(/^multipart\/form-data; boundary=/);
      const parsed = await new Response(sent?.body, { headers: { "Content-Type": sent?.headers["content-type"] ?? "" } }).formData();
      expect([...parsed.entries()]).toEqual([
        ["user", "1005"],
        ["note", "über @ & ="],
      ]);
    }
  });

  it("replays a Request's body from a clone", async () => {
    const { api, auth, from } = await loggedIn();
    await api.revoke(await auth.accessToken());
    const response = await auth.fetch(new Request(`${BASE}/echo`, { method: "POST", body: "in a Request", headers: { "Content-Type": "text/plain" } }));
    expect((await response.json()).text).toBe("in a Request");
    expect(api.lines(from)).toEqual(["POST /echo", "POST /jwt", "POST /echo"]);
    expect(api.requests.slice(from).map((r) => r.body)).toEqual(["in a Request", expect.any(String), "in a Request"]);
  });

  it("does not replay a stream body: the 401 is returned as it is, nothing renewed", async () => {
    const { api, auth, from } = await loggedIn();
    await api.revoke(await auth.accessToken());
    const stream = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode("streamed"));
        controller.close();
      },
    });
    const response = await auth.fetch("/echo", { method: "POST", body: stream, duplex: "half" } as RequestInit);
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ code: 401 });
    expect(api.lines(from)).toEqual(["POST /echo"]);
    expect(api.requests[from]?.body).toBe("streamed");
  });

  it("returns a second 401 as the response, after one renewal: never a loop", async () => {
    const { api, auth, from } = await loggedIn();
    const response = await auth.fetch("/refuses");
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ code: 401, message: "Not for you" });
    expect(api.lines(from)).toEqual(["GET /refuses", "POST /jwt", "GET /refuses"]);
  });

  it("returns the 401 when the session cannot be renewed (no refresh JWT)", async () => {
    const api = apiMock();
    const auth = api.auth();
    await auth.delegate({ user: "1001", domain: "example.com" });
    const noRenewal = api.auth({ store: createMemoryTokenStore({ token: await auth.accessToken() }) });
    await api.revoke(await auth.accessToken());
    const from = api.requests.length;
    const response = await noRenewal.fetch("/domains");
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ code: 401 });
    expect(api.lines(from)).toEqual(["GET /domains"]);
  });

  it("sends a request with its own Authorization as it is, never replayed", async () => {
    const { api, auth, from } = await loggedIn();
    const response = await auth.fetch("/domains", { headers: { authorization: "Bearer not-a-token" } });
    expect(response.status).toBe(401);
    expect(api.lines(from)).toEqual(["GET /domains"]);
    expect(api.requests[from]?.headers.authorization).toBe("Bearer not-a-token");
  });

  it("never sends the bearer to another origin", async () => {
    const { api, auth, from } = await loggedIn();
    api.intercept((request) => (request.url.startsWith(BASE) ? undefined : Promise.resolve(new Response("elsewhere", { status: 401 }))));
    const response = await auth.fetch("https://cdn.example.org/ns-api/v2/domains", { headers: { "X-Mine": "1" } });
    expect(response.status).toBe(401);
    expect(api.requests.slice(from).map((r) => r.url)).toEqual(["https://cdn.example.org/ns-api/v2/domains"]);
    expect(api.requests[from]?.headers.authorization).toBeUndefined();
    expect(api.requests[from]?.headers["x-mine"]).toBe("1");
  });

  it("hands large listings through: the JWT calls' 1 MiB limit does not apply", async () => {
    const { auth } = await loggedIn({ maxResponseBytes: 1_048_576 });
    const response = await auth.fetch("/domains/example.com/cdrs");
    expect(Number(response.headers.get("Content-Length"))).toBeGreaterThan(2 * 1_048_576);
    expect(await response.json()).toHaveLength(30_000);
  });

  it("keeps fetch semantics for failures: HTTP errors are responses, the rest reject with typed errors", async () => {
    const { api, auth } = await loggedIn({ retry: false });
    expect((await auth.fetch("/nope")).status).toBe(404);
    api.intercept((request) => {
      if (request.url.endsWith("/down")) return Promise.reject(new TypeError("fetch failed"));
      if (request.url.endsWith("/hang")) return new Promise((_resolve, reject) => request.signal.addEventListener("abort", () => reject(request.signal.reason)));
      return undefined;
    });
    await expect(auth.fetch("/down")).rejects.toBeInstanceOf(NetworkError);
    await expect(auth.fetch("/hang", { timeoutMs: 30 })).rejects.toBeInstanceOf(TimeoutError);
    const controller = new AbortController();
    const pending = auth.fetch("/hang", { signal: controller.signal });
    setTimeout(() => controller.abort(), 5);
    await expect(pending).rejects.toBeInstanceOf(AbortedError);
  });

  it("retries an idempotent bodiless request after a network error, never a POST", async () => {
    const { api, auth, from } = await loggedIn();
    let drops = 0;
    api.intercept((request) => (request.url.endsWith("/domains") && drops++ < 1 ? Promise.reject(new TypeError("socket hang up")) : undefined));
    expect((await auth.fetch("/domains")).status).toBe(200);
    expect(api.lines(from)).toEqual(["GET /domains", "GET /domains"]);
    drops = 0;
    api.intercept((request) => (request.method === "POST" && drops++ < 1 ? Promise.reject(new TypeError("socket hang up")) : undefined));
    await expect(auth.fetch("/echo", { method: "POST", body: "x" })).rejects.toBeInstanceOf(NetworkError);
    expect(api.lines(from + 2)).toEqual(["POST /echo"]);
  });

  it("refuses without a session and sends nothing", async () => {
    const api = apiMock();
    await expect(api.auth().fetch("/domains")).rejects.toMatchObject({ name: "SessionExpiredError" });
    expect(api.requests).toHaveLength(0);
  });
});
