// Every status family × hostile body shapes, from a real HTTP server: always a typed error, within the
// timeout, with no unhandled rejection and no half-written session.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { AuthenticationError, createMemoryTokenStore, InvalidResponseError, NsApiError, NsAuth, TimeoutError, type SessionTokens } from "../../src/index.js";
import { fakeJwt } from "../support/tokens.js";

type Responder = (req: IncomingMessage, res: ServerResponse) => void;

const TIMEOUT = 250;
// A size limit must win over the deadline: the large bodies get a deadline a loaded machine cannot reach first.
const LARGE_BODY_TIMEOUT = 5_000;
const timeoutFor = (body: string) => (body.startsWith("tenMegabytes") ? LARGE_BODY_TIMEOUT : TIMEOUT);
const TEN_MB = 10 * 1024 * 1024;

const bodies: Record<string, (status: number) => Responder> = {
  empty: (status) => (_req, res) => res.writeHead(status, { "Content-Length": "0" }).end(),
  html: (status) => (_req, res) => res.writeHead(status, { "Content-Type": "text/html" }).end("<html><body><h1>502 Bad Gateway</h1></body></html>"),
  truncatedJson: (status) => (_req, res) => res.writeHead(status, { "Content-Type": "application/json" }).end('{"token":"eyJhbGciOi'),
  wrongTypes: (status) => (_req, res) =>
    res.writeHead(status, { "Content-Type": "application/json" }).end(JSON.stringify({ token: 42, refresh: [], exp: "soon", user_scope: 5, code: "x", message: 5 })),
  jsonArray: (status) => (_req, res) => res.writeHead(status, { "Content-Type": "application/json" }).end("[1,2,3]"),
  tenMegabytes: (status) => (_req, res) => res.writeHead(status, { "Content-Type": "application/json", "Content-Length": String(TEN_MB) }).end(Buffer.alloc(TEN_MB, 97)),
  tenMegabytesChunked: (status) => (_req, res) => {
    res.writeHead(status, { "Content-Type": "application/json" });
    for (let i = 0; i < 10; i++) res.write(Buffer.alloc(1024 * 1024, 97));
    res.end();
  },
  neverEnding: (status) => (req, res) => {
    res.writeHead(status, { "Content-Type": "application/json" });
    res.write('{"token":"');
    const timer = setInterval(() => res.write("a"), 20);
    req.socket.once("close", () => clearInterval(timer));
  },
};
const statuses = [200, 202, 301, 400, 401, 403, 404, 429, 500, 503];

let server: Server;
let baseUrl: string;
let responder: Responder = (_req, res) => res.end();
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);

beforeAll(async () => {
  process.on("unhandledRejection", onUnhandled);
  server = createServer((req, res) => {
    req.resume();
    responder(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/ns-api/v2`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await new Promise((resolve) => setTimeout(resolve, 50));
  process.off("unhandledRejection", onUnhandled);
  expect(unhandled).toEqual([]);
});

const cases = statuses.flatMap((status) => Object.keys(bodies).map((body) => [status, body] as const));

function facade(body: string, tokens?: SessionTokens) {
  return new NsAuth({ baseUrl, clientId: "c", clientSecret: "s", timeoutMs: timeoutFor(body), retry: false, store: createMemoryTokenStore(tokens) });
}

async function failureOf(call: () => Promise<unknown>): Promise<{ error: unknown; took: number }> {
  const started = Date.now();
  const error = await call().then(
    () => undefined,
    (e: unknown) => e,
  );
  return { error, took: Date.now() - started };
}

describe("hostile responses", () => {
  it.each(cases)("login ← %i with %s body: typed error, bounded, nothing stored", async (status, body) => {
    responder = bodies[body]!(status);
    const auth = facade(body);
    const { error, took } = await failureOf(() => auth.login({ username: "1000@example.com", password: "p" }));
    expect(error).toBeInstanceOf(NsApiError);
    if (status < 300 && body !== "neverEnding") expect(error).toBeInstanceOf(InvalidResponseError);
    if (body === "neverEnding") expect(error).toBeInstanceOf(TimeoutError);
    if (status >= 300 && body !== "neverEnding" && body !== "tenMegabytes") expect((error as NsApiError).status).toBe(status);
    expect(String((error as Error).message).length).toBeLessThan(700);
    expect(took).toBeLessThan(timeoutFor(body) + 1_500);
    expect(auth.isAuthenticated).toBe(false);
  });

  it.each(cases)("claims ← %i with %s body: typed error, bounded, session kept unless refused", async (status, body) => {
    responder = bodies[body]!(status);
    const token = fakeJwt();
    const auth = facade(body, { token });
    const { error, took } = await failureOf(() => auth.claims());
    expect(error).toBeInstanceOf(NsApiError);
    expect(took).toBeLessThan(timeoutFor(body) + 1_500);
    if (status === 401 && body !== "neverEnding" && body !== "tenMegabytes") {
      // No refresh JWT, no hook: the refused session ends, cleanly, and the error is the server's refusal.
      expect(error).toBeInstanceOf(AuthenticationError);
      expect(error).toMatchObject({ status: 401 });
      expect(auth.isAuthenticated).toBe(false);
    } else {
      expect(await auth.accessToken()).toBe(token);
    }
  });
});
