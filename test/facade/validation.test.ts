// Bad input is refused with a ValidationError before anything is sent.
import { describe, expect, it } from "@jest/globals";
import { createMemoryTokenStore, NsAuth, ValidationError } from "../../src/index.js";
import { json, recordingFetch } from "../support/recording-fetch.js";
import { SECRETS, fakeJwt } from "../support/tokens.js";

const CONTROL = ["a\r\nX-Injected: 1", "a\nb", "a\u0000b", "a\tb", "a\u007fb"];

describe("options", () => {
  it.each([
    ["apiKey", { apiKey: "" }],
    ...CONTROL.map((value) => ["apiKey", { apiKey: value }] as const),
    ...CONTROL.map((value) => ["userAgent", { userAgent: value }] as const),
    ...CONTROL.map((value) => ["logTag", { logTag: value }] as const),
    ["clientId", { clientId: "" }],
    ["clientSecret", { clientSecret: "" }],
    ["timeoutMs", { timeoutMs: -1 }],
    ["timeoutMs", { timeoutMs: Number.NaN }],
    ["clockSkewMs", { clockSkewMs: -1 }],
    ["clockSkewMs", { clockSkewMs: Number.NaN }],
    ["server", { server: "evil.example.com/x?" }],
    ["baseUrl", { server: undefined, baseUrl: "http://pbx.example.com" }],
  ])("refuses a bad %s", (field, bad) => {
    const fetch = recordingFetch();
    const create = () => new NsAuth({ server: "pbx.example.com", fetch, ...(bad as object) });
    expect(create).toThrow(ValidationError);
    expect(() => create()).toThrow(expect.objectContaining({ field }));
    expect(fetch.requests).toHaveLength(0);
  });
});

describe("where the API lives", () => {
  it("new NsAuth({}) is refused with field server, before anything is sent", () => {
    // @ts-expect-error neither server nor baseUrl
    expect(() => new NsAuth({})).toThrow(expect.objectContaining({ name: "ValidationError", field: "server" }));
  });
});

describe("call arguments", () => {
  function setup() {
    const fetch = recordingFetch(() => json(200, { token: fakeJwt() }));
    const auth = new NsAuth({ server: "pbx.example.com", clientId: "c", clientSecret: SECRETS.clientSecret, apiKey: SECRETS.apiKey, fetch });
    return { auth, fetch };
  }

  it.each([
    ["username", () => ({ username: "", password: "p" })],
    ["password", () => ({ username: "u@d", password: "" })],
    ["username", () => ({ password: "p" })],
    ["password", () => ({ username: "u@d", password: 5 })],
  ])("login refuses a bad %s", async (field, credentials) => {
    const { auth, fetch } = setup();
    await expect(auth.login(credentials() as never)).rejects.toMatchObject({ name: "ValidationError", field });
    expect(fetch.requests).toHaveLength(0);
  });

  it.each([
    ["user", { user: "", domain: "example.com" }],
    ["user", { user: "10\r\n00", domain: "example.com" }],
    ["domain", { user: "1000", domain: "" }],
    ["domain", { user: "1000", domain: "exa mple.com" }],
    ["domain", { user: "1000", domain: "a/b" }],
    ["domain", { user: "1000", domain: "x".repeat(65) }],
  ])("delegate refuses a bad %s", async (field, target) => {
    const { auth, fetch } = setup();
    await expect(auth.delegate(target)).rejects.toMatchObject({ name: "ValidationError", field });
    expect(fetch.requests).toHaveLength(0);
  });

  it.each([
    ["token", { token: "not-a-jwt" }],
    ["token", { token: "a.b.c\r\nX: y" }],
    ["token", { token: "" }],
    ["refresh", { token: "a.b.c", refresh: "nope" }],
  ])("a resumed session (createMemoryTokenStore) refuses a bad %s", (field, tokens) => {
    expect(() => createMemoryTokenStore(tokens)).toThrow(expect.objectContaining({ name: "ValidationError", field }));
  });

  it("calls that need a session refuse without one and send nothing", async () => {
    const { auth, fetch } = setup();
    await expect(auth.claims()).rejects.toMatchObject({ name: "SessionExpiredError" });
    await expect(auth.revoke()).rejects.toMatchObject({ name: "SessionExpiredError" });
    await expect(auth.refresh()).rejects.toMatchObject({ name: "SessionExpiredError" });
    expect(fetch.requests).toHaveLength(0);
  });
});
