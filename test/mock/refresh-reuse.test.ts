// A reused refresh JWT: counted, and with revokeFamilyOnRefreshReuse every token of that login's
// rotation chain is revoked (Auth0's refresh-token reuse detection).
import { afterEach, describe, expect, it } from "@jest/globals";
import { createMockServer, DEFAULT_CLIENT, MockNetSapiens } from "../../src/mock/index.js";
import { specCheckedFetch } from "../support/spec-checked-fetch.js";

const BASE = MockNetSapiens.inProcessBaseUrl;
const checked: Array<ReturnType<typeof specCheckedFetch>> = [];
afterEach(() => {
  for (const fetch of checked.splice(0)) expect(fetch.violations).toEqual([]);
});

function setup(options: Parameters<typeof createMockServer>[0] = {}) {
  const mock = createMockServer({ secret: "reuse-test-secret", ...options });
  const fetch = specCheckedFetch(mock.fetch);
  checked.push(fetch);
  const post = async (body: unknown) => {
    const response = await fetch(`${BASE}/jwt`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
    return { status: response.status, body: (await response.json()) as { token: string; refresh: string } };
  };
  const claims = async (token: string) => (await fetch(`${BASE}/jwt`, { headers: { Authorization: `Bearer ${token}` } })).status;
  const login = async (user = "1000") =>
    (await post({ grant_type: "password", client_id: DEFAULT_CLIENT.clientId, client_secret: DEFAULT_CLIENT.clientSecret, username: `${user}@example.com`, password: `demo-password-${user}` })).body;
  return { mock, post, claims, login };
}

describe("refresh JWT reuse", () => {
  it("counts refresh grants refused because the refresh JWT was already spent, and nothing else", async () => {
    const { mock, post, login } = setup();
    expect(mock.refreshReuseRejections).toBe(0);
    const first = await login();
    expect((await post({ refresh: first.refresh })).status).toBe(200);
    expect(mock.refreshReuseRejections).toBe(0);
    expect((await post({ refresh: first.refresh })).status).toBe(401);
    expect((await post({ refresh: first.refresh })).status).toBe(401);
    expect(mock.refreshReuseRejections).toBe(2);
    // Not reuse: a refresh JWT that is forged, or revoked (by uid) without having been spent.
    expect((await post({ refresh: `${first.token.split(".")[0]}.e30.AAAA` })).status).toBe(401);
    const other = await login("1001");
    await mock.fetch(`${BASE}/jwt/1001@example.com`, { method: "DELETE", headers: { Authorization: `Bearer ${other.token}` } });
    expect((await post({ refresh: other.refresh })).status).toBe(401);
    expect(mock.refreshReuseRejections).toBe(2);
    // Read-only.
    expect(() => Object.assign(mock, { refreshReuseRejections: 0 })).toThrow(TypeError);
  });

  it("without the option, a reuse leaves the rotation chain alive (the default, as before)", async () => {
    const { post, claims, login } = setup();
    const first = await login();
    const second = (await post({ refresh: first.refresh })).body;
    expect((await post({ refresh: first.refresh })).status).toBe(401);
    expect(await claims(second.token)).toBe(200);
    expect((await post({ refresh: second.refresh })).status).toBe(200);
  });

  it("with revokeFamilyOnRefreshReuse, a reuse revokes every token descended from that login, and only those", async () => {
    const { mock, post, claims, login } = setup({ revokeFamilyOnRefreshReuse: true });
    const first = await login();
    const unrelated = await login(); // same user, another login: another family
    const second = (await post({ refresh: first.refresh })).body;
    const third = (await post({ refresh: second.refresh })).body;
    expect(await claims(third.token)).toBe(200);

    expect((await post({ refresh: second.refresh })).status).toBe(401); // the thief (or the victim) replays
    expect(mock.refreshReuseRejections).toBe(1);
    for (const token of [first.token, second.token, third.token]) expect(await claims(token)).toBe(401);
    expect((await post({ refresh: third.refresh })).status).toBe(401); // the newest refresh JWT is dead too
    expect(mock.refreshReuseRejections).toBe(1); // revoked, not spent: not a reuse

    expect(await claims(unrelated.token)).toBe(200);
    expect((await post({ refresh: unrelated.refresh })).status).toBe(200);
  });
});
