// Faults injected by the mock, over real HTTP: idempotent calls retry as specified, POST /jwt is never
// repeated (counted on the server), and every call ends within its timeout.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "@jest/globals";
import { NetworkError, NsAuth, RateLimitError, ServerError, TimeoutError } from "../../src/index.js";
import { DEFAULT_CLIENT, startMockServer, type ListeningMock, type MockNetSapiens } from "../../src/mock/index.js";

let server: ListeningMock & { mock: MockNetSapiens };
let auth: NsAuth;

beforeAll(async () => {
  server = await startMockServer();
});
afterAll(() => server.close());

beforeEach(async () => {
  server.mock.faults.clear();
  auth = new NsAuth({ baseUrl: server.baseUrl, ...DEFAULT_CLIENT, timeoutMs: 2_000, retry: { retries: 2, baseDelayMs: 5, maxDelayMs: 1_500 } });
  await auth.login({ username: "1000@example.com", password: "demo-password-1000" });
});

const sent = (route: Parameters<MockNetSapiens["count"]>[0], during: () => Promise<unknown>) =>
  (async () => {
    const before = server.mock.count(route);
    const result = await during().then(
      (value) => ({ value, error: undefined }),
      (error: unknown) => ({ value: undefined, error }),
    );
    return { ...result, requests: server.mock.count(route) - before };
  })();

describe("faults over HTTP", () => {
  it("a dropped connection on GET is retried", async () => {
    server.mock.faults.set("GET /jwt", { drop: true, times: 1 });
    const { error, requests } = await sent("GET /jwt", () => auth.claims());
    expect(error).toBeUndefined();
    expect(requests).toBe(2);
  });

  it("a burst of 5xx longer than the retries ends in ServerError after exactly 1 + retries attempts", async () => {
    server.mock.faults.set("GET /jwt", { status: 503, times: 10 });
    const { error, requests } = await sent("GET /jwt", () => auth.claims());
    expect(error).toBeInstanceOf(ServerError);
    expect(requests).toBe(3);
  });

  it("a 5xx burst shorter than the retries is ridden out", async () => {
    server.mock.faults.set("DELETE /jwt/{id}", { status: 502, times: 2 });
    const { error, requests } = await sent("DELETE /jwt/{id}", () => auth.revokeUser("1001@example.com"));
    expect(error).toBeUndefined();
    expect(requests).toBe(3);
  });

  it("429 with Retry-After is waited for and retried", async () => {
    server.mock.faults.set("GET /jwt", { status: 429, retryAfterSeconds: 1, times: 1 });
    const started = Date.now();
    const { error, requests } = await sent("GET /jwt", () => auth.claims());
    expect(error).toBeUndefined();
    expect(requests).toBe(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
  });

  it("429 with a Retry-After beyond the limit is handed to the caller at once", async () => {
    server.mock.faults.set("GET /jwt", { status: 429, retryAfterSeconds: 60 });
    const { error, requests } = await sent("GET /jwt", () => auth.claims());
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).retryAfterMs).toBe(60_000);
    expect(requests).toBe(1);
  });

  it.each([
    ["a dropped connection", { drop: true }, NetworkError],
    ["a 503", { status: 503 }, ServerError],
    ["a 429", { status: 429, retryAfterSeconds: 0 }, RateLimitError],
  ] as const)("POST /jwt is sent once on %s", async (_what, fault, type) => {
    server.mock.faults.set("POST /jwt", { ...fault, times: 5 });
    const { error, requests } = await sent("POST /jwt", () => auth.login({ username: "1000@example.com", password: "demo-password-1000" }));
    expect(error).toBeInstanceOf(type);
    expect(requests).toBe(1);
  });

  it("latency beyond the timeout ends every kind of call within it", async () => {
    server.mock.faults.set("*", { latencyMs: 3_000 });
    for (const call of [
      () => auth.claims({ timeoutMs: 150 }),
      () => auth.revokeUser("1001@example.com", { timeoutMs: 150 }),
      () => auth.login({ username: "1000@example.com", password: "demo-password-1000" }, { timeoutMs: 150 }),
      () => auth.refresh({ timeoutMs: 150 }),
    ]) {
      const started = Date.now();
      await expect(call()).rejects.toBeInstanceOf(TimeoutError);
      expect(Date.now() - started).toBeLessThan(1_000);
    }
  });
});
