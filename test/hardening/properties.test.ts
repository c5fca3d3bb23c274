// Property-based: arbitrary input into every public input either fails validation with nothing sent,
// or produces a request that is exactly right on the wire.
import { Readable, Writable } from "node:stream";
import { afterEach, describe, expect, it } from "@jest/globals";
import fc from "fast-check";
import { run } from "../../src/cli/run.js";
import { createAuthenticatedClient, createMemoryTokenStore, NsAuth, ValidationError } from "../../src/index.js";
import { json, recordingFetch, type RecordingFetch } from "../support/recording-fetch.js";
import { fakeJwt } from "../support/tokens.js";

const BASE = "https://pbx.example.com/ns-api/v2";
const RUNS = { numRuns: 150 };
const text = () => fc.oneof(fc.string(), fc.string({ unit: "binary" }), fc.constantFrom("", "..", ".", "%", "a/b@c", "x\r\ny", "1000@example.com"));
const CRLF = /[\r\n]/;

function facade(fetch: RecordingFetch, extra: Record<string, unknown> = {}) {
  return new NsAuth({ server: "pbx.example.com", clientId: "client", clientSecret: "secret-1", apiKey: "nsd_key12345", fetch, retry: false, ...extra });
}

/** Either a ValidationError and nothing sent, or no error: never anything else. */
async function outcome(fetch: RecordingFetch, call: () => Promise<unknown>): Promise<"refused" | "sent"> {
  try {
    await call();
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    expect(fetch.requests).toHaveLength(0);
    return "refused";
  }
  return "sent";
}

function onlyPathSegment(url: string): string {
  const { pathname, search, hash } = new URL(url);
  expect(search).toBe("");
  expect(hash).toBe("");
  expect(pathname.startsWith("/ns-api/v2/jwt/")).toBe(true);
  const segment = pathname.slice("/ns-api/v2/jwt/".length);
  expect(segment).not.toContain("/");
  return segment;
}

describe("facade inputs", () => {
  it("revokeUser: a uid goes into exactly one path segment, anything else is refused", async () => {
    await fc.assert(
      fc.asyncProperty(text(), async (uid) => {
        const fetch = recordingFetch(() => json(202, { code: 202, message: "Accepted" }));
        const auth = facade(fetch, { store: createMemoryTokenStore({ token: fakeJwt() }) });
        if ((await outcome(fetch, () => auth.revokeUser(uid))) === "refused") return;
        expect(uid).toMatch(/^[^@/\s]+@[^@/\s]+$/);
        expect(fetch.requests).toHaveLength(1);
        expect(fetch.requests[0]?.method).toBe("DELETE");
        expect(decodeURIComponent(onlyPathSegment(fetch.requests[0]?.url ?? ""))).toBe(uid);
      }),
      RUNS,
    );
  });

  it("revokeToken: only a 40-hex JWT ID is sent, verbatim", async () => {
    const jti = fc.oneof(text(), fc.stringMatching(/^[0-9a-f]{40}$/));
    await fc.assert(
      fc.asyncProperty(jti, async (id) => {
        const fetch = recordingFetch(() => json(202, { code: 202, message: "Accepted" }));
        const auth = facade(fetch, { store: createMemoryTokenStore({ token: fakeJwt() }) });
        if ((await outcome(fetch, () => auth.revokeToken(id))) === "refused") return;
        expect(fetch.requests[0]?.url).toBe(`${BASE}/jwt/${id}`);
      }),
      RUNS,
    );
  });

  it("login: any username and password is refused or sent exactly as given", async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(text(), fc.anything()), fc.oneof(text(), fc.anything()), async (username, password) => {
        const fetch = recordingFetch(() => json(200, { token: fakeJwt() }));
        const auth = facade(fetch);
        if ((await outcome(fetch, () => auth.login({ username, password } as never))) === "refused") return;
        expect(fetch.requests).toHaveLength(1);
        expect(JSON.parse(fetch.requests[0]?.body ?? "")).toEqual({ grant_type: "password", client_id: "client", client_secret: "secret-1", username, password });
      }),
      RUNS,
    );
  });

  it("login: arbitrary values instead of a credentials object never crash with anything but a ValidationError", async () => {
    await fc.assert(
      fc.asyncProperty(fc.anything(), async (value) => {
        const fetch = recordingFetch(() => json(200, { token: fakeJwt() }));
        await outcome(fetch, () => facade(fetch).login(value as never));
      }),
      RUNS,
    );
  });

  it("delegate: user and domain are refused or sent exactly, never as a header", async () => {
    await fc.assert(
      fc.asyncProperty(text(), text(), async (user, domain) => {
        const fetch = recordingFetch(() => json(200, { token: fakeJwt() }));
        if ((await outcome(fetch, () => facade(fetch).delegate({ user, domain }))) === "refused") return;
        expect(JSON.parse(fetch.requests[0]?.body ?? "")).toEqual({ user, domain });
        expect(CRLF.test(user)).toBe(false);
      }),
      RUNS,
    );
  });

  it("MFA passcode: only six digits are sent", async () => {
    const mfa = fakeJwt({ user_scope: "mfa_required" });
    await fc.assert(
      fc.asyncProperty(fc.oneof(text(), fc.stringMatching(/^[0-9]{6}$/)), async (passcode) => {
        const fetch = recordingFetch((_r, i) => json(200, { token: i === 0 ? mfa : fakeJwt() }));
        const challenge = await facade(fetch).login({ username: "u@d", password: "p" });
        if (challenge.status !== "mfa_required") throw new Error("expected a challenge");
        try {
          await challenge.complete(passcode);
        } catch (error) {
          expect(error).toBeInstanceOf(ValidationError);
          expect(fetch.requests).toHaveLength(1);
          return;
        }
        expect(passcode).toMatch(/^[0-9]{6}$/);
        expect(JSON.parse(fetch.requests[1]?.body ?? "").passcode).toBe(passcode);
      }),
      RUNS,
    );
  });

  it("header options (userAgent, logTag, apiKey) and tokens never carry CR/LF onto the wire", async () => {
    await fc.assert(
      fc.asyncProperty(text(), text(), text(), async (userAgent, logTag, token) => {
        const fetch = recordingFetch(() => json(200, { user_scope: "x" }));
        let auth: NsAuth;
        try {
          auth = facade(fetch, { userAgent, logTag, apiKey: `nsd_${logTag}`, store: createMemoryTokenStore({ token }) });
        } catch (error) {
          expect(error).toBeInstanceOf(ValidationError);
          return;
        }
        await auth.claims();
        const headers = fetch.requests[0]?.headers ?? {};
        for (const value of Object.values(headers)) expect(CRLF.test(value)).toBe(false);
        expect(headers["user-agent"]).toMatch(new RegExp(`^ns-api-jwt/\\S+ `));
        expect(headers["user-agent"]?.endsWith(` ${userAgent}`)).toBe(true);
        expect(headers["x-netsapiens-log"]).toBe(logTag);
        expect(headers.authorization).toBe(`Bearer ${token}`);
      }),
      RUNS,
    );
  });
});

describe("typed client path encoding", () => {
  it("no value can leave /jwt/{id}: it is refused or decodes back from exactly one segment", async () => {
    await fc.assert(
      fc.asyncProperty(text(), async (id) => {
        const fetch = recordingFetch(() => new Response(null, { status: 202 }));
        const client = createAuthenticatedClient(facade(fetch, { store: createMemoryTokenStore({ token: fakeJwt() }) }));
        if ((await outcome(fetch, () => client.DELETE("/jwt/{id}", { params: { path: { id } } }))) === "refused") return;
        expect(decodeURIComponent(onlyPathSegment(fetch.requests[0]?.url ?? ""))).toBe(id);
      }),
      { numRuns: 300 },
    );
  });
});

describe("CLI inputs", () => {
  const realFetch = globalThis.fetch;
  afterEach(() => {
    globalThis.fetch = realFetch;
  });

  async function cli(args: string[], env: Record<string, string>) {
    const fetch = recordingFetch(() => json(202, { code: 202, message: "Accepted" }));
    globalThis.fetch = fetch as typeof globalThis.fetch;
    let stderr = "";
    const sink = (write: (s: string) => void) => new Writable({ write: (chunk, _e, done) => (write(String(chunk)), done()) });
    const code = await run(args, {
      env,
      stdin: Readable.from([]) as unknown as NodeJS.ReadStream,
      stdout: sink(() => undefined),
      stderr: sink((s) => (stderr += s)) as unknown as NodeJS.WriteStream,
    });
    return { code, fetch, stderr };
  }

  it("revoke --uid / --jti with arbitrary values: exit 2 and nothing sent, or one exact request", async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom("--uid", "--jti"), text().filter((s) => !s.startsWith("-")), async (flag, value) => {
        const { code, fetch } = await cli(["revoke", "--server", "pbx.example.com", flag, value], { NS_TOKEN: fakeJwt() });
        if (code === 2) {
          expect(fetch.requests).toHaveLength(0);
          return;
        }
        expect(code).toBe(0);
        expect(fetch.requests).toHaveLength(1);
        expect(decodeURIComponent(onlyPathSegment(fetch.requests[0]?.url ?? ""))).toBe(value);
      }),
      { numRuns: 60 },
    );
  });

  it("login --username with arbitrary values: exit 2 and nothing sent, or the username exactly", async () => {
    await fc.assert(
      fc.asyncProperty(text().filter((s) => !s.startsWith("-")), async (username) => {
        const { code, fetch } = await cli(["login", "--server", "pbx.example.com", "--username", username], {
          NS_CLIENT_ID: "c",
          NS_CLIENT_SECRET: "s",
          NS_PASSWORD: "p",
        });
        if (code === 2) {
          expect(fetch.requests).toHaveLength(0);
          return;
        }
        expect(JSON.parse(fetch.requests[0]?.body ?? "").username).toBe(username);
      }),
      { numRuns: 60 },
    );
  });
});
