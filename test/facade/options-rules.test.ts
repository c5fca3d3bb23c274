// Options that cannot be wrong, and a session that exists only once its store holds it: the renewal lead
// time clamped to a quarter of the token's lifetime (0 allowed), retry counts validated, and a store write
// that fails leaving no session behind. (The NetworkError message: test/runtimes/network-error.test.ts.)
import { describe, expect, it } from "@jest/globals";
import { createMemoryTokenStore, NsAuth, sharedTokenStore, ValidationError, type SessionTokens, type TokenStore } from "../../src/index.js";
import { json, recordingFetch, type SentRequest } from "../support/recording-fetch.js";
import { SECRETS, fakeJwt } from "../support/tokens.js";

const claims = { user_email: null, user_scope: "Basic User", displayName: "Jane" };
const isRenewal = (r: SentRequest) => r.method === "POST";
const credentials = { username: "1000@example.com", password: SECRETS.password };

/** A session on a hand-moved clock holding a token of `lifetimeS` seconds issued now; each renewal issues another like it. */
function shortLived(lifetimeS: number, clockSkewMs?: number) {
  let now = Date.UTC(2026, 0, 1);
  const pair = () => {
    const iat = Math.floor(now / 1000);
    return { token: fakeJwt({ iat, exp: iat + lifetimeS }), refresh: fakeJwt() };
  };
  const fetch = recordingFetch((r) => (isRenewal(r) ? json(200, pair()) : json(200, claims)));
  const auth = new NsAuth({ server: "pbx.example.com", fetch, now: () => now, store: createMemoryTokenStore(pair()), ...(clockSkewMs === undefined ? {} : { clockSkewMs }) });
  return {
    auth,
    /** Moves the clock to `ms` after the first token was issued, makes a call, and says how many renewals there were so far. */
    async callAt(ms: number) {
      now = Date.UTC(2026, 0, 1) + ms;
      await auth.claims();
      return fetch.requests.filter(isRenewal).length;
    },
  };
}

describe("renewal lead time (clockSkewMs), at most a quarter of the token's lifetime", () => {
  it("a 4 s token under the default 60 s is used for 3 s and renewed in its last second, not on every call", async () => {
    const session = shortLived(4);
    expect(await session.callAt(0)).toBe(0);
    expect(await session.callAt(1_000)).toBe(0);
    expect(await session.callAt(2_999)).toBe(0);
    expect(await session.callAt(3_000)).toBe(1);
    // The renewed token (issued at 3 s, 4 s long) is used in turn until 1 s before its end.
    expect(await session.callAt(3_500)).toBe(1);
    expect(await session.callAt(5_999)).toBe(1);
    expect(await session.callAt(6_000)).toBe(2);
  });

  it("an hour-long token is renewed the full 60 s before its end", async () => {
    const session = shortLived(3_600);
    expect(await session.callAt(3_539_999)).toBe(0);
    expect(await session.callAt(3_540_000)).toBe(1);
  });

  it("clockSkewMs: 0 is allowed and renews only once the token has expired", async () => {
    expect(() => new NsAuth({ server: "pbx.example.com", clockSkewMs: 0 })).not.toThrow();
    const session = shortLived(4, 0);
    expect(await session.callAt(3_999)).toBe(0);
    expect(await session.callAt(4_000)).toBe(1);
  });

  it("a lead time shorter than a quarter of the lifetime is kept as given", async () => {
    const session = shortLived(4, 200);
    expect(await session.callAt(3_799)).toBe(0);
    expect(await session.callAt(3_800)).toBe(1);
  });
});

describe("retry counts", () => {
  it.each([
    ["retry.retries", { retries: -1 }],
    ["retry.retries", { retries: 1.5 }],
    ["retry.retries", { retries: Number.NaN }],
    ["retry.baseDelayMs", { baseDelayMs: -1 }],
    ["retry.maxDelayMs", { maxDelayMs: -5 }],
  ])("refuses %s in %j before anything is sent", (field, retry) => {
    const fetch = recordingFetch();
    const create = () => new NsAuth({ server: "pbx.example.com", fetch, retry });
    expect(create).toThrow(ValidationError);
    expect(create).toThrow(expect.objectContaining({ name: "ValidationError", field }));
    expect(fetch.requests).toHaveLength(0);
  });

  it.each([{ retries: 0 }, { retries: 3 }, { retries: 2, baseDelayMs: 0, maxDelayMs: 0 }])("accepts %j", (retry) => {
    expect(() => new NsAuth({ server: "pbx.example.com", retry })).not.toThrow();
  });
});

describe("a store whose write fails", () => {
  const pair = { token: fakeJwt(), refresh: fakeJwt() };
  const refusingWrites = (): TokenStore => ({
    get: () => undefined,
    set: () => Promise.reject(new Error("disk full")),
    clear: () => undefined,
  });

  it.each([
    ["a TokenStore", refusingWrites],
    ["sharedTokenStore over a backend", () => sharedTokenStore({ get: () => undefined, set: () => Promise.reject(new Error("backend down")), clear: () => undefined })],
  ])("makes login reject and leaves no session (%s)", async (_kind, store) => {
    const fetch = recordingFetch(() => json(200, pair));
    const auth = new NsAuth({ server: "pbx.example.com", clientId: "c", clientSecret: SECRETS.clientSecret, fetch, store: store() });
    const heard: Array<SessionTokens | undefined> = [];
    auth.onTokensChange((tokens) => heard.push(tokens));
    await expect(auth.login(credentials)).rejects.toThrow(/disk full|backend down/);
    expect(auth.isAuthenticated).toBe(false);
    expect(auth.decodeClaims()).toBeUndefined();
    expect(heard).toEqual([]);
    // The pair the store refused is not used: a call needing the session sends nothing.
    await expect(auth.claims()).rejects.toMatchObject({ name: "SessionExpiredError" });
    expect(fetch.requests).toHaveLength(1);
  });

  it("login resolves only once the store holds the pair, and listeners hear of it after the write", async () => {
    const order: string[] = [];
    let release: () => void = () => undefined;
    let held: SessionTokens | undefined;
    const slow: TokenStore = {
      get: () => held,
      set: (tokens) =>
        new Promise<void>((resolve) => {
          release = () => {
            held = tokens;
            order.push("stored");
            resolve();
          };
        }),
      clear: () => void (held = undefined),
    };
    const auth = new NsAuth({ server: "pbx.example.com", clientId: "c", clientSecret: SECRETS.clientSecret, fetch: recordingFetch(() => json(200, pair)), store: slow });
    auth.onTokensChange(() => order.push("heard"));
    const login = auth.login(credentials).then(() => order.push("resolved"));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(order).toEqual([]);
    release();
    await login;
    expect(order).toEqual(["stored", "heard", "resolved"]);
  });
});
