// The same calls as the wire tests, against Prism mocking our spec: Prism validates every request.
import { describe, expect, it } from "@jest/globals";
import createClient from "openapi-fetch";
import type { paths } from "../generated/api.js";
import { createAuthenticatedClient, createMemoryTokenStore, NsAuth } from "../src/index.js";
import { tokenRequestExample } from "./support/spec.js";

const baseUrl = process.env.PRISM_URL ?? "";
const bearer = { Authorization: "Bearer aaa.bbb.ccc" };

describe("contract: the typed client against Prism", () => {
  // The grants and the refusal without a bearer go through plain openapi-fetch on the spec's types; the
  // bearer calls through the package's authenticated client (their own Authorization is sent as it is).
  const client = createClient<paths>({ baseUrl });
  const session = createAuthenticatedClient(new NsAuth({ baseUrl, retry: false, store: createMemoryTokenStore({ token: "aaa.bbb.ccc" }) }));

  it.each(["password", "mfa", "refresh"] as const)("accepts the %s grant", async (name) => {
    const { data, response } = await client.POST("/jwt", { body: tokenRequestExample(name) as never });
    expect(response.status).toBe(200);
    expect(typeof data?.token).toBe("string");
  });

  it("accepts the delegation grant with an API key", async () => {
    const { data, response } = await client.POST("/jwt", {
      body: { user: "1000", domain: "example.com" },
      headers: { Authorization: "Bearer nsd_UKkxfEzv" },
    });
    expect(response.status).toBe(200);
    expect(typeof data?.token).toBe("string");
  });

  it("reads the claims", async () => {
    const { data, response } = await session.GET("/jwt", { headers: bearer });
    expect(response.status).toBe(200);
    expect(data).toHaveProperty("user_scope");
  });

  it("revokes the current token", async () => {
    const { response } = await session.DELETE("/jwt", { headers: bearer });
    expect(response.status).toBe(202);
  });

  it.each(["109832ae46e3ec69b4d57e2398eafe8b034b312c", "1000@example.com"])("revokes by id %s", async (id) => {
    const { response } = await session.DELETE("/jwt/{id}", { params: { path: { id } }, headers: bearer });
    expect(response.status).toBe(202);
  });

  it("refuses a body that mixes two grants", async () => {
    const { error, response } = await client.POST("/jwt", {
      body: { user: "1000", domain: "example.com", refresh: "a.b.c" } as never,
    });
    expect(response.status).toBe(400);
    expect(error).toMatchObject({ code: expect.any(Number), message: expect.any(String) });
  });

  it("refuses an MFA passcode that is not six digits", async () => {
    const { response } = await client.POST("/jwt", { body: { ...tokenRequestExample("mfa"), passcode: "12345" } as never });
    expect(response.status).toBe(400);
  });

  it("refuses a revocation target that is neither a JWT ID nor a uid", async () => {
    const { response } = await session.DELETE("/jwt/{id}", { params: { path: { id: "not-an-id" } }, headers: bearer });
    expect(response.status).toBe(400);
  });

  it("refuses reading claims without a bearer token", async () => {
    const { response } = await client.GET("/jwt");
    expect(response.status).toBe(401);
  });
});
