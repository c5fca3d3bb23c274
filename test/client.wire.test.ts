import { describe, expect, it } from "@jest/globals";
import createClient from "openapi-fetch";
import type { paths } from "../generated/api.js";
import { createAuthenticatedClient, createMemoryTokenStore, NsAuth, ValidationError, type NsAuthOptions } from "../src/index.js";
import { json, recordingFetch } from "./support/recording-fetch.js";
import { tokenRequestExample } from "./support/spec.js";

const BASE = "https://pbx.example.com/ns-api/v2";
const JWT = "aaa.bbb.ccc";
const API_KEY = "nsd_UKkxfEzv" + "0".repeat(48);

/** The package's typed client on a session holding JWT. */
function clientWith(responder?: Parameters<typeof recordingFetch>[0]) {
  const fetch = recordingFetch(responder);
  const auth = new NsAuth({ server: "pbx.example.com", fetch, retry: false, store: createMemoryTokenStore({ token: JWT }) });
  return { client: createAuthenticatedClient(auth), fetch };
}

/** The spec's types on a plain openapi-fetch client, for the grants, which are sent before there is a session. */
function plainClientWith(responder?: Parameters<typeof recordingFetch>[0]) {
  const fetch = recordingFetch(responder);
  return { client: createClient<paths>({ baseUrl: BASE, fetch }), fetch };
}

const clientAt = (location: NsAuthOptions) => createAuthenticatedClient(new NsAuth({ ...location, store: createMemoryTokenStore({ token: JWT }) }));

describe("typed client on the wire", () => {
  it.each(["password", "mfa", "refresh"] as const)("POST /jwt sends the %s grant as JSON with no Authorization", async (name) => {
    const { client, fetch } = plainClientWith(() => json(200, { token: JWT, refresh: JWT }));
    const body = tokenRequestExample(name);
    const { data } = await client.POST("/jwt", { body: body as never });
    expect(data).toEqual({ token: JWT, refresh: JWT });
    expect(fetch.requests).toHaveLength(1);
    const [sent] = fetch.requests;
    expect(sent?.method).toBe("POST");
    expect(sent?.url).toBe(`${BASE}/jwt`);
    expect(sent?.headers["content-type"]).toBe("application/json");
    expect(sent?.headers.authorization).toBeUndefined();
    expect(JSON.parse(sent?.body ?? "")).toEqual(body);
  });

  it("POST /jwt sends the delegation grant with the API key as bearer", async () => {
    const { client, fetch } = plainClientWith(() => json(200, { token: JWT }));
    const { data } = await client.POST("/jwt", {
      body: { user: "1000", domain: "example.com" },
      headers: { Authorization: `Bearer ${API_KEY}` },
    });
    expect(data).toEqual({ token: JWT });
    const [sent] = fetch.requests;
    expect(sent).toMatchObject({ method: "POST", url: `${BASE}/jwt` });
    expect(sent?.headers.authorization).toBe(`Bearer ${API_KEY}`);
    expect(JSON.parse(sent?.body ?? "")).toEqual({ user: "1000", domain: "example.com" });
  });

  it("GET /jwt sends the bearer token and no body", async () => {
    const claims = { user_email: null, user_scope: "Basic User", displayName: "Jane" };
    const { client, fetch } = clientWith(() => json(200, claims));
    const { data } = await client.GET("/jwt", { headers: { Authorization: `Bearer ${JWT}` } });
    expect(data).toEqual(claims);
    expect(fetch.requests[0]).toMatchObject({ method: "GET", url: `${BASE}/jwt`, body: undefined });
    expect(fetch.requests[0]?.headers.authorization).toBe(`Bearer ${JWT}`);
    expect(fetch.requests[0]?.headers["content-type"]).toBeUndefined();
  });

  it("DELETE /jwt revokes the current token", async () => {
    const { client, fetch } = clientWith(() => json(202, { code: 202, message: "Accepted" }));
    const { data, response } = await client.DELETE("/jwt", { headers: { Authorization: `Bearer ${JWT}` } });
    expect(response.status).toBe(202);
    expect(data).toEqual({ code: 202, message: "Accepted" });
    expect(fetch.requests[0]).toMatchObject({ method: "DELETE", url: `${BASE}/jwt`, body: undefined });
    expect(fetch.requests[0]?.headers.authorization).toBe(`Bearer ${JWT}`);
  });

  it.each([
    ["a JWT ID", "109832ae46e3ec69b4d57e2398eafe8b034b312c", "109832ae46e3ec69b4d57e2398eafe8b034b312c"],
    ["a uid", "1000@example.com", "1000@example.com"],
  ])("DELETE /jwt/{id} with %s", async (_kind, id, onWire) => {
    const { client, fetch } = clientWith(() => new Response(null, { status: 202 }));
    const { response } = await client.DELETE("/jwt/{id}", {
      params: { path: { id } },
      headers: { Authorization: `Bearer ${JWT}` },
    });
    expect(response.status).toBe(202);
    expect(fetch.requests[0]).toMatchObject({ method: "DELETE", url: `${BASE}/jwt/${onWire}`, body: undefined });
    expect(fetch.requests[0]?.headers.authorization).toBe(`Bearer ${JWT}`);
  });

  it.each([
    ["a/b@c", "a%2Fb@c"],
    ["100%@x", "100%25@x"],
    ["a b@c", "a%20b@c"],
    ["x?y#z@d", "x%3Fy%23z@d"],
  ])("encodes the path parameter %j so it cannot change the path", async (id, encoded) => {
    const { client, fetch } = clientWith(() => new Response(null, { status: 202 }));
    await client.DELETE("/jwt/{id}", { params: { path: { id } } });
    expect(fetch.requests[0]?.url).toBe(`${BASE}/jwt/${encoded}`);
    expect(new URL(fetch.requests[0]?.url ?? "").pathname).toBe(`/ns-api/v2/jwt/${encoded}`);
  });

  it.each(["", ".", "..", "%2e%2E", ".%2e"])("refuses the path parameter %j and sends nothing", async (id) => {
    const { client, fetch } = clientWith();
    await expect(client.DELETE("/jwt/{id}", { params: { path: { id } } })).rejects.toThrow(ValidationError);
    expect(fetch.requests).toHaveLength(0);
  });

  it("passes the server's error body through", async () => {
    const { client } = clientWith(() => json(401, { code: 401, message: "Invalid credentials" }));
    const { error, response } = await client.GET("/jwt", { headers: { Authorization: `Bearer ${JWT}` } });
    expect(response.status).toBe(401);
    expect(error).toEqual({ code: 401, message: "Invalid credentials" });
  });
});

describe("base URL", () => {
  it("accepts an explicit baseUrl and drops a trailing slash", async () => {
    const fetch = recordingFetch(() => json(200, {}));
    const client = clientAt({ baseUrl: "https://core1.example.net:8443/ns-api/v2/", fetch });
    await client.GET("/jwt");
    expect(fetch.requests[0]?.url).toBe("https://core1.example.net:8443/ns-api/v2/jwt");
  });

  it("defaults to https://{server}/ns-api/v2", async () => {
    const fetch = recordingFetch(() => json(200, {}));
    await clientAt({ server: "ns-api.com", fetch }).GET("/jwt");
    expect(fetch.requests[0]?.url).toBe("https://ns-api.com/ns-api/v2/jwt");
  });

  it.each([
    [{ server: "https://pbx.example.com" }, "server"],
    [{ server: "pbx.example.com/ns-api" }, "server"],
    [{ baseUrl: "http://pbx.example.com/ns-api/v2" }, "baseUrl"],
    [{ baseUrl: "ftp://pbx.example.com/" }, "baseUrl"],
    [{ baseUrl: "https://user:pw@pbx.example.com/" }, "baseUrl"],
    [{ baseUrl: "not a url" }, "baseUrl"],
    [{ server: "pbx.example.com", baseUrl: "https://pbx.example.com" }, "server"],
  ])("refuses %j before any request", (location, field) => {
    const fetch = recordingFetch();
    expect(() => clientAt({ ...(location as { server: string }), fetch })).toThrow(ValidationError);
    try {
      clientAt({ ...(location as { server: string }), fetch });
    } catch (error) {
      expect((error as ValidationError).field).toBe(field);
    }
    expect(fetch.requests).toHaveLength(0);
  });

  it.each(["http://127.0.0.1:4010", "http://localhost:8080/ns-api/v2", "http://[::1]:9000"])(
    "allows plain http on loopback (%s)",
    (baseUrl) => {
      expect(() => clientAt({ baseUrl })).not.toThrow();
    },
  );

  it("allows plain http elsewhere only when asked explicitly", () => {
    expect(() => clientAt({ baseUrl: "http://pbx.test/ns-api/v2", allowInsecureHttp: true })).not.toThrow();
  });
});
