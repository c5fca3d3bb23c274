// NetworkError: what an app sees when no response arrives, including the browser's CORS refusal, which
// reaches fetch as a bare TypeError indistinguishable from a dead network. (In real browsers: the matrix's
// "CORS refusal" flow, npm run test:runtimes.)
import { createServer } from "node:net";
import { inspect } from "node:util";
import { afterEach, describe, expect, it } from "@jest/globals";
import { NetworkError, NsAuth } from "../../src/index.js";
import { SECRETS } from "../support/tokens.js";

// What each engine's fetch rejects with when its CORS check refuses a response, or the network fails.
const BROWSER_FAILURES = [
  ["Chromium", "Failed to fetch"],
  ["Firefox", "NetworkError when attempting to fetch resource."],
  ["Safari", "Load failed"],
];

const credentials = { username: "1000@example.com", password: SECRETS.password };
const options = { clientId: "demo", clientSecret: SECRETS.clientSecret, apiKey: SECRETS.apiKey, retry: false } as const;

async function failedLogin(auth: NsAuth): Promise<NetworkError> {
  const error = await auth.login(credentials).then(() => undefined, (caught: unknown) => caught);
  expect(error).toBeInstanceOf(NetworkError);
  return error as NetworkError;
}

/** Runs as a browser would be detected: every browser's navigator.userAgent starts with Mozilla/. */
function pretendBrowser(): void {
  Object.defineProperty(globalThis, "navigator", { value: { userAgent: "Mozilla/5.0 (X11; Linux x86_64)" }, configurable: true, writable: true });
}
const realNavigator = Object.getOwnPropertyDescriptor(globalThis, "navigator");

describe("NetworkError", () => {
  afterEach(() => {
    if (realNavigator === undefined) delete (globalThis as { navigator?: unknown }).navigator;
    else Object.defineProperty(globalThis, "navigator", realNavigator);
  });

  it.each(BROWSER_FAILURES)("in a browser, says a blocked cross-origin request looks like this (%s's TypeError)", async (_engine, text) => {
    pretendBrowser();
    const refused = new TypeError(text);
    const auth = new NsAuth({ ...options, baseUrl: "https://pbx.example.com/ns-api/v2", fetch: () => Promise.reject(refused) });
    const error = await failedLogin(auth);
    expect(error.message).toBe("No response from pbx.example.com (network failure). In a browser, a cross-origin request blocked by CORS looks the same.");
    expect(error.cause).toBe(refused);
    expect(error.status).toBeUndefined();
  });

  it("outside a browser, names the host without the CORS hint", async () => {
    const auth = new NsAuth({ ...options, baseUrl: "https://pbx.example.com/ns-api/v2", fetch: () => Promise.reject(new TypeError("fetch failed")) });
    expect((await failedLogin(auth)).message).toBe("No response from pbx.example.com (network failure).");
  });

  it("holds no secret, path or request detail (only the host), even when the runtime's own error names them", async () => {
    const baseUrl = "https://pbx.example.com/secret-path/ns-api/v2";
    const leaky = new TypeError(`fetch to ${baseUrl} with ${SECRETS.password} and ${SECRETS.clientSecret} failed`);
    const auth = new NsAuth({ ...options, baseUrl, fetch: () => Promise.reject(leaky) });
    const error = await failedLogin(auth);
    expect(error.message).toBe("No response from pbx.example.com (network failure).");
    const shown = [error.message, String(error), JSON.stringify(error), inspect({ ...error }), error.stack ?? ""].join("\n");
    for (const secret of [...Object.values(SECRETS), "secret-path"]) expect(shown).not.toContain(secret);
  });

  it("is what a real fetch to a port nobody listens on gives (undici, over the wire)", async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, "127.0.0.1", () => {
        const { port: free } = probe.address() as { port: number };
        probe.close(() => resolve(free));
      });
    });
    const auth = new NsAuth({ ...options, baseUrl: `http://127.0.0.1:${port}/ns-api/v2` });
    const error = await failedLogin(auth);
    // The host and the runtime's cause code (undici puts it at cause.cause), and no CORS hint in Node.
    expect(error.message).toBe(`No response from 127.0.0.1:${port} (ECONNREFUSED).`);
    expect(error.message).not.toContain("CORS");
    // Node's fetch lives in another realm than jest's test context: compare by name.
    expect((error.cause as Error).name).toBe("TypeError");
    expect(JSON.stringify(error)).not.toContain(SECRETS.password);
  });
});
