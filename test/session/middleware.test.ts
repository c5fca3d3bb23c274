// createAuthMiddleware on a user's own openapi-fetch client, against the mock's guarded routes, on the wire.
import { describe, expect, it } from "@jest/globals";
import createClient from "openapi-fetch";
import { createAuthMiddleware } from "../../src/index.js";
import type { paths as FullPaths } from "../fixtures/netsapiens-export.js";
import { apiMock, BASE, USER } from "../support/api-mock.js";

async function setup() {
  const api = apiMock();
  const auth = api.auth();
  await auth.login(USER);
  const client = createClient<FullPaths>({ baseUrl: BASE, fetch: api.fetch });
  client.use(createAuthMiddleware(auth));
  return { api, auth, client, from: api.requests.length };
}

describe("createAuthMiddleware", () => {
  it("puts the bearer on every request", async () => {
    const { api, auth, client, from } = await setup();
    const { data } = await client.GET("/domains");
    expect(data).toEqual([{ domain: "example.com" }, { domain: "other.example" }]);
    await client.GET("/subscribers/{uid}/devices", { params: { path: { uid: "1000@example.com" } } });
    // `@` literal, as the package's own clients send it (one wire rule for every client).
    expect(api.lines(from)).toEqual(["GET /domains", "GET /subscribers/1000@example.com/devices"]);
    expect(api.requests.slice(from).map(api.bearerOf)).toEqual([await auth.accessToken(), await auth.accessToken()]);
  });

  it("renews before expiry", async () => {
    const { api, auth, client, from } = await setup();
    const first = await auth.accessToken();
    api.advance(590_000);
    expect((await client.GET("/domains")).response.status).toBe(200);
    expect(api.lines(from)).toEqual(["POST /jwt", "GET /domains"]);
    expect(api.bearerOf(api.requests.at(-1))).not.toBe(first);
  });

  it("50 concurrent 401s renew exactly once; each request is replayed once", async () => {
    const { api, auth, client, from } = await setup();
    await api.revoke(await auth.accessToken());
    const results = await Promise.all(Array.from({ length: 50 }, () => client.GET("/domains")));
    expect(results.map((r) => r.response.status)).toEqual(Array(50).fill(200));
    const lines = api.lines(from);
    expect(lines.filter((l) => l === "POST /jwt")).toHaveLength(1);
    expect(lines.filter((l) => l === "GET /domains")).toHaveLength(100);
  });

  it("replays a JSON body intact", async () => {
    const { api, auth, client, from } = await setup();
    await api.revoke(await auth.accessToken());
    const { data, response } = await client.POST("/domains/{domain}/users", { params: { path: { domain: "example.com" } }, body: { user: "1005", "name-first-name": "Zoë" } });
    expect(response.status).toBe(200);
    expect(data).toMatchObject({ text: '{"user":"1005","name-first-name":"Zoë"}' });
    expect(api.lines(from)).toEqual(["POST /domains/example.com/users", "POST /jwt", "POST /domains/example.com/users"]);
    const [first, , replay] = api.requests.slice(from);
    expect(replay?.body).toBe(first?.body);
    expect(replay?.headers["content-type"]).toBe("application/json");
  });

  it("replays form bodies (URLSearchParams and FormData) intact", async () => {
    const { api, auth, from } = await setup();
    const client = createClient<Record<string, never>>({ baseUrl: BASE, fetch: api.fetch });
    client.use(createAuthMiddleware(auth));
    await api.revoke(await auth.accessToken());
    const raw = client as unknown as { POST: (url: string, init: object) => Promise<{ response: Response; data: { text: string } }> };
    const form = await raw.POST("/echo", { body: new URLSearchParams({ a: "1 2", b: "&" }), bodySerializer: (b: unknown) => b, headers: { "Content-Type": "application/x-www-form-urlencoded" } });
    expect(form.data.text).toBe("a=1+2&b=%26");
    const data = new FormData();
    data.set("field", "value @");
    const multipart = await raw.POST("/echo", { body: data });
    expect(multipart.response.status).toBe(200);
    expect(api.lines(from)).toEqual(["POST /echo", "POST /jwt", "POST /echo", "POST /echo"]);
    const sent = api.requests.slice(from);
    expect(sent[2]?.body).toBe("a=1+2&b=%26");
    expect(sent[3]?.headers["content-type"]).toMatch(/^multipart\/form-data/);
    expect(sent[3]?.body).toContain("value @");
  });

  it("replays a FormData body after a 401", async () => {
    const { api, auth, from } = await setup();
    const client = createClient<Record<string, never>>({ baseUrl: BASE, fetch: api.fetch });
    client.use(createAuthMiddleware(auth));
    await api.revoke(await auth.accessToken());
    const data = new FormData();
    data.set("field", "value @");
    const raw = client as unknown as { PUT: (url: string, init: object) => Promise<{ response: Response; data: { text: string } }> };
    const result = await raw.PUT("/echo", { body: data });
    expect(result.response.status).toBe(200);
    expect(api.lines(from)).toEqual(["PUT /echo", "POST /jwt", "PUT /echo"]);
    const [first, , replay] = api.requests.slice(from);
    expect(replay?.body).toBe(first?.body);
    expect(replay?.body).toContain("value @");
  });

  it("returns a second 401, never a loop", async () => {
    const { api, client, from } = await setup();
    const raw = client as unknown as { GET: (url: string) => Promise<{ response: Response; error: unknown }> };
    const { response, error } = await raw.GET("/refuses");
    expect(response.status).toBe(401);
    expect(error).toEqual({ code: 401, message: "Not for you" });
    expect(api.lines(from)).toEqual(["GET /refuses", "POST /jwt", "GET /refuses"]);
  });

  it("leaves alone a request with its own Authorization, and other origins", async () => {
    const { api, client, from } = await setup();
    await client.GET("/domains", { headers: { Authorization: "Bearer mine" } });
    const other = createClient<FullPaths>({ baseUrl: "https://elsewhere.example/v2", fetch: api.fetch });
    other.use(createAuthMiddleware((await setup()).auth));
    api.intercept((request) => (request.url.startsWith(BASE) ? undefined : Promise.resolve(new Response("[]", { status: 200 }))));
    await other.GET("/domains");
    const sent = api.requests.slice(from).filter((r) => r.target === "/domains" || r.url.startsWith("https://elsewhere"));
    expect(sent.map((r) => r.headers.authorization)).toEqual(["Bearer mine", undefined]);
  });
});
