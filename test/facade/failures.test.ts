// Typed errors by status, network failures, timeouts, aborts and retries.
import { describe, expect, it } from "@jest/globals";
import {
  AbortedError,
  AuthenticationError,
  BadRequestError,
  InvalidResponseError,
  NetworkError,
  NotFoundError,
  NsApiError,
  NsAuth,
  PermissionDeniedError,
  RateLimitError,
  ServerError,
  TimeoutError,
  createMemoryTokenStore,
} from "../../src/index.js";
import { json, recordingFetch } from "../support/recording-fetch.js";
import { SECRETS, fakeJwt } from "../support/tokens.js";

function setup(responder: Parameters<typeof recordingFetch>[0], extra: Record<string, unknown> = {}) {
  const fetch = recordingFetch(responder);
  const auth = new NsAuth({
    server: "pbx.example.com",
    clientId: "c",
    clientSecret: SECRETS.clientSecret,
    fetch,
    retry: { baseDelayMs: 1, maxDelayMs: 50 },
    store: createMemoryTokenStore({ token: fakeJwt() }),
    ...extra,
  });
  return { auth, fetch };
}

/** A fetch that never answers until its request is aborted, like a server that hangs. */
function hangingFetch() {
  const fetch = recordingFetch(
    (sent) =>
      new Promise<Response>((_resolve, reject) => {
        sent.signal.addEventListener("abort", () => reject(sent.signal.reason));
      }),
  );
  return fetch;
}

describe("errors by status", () => {
  it.each([
    [400, BadRequestError],
    [401, AuthenticationError],
    [403, PermissionDeniedError],
    [404, NotFoundError],
    [429, RateLimitError],
    [500, ServerError],
    [503, ServerError],
    [409, NsApiError],
  ] as const)("%i → %p with status, code and message from the body", async (status, type) => {
    const { auth } = setup(() => json(status, { code: status, message: "Server says no" }), { retry: false });
    const error = (await auth.login({ username: "1000@example.com", password: SECRETS.password }).catch((e: unknown) => e)) as NsApiError;
    expect(error).toBeInstanceOf(type);
    expect(error).toBeInstanceOf(NsApiError);
    expect(error).toMatchObject({ status, code: status, message: `${status}: Server says no`, name: type.name });
  });

  it("an HTML error page still gives a typed error with the status", async () => {
    const { auth } = setup(() => new Response("<html><body>Bad Gateway</body></html>", { status: 502, statusText: "Bad Gateway" }), {
      retry: false,
    });
    await expect(auth.claims()).rejects.toMatchObject({ name: "ServerError", status: 502, code: undefined, message: "502 Bad Gateway" });
  });

  it("a 200 that is not JSON is an InvalidResponseError", async () => {
    const { auth } = setup(() => new Response("<html>portal login</html>", { status: 200, headers: { "Content-Length": "25" } }));
    await expect(auth.claims()).rejects.toBeInstanceOf(InvalidResponseError);
  });

  it("a 200 from POST /jwt without a token is an InvalidResponseError and stores nothing", async () => {
    const { auth } = setup(() => json(200, { token: 42 }));
    const before = await auth.accessToken();
    await expect(auth.login({ username: "1000@example.com", password: SECRETS.password })).rejects.toBeInstanceOf(InvalidResponseError);
    expect(await auth.accessToken()).toBe(before);
  });

  it("RateLimitError carries Retry-After", async () => {
    const { auth } = setup(() => json(429, { code: 429, message: "slow down" }, { "Retry-After": "120" }));
    await expect(auth.claims()).rejects.toMatchObject({ name: "RateLimitError", retryAfterMs: 120_000 });
  });
});

describe("network, timeout and abort", () => {
  it("a network failure is a NetworkError with the cause kept", async () => {
    const { auth } = setup(() => Promise.reject(new TypeError("fetch failed")), { retry: false });
    const error = await auth.claims().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as Error).cause).toBeInstanceOf(TypeError);
  });

  it("timeoutMs ends a hanging call with TimeoutError, and the timer starts per call", async () => {
    const fetch = hangingFetch();
    const auth = new NsAuth({ server: "pbx.example.com", fetch, timeoutMs: 60, retry: false, store: createMemoryTokenStore({ token: fakeJwt() }) });
    await new Promise((resolve) => setTimeout(resolve, 100)); // time passing before the call must not count
    const started = Date.now();
    await expect(auth.claims()).rejects.toBeInstanceOf(TimeoutError);
    const took = Date.now() - started;
    expect(took).toBeGreaterThanOrEqual(55);
    await expect(auth.claims({ timeoutMs: 10 })).rejects.toMatchObject({ name: "TimeoutError" });
  });

  it("a caller's signal aborts the call with AbortedError", async () => {
    const fetch = hangingFetch();
    const auth = new NsAuth({ server: "pbx.example.com", fetch, retry: false, store: createMemoryTokenStore({ token: fakeJwt() }) });
    const controller = new AbortController();
    const pending = auth.claims({ signal: controller.signal });
    setTimeout(() => controller.abort(), 5);
    await expect(pending).rejects.toBeInstanceOf(AbortedError);
  });

  it("an already-aborted signal sends nothing", async () => {
    const fetch = recordingFetch();
    const auth = new NsAuth({ server: "pbx.example.com", clientId: "c", clientSecret: "s", fetch });
    await expect(auth.login({ username: "u@d", password: "p" }, { signal: AbortSignal.abort() })).rejects.toBeInstanceOf(AbortedError);
    expect(fetch.requests).toHaveLength(0);
  });
});

describe("retries", () => {
  it.each([429, 502, 503, 504])("GET is retried after %i and succeeds", async (status) => {
    const { auth, fetch } = setup((_r, i) => (i < 2 ? json(status, { code: status, message: "busy" }) : json(200, { user_scope: "x" })));
    await expect(auth.claims()).resolves.toEqual({ user_scope: "x" });
    expect(fetch.requests).toHaveLength(3);
  });

  it("DELETE is retried after a network error", async () => {
    const { auth, fetch } = setup((_r, i) => (i === 0 ? Promise.reject(new TypeError("socket hang up")) : json(202, { code: 202, message: "Accepted" })));
    await auth.revokeUser("1000@example.com");
    expect(fetch.requests).toHaveLength(2);
  });

  it("retries are bounded", async () => {
    const { auth, fetch } = setup(() => json(503, { code: 503, message: "down" }), { retry: { retries: 3, baseDelayMs: 1 } });
    await expect(auth.claims()).rejects.toBeInstanceOf(ServerError);
    expect(fetch.requests).toHaveLength(4);
  });

  it("waits as long as Retry-After says", async () => {
    const { auth, fetch } = setup((_r, i) => (i === 0 ? json(429, { code: 429, message: "wait" }, { "Retry-After": "1" }) : json(200, {})), {
      retry: { baseDelayMs: 1, maxDelayMs: 5_000 },
    });
    const started = Date.now();
    await auth.claims();
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(fetch.requests).toHaveLength(2);
  });

  it("does not wait for a Retry-After beyond maxDelayMs", async () => {
    const { auth, fetch } = setup(() => json(429, { code: 429, message: "wait" }, { "Retry-After": "3600" }));
    await expect(auth.claims()).rejects.toMatchObject({ name: "RateLimitError", retryAfterMs: 3_600_000 });
    expect(fetch.requests).toHaveLength(1);
  });

  it.each([503, 429])("POST /jwt is never retried (%i)", async (status) => {
    const { auth, fetch } = setup(() => json(status, { code: status, message: "busy" }));
    await expect(auth.login({ username: "1000@example.com", password: SECRETS.password })).rejects.toBeInstanceOf(NsApiError);
    expect(fetch.requests).toHaveLength(1);
  });

  it("POST /jwt is never retried after a network error", async () => {
    const { auth, fetch } = setup(() => Promise.reject(new TypeError("fetch failed")));
    await expect(auth.login({ username: "1000@example.com", password: SECRETS.password })).rejects.toBeInstanceOf(NetworkError);
    expect(fetch.requests).toHaveLength(1);
  });

  it("a timeout also bounds the retries", async () => {
    const { auth } = setup(() => json(503, { code: 503, message: "down" }), { timeoutMs: 80, retry: { retries: 50, baseDelayMs: 40 } });
    const started = Date.now();
    await expect(auth.claims()).rejects.toBeInstanceOf(TimeoutError);
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});
