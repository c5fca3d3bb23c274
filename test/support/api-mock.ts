// The mock with a few non-JWT NetSapiens routes (guarded by its token checks), and a recorder in front of
// it that keeps what each request put on the wire: method, URL, headers and body.
import { createMockServer, DEFAULT_API_KEY, DEFAULT_CLIENT, MockNetSapiens } from "../../src/mock/index.js";
import { NsAuth, type NsAuthSettings } from "../../src/index.js";

export const BASE = MockNetSapiens.inProcessBaseUrl;
export const USER = { username: "1000@example.com", password: "demo-password-1000" };

export interface WireRequest {
  method: string;
  url: string;
  /** Path and query under the base URL, e.g. `/domains/example.com/users?search=ada`. */
  target: string;
  headers: Record<string, string>;
  body: string | undefined;
}

export function apiMock() {
  let now = Date.UTC(2026, 5, 1, 12);
  const mock = createMockServer({ now: () => now, tokenTtlSeconds: 600 });
  const echo = async (req: Parameters<Parameters<typeof mock.route>[2]>[0]) => ({
    body: { method: req.method, path: req.path, params: req.params, query: [...req.query], sub: req.claims?.sub, type: req.header("content-type") ?? null, text: await req.text() },
  });
  mock.route("GET", "/domains", () => ({ body: [{ domain: "example.com" }, { domain: "other.example" }] }));
  mock.route("GET", "/domains/{domain}/users", echo);
  mock.route("POST", "/domains/{domain}/users", echo);
  mock.route("GET", "/domains/{domain}/users/{user}", echo);
  mock.route("GET", "/subscribers/{uid}/devices", echo);
  mock.route("POST", "/echo", echo);
  mock.route("PUT", "/echo", echo);
  mock.route("GET", "/refuses", () => ({ status: 401, body: { code: 401, message: "Not for you" } }));
  // A CDR export is megabytes: more than the 1 MiB that guards the JWT calls.
  const cdrs = Array.from({ length: 30_000 }, (_, i) => ({ id: i, from: "1000@example.com", to: "1001@example.com", duration: i % 600 }));
  const cdrText = JSON.stringify(cdrs);
  mock.route("GET", "/domains/{domain}/cdrs", () => ({
    body: cdrText,
    headers: { "Content-Type": "application/json", "Content-Length": String(new TextEncoder().encode(cdrText).length) },
  }));

  const requests: WireRequest[] = [];
  /** What to answer instead of the mock, for requests the test scripts itself (other origins, failures). */
  let intercept: ((request: Request) => Promise<Response> | undefined) | undefined;
  const fetch = async (input: Request | string | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    const bytes = request.body === null ? undefined : new Uint8Array(await request.clone().arrayBuffer());
    const url = request.url;
    requests.push({
      method: request.method,
      url,
      target: url.startsWith(BASE) ? url.slice(BASE.length) : url,
      headers: Object.fromEntries(request.headers.entries()),
      body: bytes === undefined ? undefined : new TextDecoder().decode(bytes),
    });
    const scripted = intercept?.(request);
    if (scripted !== undefined) return scripted;
    return mock.fetch(url, { method: request.method, headers: request.headers, body: bytes ?? null, signal: request.signal });
  };

  const auth = (extra: Partial<NsAuthSettings> = {}) =>
    new NsAuth({ baseUrl: BASE, ...DEFAULT_CLIENT, apiKey: DEFAULT_API_KEY, fetch, now: () => now, retry: { baseDelayMs: 1 }, ...extra });

  /** Revokes an access token on the server, so its next use is a 401 (its refresh JWT stays good). */
  const revoke = async (token: string) => {
    const response = await mock.fetch(`${BASE}/jwt`, { method: "DELETE", headers: { Authorization: `Bearer ${token}` } });
    if (response.status !== 202) throw new Error(`revoke: ${response.status}`);
  };

  return {
    mock,
    fetch,
    requests,
    auth,
    revoke,
    advance: (ms: number) => (now += ms),
    intercept: (fn: typeof intercept) => (intercept = fn),
    /** The requests since `from`, as `METHOD target`. */
    lines: (from = 0) => requests.slice(from).map((r) => `${r.method} ${r.target}`),
    bearerOf: (r: WireRequest | undefined) => r?.headers.authorization?.replace(/^Bearer /, ""),
  };
}
