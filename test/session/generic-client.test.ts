// createAuthenticatedClient<FullPaths> and a plain openapi-fetch client with createAuthMiddleware over a fixture in the shape of
// NetSapiens' export: `#N` variant keys sent as their path with the query kept, `@` literal, on the wire.
import { describe, expect, it } from "@jest/globals";
import createClient from "openapi-fetch";
import { createAuthenticatedClient, createAuthMiddleware, InvalidResponseError } from "../../src/index.js";
import type { paths as FullPaths } from "../fixtures/netsapiens-export.js";
import { apiMock, BASE, USER } from "../support/api-mock.js";

async function setup() {
  const api = apiMock();
  const auth = api.auth();
  await auth.login(USER);
  return { api, auth, client: createAuthenticatedClient<FullPaths>(auth), from: api.requests.length };
}

describe("createAuthenticatedClient<FullPaths>", () => {
  it("sends #1 and #2 variants as their path with their query, and the plain key without one", async () => {
    const { api, auth, client, from } = await setup();
    const search = await client.GET("/domains/{domain}/users#1", { params: { path: { domain: "example.com" }, query: { search: "ada lovelace", limit: 5 } } });
    expect(search.data).toMatchObject({ path: "/domains/example.com/users", query: [["search", "ada lovelace"], ["limit", "5"]] });
    await client.GET("/domains/{domain}/users#2", { params: { path: { domain: "example.com" }, query: { count: "yes" } } });
    await client.GET("/domains/{domain}/users", { params: { path: { domain: "example.com" } } });
    expect(api.lines(from)).toEqual([
      "GET /domains/example.com/users?search=ada%20lovelace&limit=5",
      "GET /domains/example.com/users?count=yes",
      "GET /domains/example.com/users",
    ]);
    for (const sent of api.requests.slice(from)) {
      expect(sent.url).not.toContain("#");
      expect(api.bearerOf(sent)).toBe(await auth.accessToken());
    }
  });

  it("keeps @ literal in path values and encodes what could change the path", async () => {
    const { api, client, from } = await setup();
    const { data } = await client.GET("/subscribers/{uid}/devices", { params: { path: { uid: "1000@example.com" } } });
    expect(data).toMatchObject({ params: { uid: "1000@example.com" } });
    await client.GET("/domains/{domain}/users/{user}", { params: { path: { domain: "example.com", user: "10/01?x#y" } } });
    expect(api.lines(from)).toEqual(["GET /subscribers/1000@example.com/devices", "GET /domains/example.com/users/10%2F01%3Fx%23y"]);
  });

  it("renews on a 401 once and replays the JSON body; a request's own Authorization is not replayed", async () => {
    const { api, auth, client, from } = await setup();
    await api.revoke(await auth.accessToken());
    const { data } = await client.POST("/domains/{domain}/users", { params: { path: { domain: "example.com" } }, body: { user: "1005" } });
    expect(data).toMatchObject({ text: '{"user":"1005"}' });
    expect(api.lines(from)).toEqual(["POST /domains/example.com/users", "POST /jwt", "POST /domains/example.com/users"]);
    const own = await client.GET("/domains", { headers: { Authorization: "Bearer mine" } });
    expect(own.response.status).toBe(401);
    expect(api.lines(from + 3)).toEqual(["GET /domains"]);
  });

  it("50 concurrent 401s renew exactly once", async () => {
    const { api, auth, client, from } = await setup();
    await api.revoke(await auth.accessToken());
    const results = await Promise.all(Array.from({ length: 50 }, () => client.GET("/domains")));
    expect(results.every((r) => r.response.status === 200)).toBe(true);
    expect(api.lines(from).filter((l) => l === "POST /jwt")).toHaveLength(1);
  });

  it("a 200 that is not JSON is an InvalidResponseError", async () => {
    const { api, client } = await setup();
    api.intercept(() => Promise.resolve(new Response("<html>portal</html>", { status: 200, headers: { "Content-Length": "19" } })));
    await expect(client.GET("/domains")).rejects.toBeInstanceOf(InvalidResponseError);
  });

  it("is typed by the caller's paths", () => {
    const { client } = { client: createAuthenticatedClient<FullPaths>(apiMock().auth()) };
    const typed = async () => {
      // @ts-expect-error the #1 variant needs its search query
      await client.GET("/domains/{domain}/users#1", { params: { path: { domain: "example.com" } } });
      // @ts-expect-error a JWT path is not in the caller's paths
      await client.GET("/jwt");
    };
    expect(typeof typed).toBe("function");
  });
});

describe("openapi-fetch createClient<FullPaths> + createAuthMiddleware", () => {
  it("sends #N keys as their path with the query, and @ literal", async () => {
    const { api, auth, from } = await setup();
    const client = createClient<FullPaths>({ baseUrl: BASE, fetch: api.fetch });
    client.use(createAuthMiddleware(auth));
    await client.GET("/domains/{domain}/users#1", { params: { path: { domain: "example.com" }, query: { search: "1000@example.com" } }, headers: { Authorization: "Bearer x" } });
    await client.request("get", "/domains/{domain}/users#2", { params: { path: { domain: "ex@mple" }, query: { count: "yes" } } });
    expect(api.lines(from)).toEqual(["GET /domains/example.com/users?search=1000%40example.com", "GET /domains/ex@mple/users?count=yes"]);
    expect(api.requests[from]?.headers.authorization).toBe("Bearer x");
    expect(api.bearerOf(api.requests[from + 1])).toBe(await auth.accessToken());
  });
});
