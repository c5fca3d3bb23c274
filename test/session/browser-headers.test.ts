// In a browser the client sets no header that a browser refuses or that widens the CORS preflight.
import { afterEach, describe, expect, it } from "@jest/globals";
import { createAuthenticatedClient, NsAuth } from "../../src/index.js";
import { VERSION } from "../../src/version.js";
import { json, recordingFetch } from "../support/recording-fetch.js";
import { fakeJwt } from "../support/tokens.js";

const original = Object.getOwnPropertyDescriptor(globalThis, "navigator");
const pretend = (userAgent: string) => Object.defineProperty(globalThis, "navigator", { value: { userAgent }, configurable: true });
afterEach(() => {
  if (original) Object.defineProperty(globalThis, "navigator", original);
  else delete (globalThis as { navigator?: unknown }).navigator;
});

// What a CORS preflight would ask for: every request header that is not CORS-safelisted (simplified to names).
const SAFELISTED = new Set(["accept", "accept-language", "content-language"]);
const preflightHeaders = (headers: Record<string, string>) => Object.keys(headers).filter((name) => !SAFELISTED.has(name)).sort();

async function everyRequest(options: { userAgent?: string } = {}) {
  const fetch = recordingFetch((r) => (r.method === "POST" ? json(200, { token: fakeJwt(), refresh: fakeJwt() }) : json(200, { user_scope: "x" })));
  const auth = new NsAuth({ server: "pbx.example.com", clientId: "c", clientSecret: "s", fetch, ...options });
  await auth.login({ username: "1000@example.com", password: "p" });
  await auth.claims();
  await auth.fetch("/domains");
  await createAuthenticatedClient(auth).GET("/jwt");
  await auth.revoke();
  return fetch.requests;
}

describe("browser headers", () => {
  it.each([
    ["Firefox", "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"],
    ["Chromium", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"],
  ])("in %s no User-Agent is set, even with the userAgent option: preflights ask for Authorization and Content-Type only", async (_name, agent) => {
    pretend(agent);
    const requests = await everyRequest({ userAgent: "my-app/1.0" });
    expect(requests).toHaveLength(5);
    for (const request of requests) {
      expect(request.headers["user-agent"]).toBeUndefined();
      for (const name of preflightHeaders(request.headers)) expect(["authorization", "content-type"]).toContain(name);
    }
  });

  it.each([["Node 21+", "Node.js/22"], ["Deno", "Deno/2.1.4"], ["Bun", "Bun/1.1.38"], ["workerd", "Cloudflare-Workers"]])(
    "outside browsers (%s) the client names itself in User-Agent",
    async (_name, agent) => {
      pretend(agent);
      const requests = await everyRequest({ userAgent: "my-app/1.0" });
      for (const request of requests) expect(request.headers["user-agent"]).toBe(`ns-api-jwt/${VERSION} my-app/1.0`);
    },
  );

  it("with no navigator at all (Node 18, 20) too", async () => {
    Object.defineProperty(globalThis, "navigator", { value: undefined, configurable: true });
    const requests = await everyRequest();
    for (const request of requests) expect(request.headers["user-agent"]).toBe(`ns-api-jwt/${VERSION}`);
  });
});
