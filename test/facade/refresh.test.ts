import { describe, expect, it, jest } from "@jest/globals";
import { AuthenticationError, createAuthenticatedClient, NsAuth, SessionExpiredError, type SessionTokens, createMemoryTokenStore } from "../../src/index.js";
import { json, recordingFetch, type SentRequest } from "../support/recording-fetch.js";
import { SECRETS, fakeJwt } from "../support/tokens.js";

const BASE = "https://pbx.example.com/ns-api/v2";
const claims = { user_email: null, user_scope: "Basic User", displayName: "Jane" };

/** A clock the test moves by hand. */
function clock(start = Date.UTC(2026, 0, 1)) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms), seconds: (s: number) => Math.floor(now / 1000) + s };
}

const isRefresh = (r: SentRequest) => r.method === "POST" && r.body !== undefined && "refresh" in JSON.parse(r.body);
const bearerOf = (r: SentRequest | undefined) => r?.headers.authorization?.replace(/^Bearer /, "");

describe("refresh before expiry", () => {
  it("renews with the refresh JWT once the clock passes exp minus the skew, and stores the rotated pair", async () => {
    const time = clock();
    const first = { token: fakeJwt({ exp: time.seconds(600) }), refresh: fakeJwt() };
    const second = { token: fakeJwt({ exp: time.seconds(1800) }), refresh: fakeJwt() };
    const fetch = recordingFetch((r) => (isRefresh(r) ? json(200, second) : json(200, claims)));
    const auth = new NsAuth({ server: "pbx.example.com", fetch, now: time.now, clockSkewMs: 60_000, store: createMemoryTokenStore(first) });
    const changes: Array<SessionTokens | undefined> = [];
    auth.onTokensChange((t) => changes.push(t));

    await auth.claims();
    expect(fetch.requests.map(bearerOf)).toEqual([first.token]);

    time.advance(539_000); // 61 s before exp: still fresh
    await auth.claims();
    expect(fetch.requests.filter(isRefresh)).toHaveLength(0);

    time.advance(2_000); // 59 s before exp: inside the skew
    await auth.claims();
    const refreshes = fetch.requests.filter(isRefresh);
    expect(refreshes).toHaveLength(1);
    expect(refreshes[0]).toMatchObject({ method: "POST", url: `${BASE}/jwt` });
    expect(refreshes[0]?.headers.authorization).toBeUndefined();
    expect(JSON.parse(refreshes[0]?.body ?? "")).toEqual({ refresh: first.refresh });
    expect(bearerOf(fetch.requests.at(-1))).toBe(second.token);
    // Resuming from a store is not a change; the renewal is, heard once the store holds it.
    expect(changes).toEqual([second]);
  });

  it("50 concurrent calls on an expired token send exactly one refresh", async () => {
    const time = clock();
    const renewed = { token: fakeJwt({ exp: time.seconds(3600) }), refresh: fakeJwt() };
    const fetch = recordingFetch(async (r) => {
      if (isRefresh(r)) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        return json(200, renewed);
      }
      return json(200, claims);
    });
    const auth = new NsAuth({ server: "pbx.example.com", fetch, now: time.now, store: createMemoryTokenStore({ token: fakeJwt({ exp: time.seconds(-10) }), refresh: fakeJwt() }) });

    await Promise.all(Array.from({ length: 50 }, () => auth.claims()));

    expect(fetch.requests.filter(isRefresh)).toHaveLength(1);
    const reads = fetch.requests.filter((r) => r.method === "GET");
    expect(reads).toHaveLength(50);
    expect(new Set(reads.map(bearerOf))).toEqual(new Set([renewed.token]));
  });
});

describe("refresh after a 401", () => {
  it("renews once and replays the original request", async () => {
    const time = clock();
    const stale = { token: fakeJwt({ exp: time.seconds(3600) }), refresh: fakeJwt() };
    const fresh = { token: fakeJwt({ exp: time.seconds(3600) }), refresh: fakeJwt() };
    const fetch = recordingFetch((r) => {
      if (isRefresh(r)) return json(200, fresh);
      return bearerOf(r) === stale.token ? json(401, { code: 401, message: "Token revoked" }) : json(200, claims);
    });
    const auth = new NsAuth({ server: "pbx.example.com", fetch, now: time.now, store: createMemoryTokenStore(stale) });

    await expect(auth.claims()).resolves.toEqual(claims);
    expect(fetch.requests.map((r) => [r.method, bearerOf(r) ?? "refresh"])).toEqual([
      ["GET", stale.token],
      ["POST", "refresh"],
      ["GET", fresh.token],
    ]);
  });

  it("replays a request with a body intact", async () => {
    const time = clock();
    const stale = { token: fakeJwt({ exp: time.seconds(3600) }), refresh: fakeJwt() };
    const fresh = { token: fakeJwt({ exp: time.seconds(3600) }) };
    const fetch = recordingFetch((r) => {
      if (isRefresh(r)) return json(200, fresh);
      return bearerOf(r) === stale.token ? json(401, { code: 401, message: "expired" }) : json(200, { token: fakeJwt() });
    });
    const auth = new NsAuth({ server: "pbx.example.com", fetch, now: time.now, store: createMemoryTokenStore(stale) });
    const body = { user: "1001", domain: "example.com" };
    const { response } = await createAuthenticatedClient(auth).POST("/jwt", { body });
    expect(response.status).toBe(200);
    const posts = fetch.requests.filter((r) => !isRefresh(r));
    expect(posts.map((r) => JSON.parse(r.body ?? ""))).toEqual([body, body]);
    expect(posts.map(bearerOf)).toEqual([stale.token, fresh.token]);
  });

  it("a second 401 is an error, not a loop", async () => {
    const time = clock();
    const fetch = recordingFetch((r) =>
      isRefresh(r) ? json(200, { token: fakeJwt({ exp: time.seconds(3600) }), refresh: fakeJwt() }) : json(401, { code: 401, message: "no" }),
    );
    const auth = new NsAuth({ server: "pbx.example.com", fetch, now: time.now, store: createMemoryTokenStore({ token: fakeJwt({ exp: time.seconds(3600) }), refresh: fakeJwt() }) });
    await expect(auth.claims()).rejects.toBeInstanceOf(AuthenticationError);
    expect(fetch.requests.map((r) => (isRefresh(r) ? "refresh" : r.method))).toEqual(["GET", "refresh", "GET"]);
  });

  it("does not replay a request that carried its own Authorization header", async () => {
    const fetch = recordingFetch(() => json(401, { code: 401, message: "bad key" }));
    const auth = new NsAuth({ server: "pbx.example.com", fetch, store: createMemoryTokenStore({ token: fakeJwt(), refresh: fakeJwt() }) });
    const { response } = await createAuthenticatedClient(auth).GET("/jwt", { headers: { Authorization: "Bearer other" } });
    expect(response.status).toBe(401);
    expect(fetch.requests).toHaveLength(1);
  });
});

describe("sessions without a refresh JWT (NetSapiens before 44.3)", () => {
  it("an expired session raises SessionExpiredError, sends nothing more and clears the store", async () => {
    const time = clock();
    const fetch = recordingFetch(() => json(200, claims));
    const auth = new NsAuth({ server: "pbx.example.com", fetch, now: time.now, store: createMemoryTokenStore({ token: fakeJwt({ iat: time.seconds(-3570), exp: time.seconds(30) }) }) });
    // An hour-long token 30 s from its end: inside the default 60 s lead time.
    await expect(auth.claims()).rejects.toBeInstanceOf(SessionExpiredError);
    expect(fetch.requests).toHaveLength(0);
    expect(auth.isAuthenticated).toBe(false);
    await expect(auth.claims()).rejects.toBeInstanceOf(SessionExpiredError);
  });

  it("a token the server refuses, on a session that cannot be renewed, fails with what the server said", async () => {
    const time = clock();
    const token = fakeJwt({ exp: time.seconds(3600) });
    const fetch = recordingFetch(() => json(401, { code: 401, message: `The JWT has been revoked: ${token}` }));
    const auth = new NsAuth({ server: "pbx.example.com", fetch, now: time.now, store: createMemoryTokenStore({ token }) });
    const error = await auth.claims().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error).toMatchObject({ status: 401, code: 401, message: "401: The JWT has been revoked: [redacted]" });
    expect(fetch.requests).toHaveLength(1);
    expect(auth.isAuthenticated).toBe(false);
    await expect(auth.claims()).rejects.toBeInstanceOf(SessionExpiredError);
    expect(fetch.requests).toHaveLength(1);
  });

  it("calls the reauthenticate hook once and uses what it returns", async () => {
    const time = clock();
    const fresh = { token: fakeJwt({ exp: time.seconds(3600) }) };
    const reauthenticate = jest.fn(async () => fresh);
    const fetch = recordingFetch(() => json(200, claims));
    const auth = new NsAuth({ server: "pbx.example.com", fetch, now: time.now, reauthenticate, store: createMemoryTokenStore({ token: fakeJwt({ exp: time.seconds(-1) }) }) });
    await Promise.all([auth.claims(), auth.claims(), auth.claims()]);
    expect(reauthenticate).toHaveBeenCalledTimes(1);
    expect(fetch.requests.map(bearerOf)).toEqual([fresh.token, fresh.token, fresh.token]);
  });

  it("a refused refresh JWT ends the session with SessionExpiredError", async () => {
    const time = clock();
    const fetch = recordingFetch((r) => (isRefresh(r) ? json(401, { code: 401, message: "refresh reused" }) : json(200, claims)));
    const auth = new NsAuth({ server: "pbx.example.com", fetch, now: time.now, store: createMemoryTokenStore({ token: fakeJwt({ exp: time.seconds(-1) }), refresh: fakeJwt() }) });
    const failure = auth.claims();
    await expect(failure).rejects.toBeInstanceOf(SessionExpiredError);
    await expect(failure).rejects.toHaveProperty("cause.status", 401);
    await expect(failure).rejects.toMatchObject({ status: 401, message: "Refresh JWT refused (401: refresh reused): log in again." });
    expect(auth.isAuthenticated).toBe(false);
  });

  it("a delegated session is renewed by delegating again", async () => {
    const time = clock();
    let issued = 0;
    const fetch = recordingFetch((r) => {
      // The first, an hour-long token 30 s from its end (inside the 60 s lead time).
      if (r.method === "POST") return json(200, { token: fakeJwt({ iat: time.seconds(-3570), exp: time.seconds(issued++ === 0 ? 30 : 3600) }) });
      return json(200, claims);
    });
    const auth = new NsAuth({ server: "pbx.example.com", fetch, now: time.now, apiKey: SECRETS.apiKey });
    await auth.delegate({ user: "1000", domain: "example.com" });
    await auth.claims();
    const posts = fetch.requests.filter((r) => r.method === "POST");
    expect(posts).toHaveLength(2);
    for (const post of posts) {
      expect(post.headers.authorization).toBe(`Bearer ${SECRETS.apiKey}`);
      expect(JSON.parse(post.body ?? "")).toEqual({ user: "1000", domain: "example.com" });
    }
  });

  it("refresh() renews on demand", async () => {
    const time = clock();
    const fresh = { token: fakeJwt({ exp: time.seconds(7200) }), refresh: fakeJwt() };
    const fetch = recordingFetch(() => json(200, fresh));
    const auth = new NsAuth({ server: "pbx.example.com", fetch, now: time.now, store: createMemoryTokenStore({ token: fakeJwt({ exp: time.seconds(3600) }), refresh: fakeJwt() }) });
    await expect(auth.refresh()).resolves.toMatchObject({ status: "authenticated", canRefresh: true });
    expect(await auth.accessToken()).toBe(fresh.token);
    expect(fetch.requests).toHaveLength(1);
  });
});

describe("refreshFrom", () => {
  it("starts a session from a refresh JWT alone", async () => {
    const refresh = fakeJwt();
    const pair = { token: fakeJwt(), refresh: fakeJwt() };
    const fetch = recordingFetch(() => json(200, pair));
    const auth = new NsAuth({ server: "pbx.example.com", fetch });
    await expect(auth.refreshFrom(refresh)).resolves.toMatchObject({ status: "authenticated", canRefresh: true });
    expect(JSON.parse(fetch.requests[0]?.body ?? "")).toEqual({ refresh });
    expect(await auth.accessToken()).toBe(pair.token);
  });

  it("refuses something that is not a JWT without sending", async () => {
    const fetch = recordingFetch();
    const auth = new NsAuth({ server: "pbx.example.com", fetch });
    await expect(auth.refreshFrom("nope")).rejects.toMatchObject({ name: "ValidationError", field: "refresh" });
    expect(fetch.requests).toHaveLength(0);
  });
});
