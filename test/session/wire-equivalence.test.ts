// The same call through every way in — the facade (where it has the call), auth.fetch,
// createAuthenticatedClient, and a plain openapi-fetch client with createAuthMiddleware — puts the same
// bytes on the wire, as a real node:http server receives them: method, path and query, Authorization,
// Content-Type, the default headers and the body. A 401 is renewed once and replayed once by each of them.
import { once } from "node:events";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import createClient from "openapi-fetch";
import type { paths as JwtPaths } from "../../generated/api.js";
import { createAuthenticatedClient, createAuthMiddleware, NsAuth } from "../../src/index.js";
import { fakeJwt } from "../support/tokens.js";

/** The shape openapi-typescript gives NetSapiens' export for these calls: a `#2` variant key with its query, a uid path value, a JSON body. */
interface ExportPaths {
  "/domains/{domain}/cdrs#2": {
    parameters: { query?: never; header?: never; path: { domain: string }; cookie?: never };
    get: {
      parameters: { query: { "datetime-start": string; "datetime-end": string }; header?: never; path: { domain: string }; cookie?: never };
      requestBody?: never;
      responses: { 200: { headers: { [name: string]: unknown }; content: { "application/json": Array<{ id: number }> } } };
    };
  };
  "/subscribers/{uid}/devices": {
    parameters: { query?: never; header?: never; path: { uid: string }; cookie?: never };
    get: {
      parameters: { query?: never; header?: never; path: { uid: string }; cookie?: never };
      requestBody?: never;
      responses: { 200: { headers: { [name: string]: unknown }; content: { "application/json": Array<{ device?: string }> } } };
    };
  };
  "/domains/{domain}/users": {
    parameters: { query?: never; header?: never; path: { domain: string }; cookie?: never };
    post: {
      parameters: { query?: never; header?: never; path: { domain: string }; cookie?: never };
      requestBody: { content: { "application/json": { user: string; "name-first-name"?: string } } };
      responses: { 201: { headers: { [name: string]: unknown }; content: { "application/json": { user: string } } } };
    };
  };
}

interface Received {
  method: string;
  /** The request target exactly as it arrived: path and query. */
  target: string;
  headers: Record<string, string | undefined>;
  body: Buffer;
}

/** A NetSapiens stand-in over real HTTP: issues and renews tokens, refuses revoked ones with 401, records every request. */
function wireServer() {
  const received: Received[] = [];
  const revoked = new Set<string>();
  let current = "";
  const issue = () => {
    const now = Math.floor(Date.now() / 1000);
    const pair = { token: fakeJwt({ iat: now, exp: now + 3600 }), refresh: fakeJwt() };
    current = pair.token;
    return pair;
  };
  const server: Server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const { authorization, "content-type": contentType, "user-agent": userAgent } = req.headers;
    const logTag = req.headers["x-netsapiens-log"] as string | undefined;
    received.push({ method: req.method ?? "", target: req.url ?? "", headers: { authorization, "content-type": contentType, "user-agent": userAgent, "x-netsapiens-log": logTag }, body: Buffer.concat(chunks) });
    const reply = (status: number, body: unknown) => {
      res.writeHead(status, { "Content-Type": "application/json" });
      res.end(JSON.stringify(body));
    };
    if (req.method === "POST" && req.url === "/ns-api/v2/jwt") return reply(200, issue());
    const bearer = authorization?.replace(/^Bearer /, "") ?? "";
    if (bearer === "" || revoked.has(bearer)) return reply(401, { code: 401, message: "The JWT has been revoked" });
    if (req.url === "/ns-api/v2/jwt") return reply(200, { sub: "1000@example.com", user_scope: "Basic User", user_email: null });
    if (req.url?.startsWith("/ns-api/v2/domains/example.com/users")) return reply(201, { user: "1005" });
    return reply(200, []);
  });
  return {
    server,
    received,
    /** Revokes the token in use, so the next call with it is a 401 (its refresh JWT stays good). */
    revokeCurrent: () => revoked.add(current),
  };
}

const wire = wireServer();
let baseUrl = "";
let auth: NsAuth;

beforeAll(async () => {
  wire.server.listen(0, "127.0.0.1");
  await once(wire.server, "listening");
  baseUrl = `http://127.0.0.1:${(wire.server.address() as AddressInfo).port}/ns-api/v2`;
  auth = new NsAuth({ baseUrl, clientId: "c", clientSecret: "s", logTag: "wire-equivalence", retry: false });
  await auth.login({ username: "1000@example.com", password: "p" });
});

afterAll(async () => {
  wire.server.close();
  await once(wire.server, "close");
});

const START = "2026-06-01T00:00:00";
const END = "2026-06-02T00:00:00";
const NEW_USER = { user: "1005", "name-first-name": "Zoë" };

/** Each way in, for one call; `undefined` where the way has no such call. */
type Ways = Record<"facade" | "auth.fetch" | "createAuthenticatedClient" | "openapi-fetch + createAuthMiddleware", (() => Promise<unknown>) | undefined>;

function exportClients() {
  const typed = createAuthenticatedClient<ExportPaths>(auth);
  const own = createClient<ExportPaths>({ baseUrl });
  own.use(createAuthMiddleware(auth));
  return { typed, own };
}

function jwtClients() {
  const typed = createAuthenticatedClient<JwtPaths>(auth);
  const own = createClient<JwtPaths>({ baseUrl });
  own.use(createAuthMiddleware(auth));
  return { typed, own };
}

const CALLS: Record<string, { expected: { method: string; target: string; contentType: string | undefined; body: string }; ways: () => Ways }> = {
  "GET /domains/{domain}/cdrs#2 with datetime-start/datetime-end": {
    expected: { method: "GET", target: "/ns-api/v2/domains/example.com/cdrs?datetime-start=2026-06-01T00%3A00%3A00&datetime-end=2026-06-02T00%3A00%3A00", contentType: undefined, body: "" },
    ways: () => {
      const { typed, own } = exportClients();
      const params = { path: { domain: "example.com" }, query: { "datetime-start": START, "datetime-end": END } };
      return {
        facade: undefined,
        "auth.fetch": () => auth.fetch(`/domains/example.com/cdrs?datetime-start=${encodeURIComponent(START)}&datetime-end=${encodeURIComponent(END)}`),
        createAuthenticatedClient: () => typed.GET("/domains/{domain}/cdrs#2", { params }),
        "openapi-fetch + createAuthMiddleware": () => own.GET("/domains/{domain}/cdrs#2", { params }),
      };
    },
  },
  "GET /subscribers/{uid}/devices with a@b.com": {
    expected: { method: "GET", target: "/ns-api/v2/subscribers/a@b.com/devices", contentType: undefined, body: "" },
    ways: () => {
      const { typed, own } = exportClients();
      const params = { path: { uid: "a@b.com" } };
      return {
        facade: undefined,
        "auth.fetch": () => auth.fetch("/subscribers/a@b.com/devices"),
        createAuthenticatedClient: () => typed.GET("/subscribers/{uid}/devices", { params }),
        "openapi-fetch + createAuthMiddleware": () => own.GET("/subscribers/{uid}/devices", { params }),
      };
    },
  },
  "POST /domains/{domain}/users with a JSON body": {
    expected: { method: "POST", target: "/ns-api/v2/domains/example.com/users", contentType: "application/json", body: JSON.stringify(NEW_USER) },
    ways: () => {
      const { typed, own } = exportClients();
      const params = { path: { domain: "example.com" } };
      return {
        facade: undefined,
        "auth.fetch": () => auth.fetch("/domains/example.com/users", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(NEW_USER) }),
        createAuthenticatedClient: () => typed.POST("/domains/{domain}/users", { params, body: NEW_USER }),
        "openapi-fetch + createAuthMiddleware": () => own.POST("/domains/{domain}/users", { params, body: NEW_USER }),
      };
    },
  },
  "GET /jwt": {
    expected: { method: "GET", target: "/ns-api/v2/jwt", contentType: undefined, body: "" },
    ways: () => {
      const { typed, own } = jwtClients();
      return {
        facade: () => auth.claims(),
        "auth.fetch": () => auth.fetch("/jwt"),
        createAuthenticatedClient: () => typed.GET("/jwt"),
        "openapi-fetch + createAuthMiddleware": () => own.GET("/jwt"),
      };
    },
  },
};

/** What a request put on the wire, in the terms the ways must agree on. */
const onWire = (r: Received | undefined) => r && { method: r.method, target: r.target, headers: r.headers, body: r.body.toString("hex") };

/** Runs one way and returns what the server received during it. */
async function sent(call: () => Promise<unknown>): Promise<Received[]> {
  const from = wire.received.length;
  const result = await call();
  if (result instanceof Response) await result.arrayBuffer();
  return wire.received.slice(from);
}

const isRenewal = (r: Received) => r.method === "POST" && r.target === "/ns-api/v2/jwt" && "refresh" in JSON.parse(r.body.toString() || "{}");

describe.each(Object.entries(CALLS))("%s", (_name, { expected, ways }) => {
  it("is the same on the wire, byte for byte, through every way in", async () => {
    const token = await auth.accessToken();
    const seen: Record<string, unknown> = {};
    for (const [way, call] of Object.entries(ways())) {
      if (call === undefined) continue;
      const requests = await sent(call);
      expect(requests).toHaveLength(1);
      seen[way] = onWire(requests[0]);
    }
    const reference = {
      method: expected.method,
      target: expected.target,
      headers: { authorization: `Bearer ${token}`, "content-type": expected.contentType, "user-agent": expect.stringMatching(/^ns-api-jwt\/\S+$/), "x-netsapiens-log": "wire-equivalence" },
      body: Buffer.from(expected.body).toString("hex"),
    };
    for (const [way, request] of Object.entries(seen)) expect({ way, request }).toEqual({ way, request: reference });
    // Not only like the reference: identical to each other, User-Agent included.
    expect(new Set(Object.values(seen).map((r) => JSON.stringify(r))).size).toBe(1);
    expect(Object.keys(seen).length).toBeGreaterThanOrEqual(3);
  });

  it("a 401 is renewed exactly once and the request replayed exactly once, through every way in", async () => {
    for (const [way, call] of Object.entries(ways())) {
      if (call === undefined) continue;
      const refused = await auth.accessToken();
      wire.revokeCurrent();
      const requests = await sent(call);
      const renewed = await auth.accessToken();
      expect(renewed).not.toBe(refused);
      expect({ way, lines: requests.map((r) => (isRenewal(r) ? "renewal" : `${r.method} ${r.target}`)) }).toEqual({
        way,
        lines: [`${expected.method} ${expected.target}`, "renewal", `${expected.method} ${expected.target}`],
      });
      const [first, renewal, replay] = requests;
      expect(renewal?.headers.authorization).toBeUndefined();
      expect(first?.headers.authorization).toBe(`Bearer ${refused}`);
      expect(replay?.headers.authorization).toBe(`Bearer ${renewed}`);
      // The replay is the first request again but for its token: same headers otherwise, same body bytes.
      expect({ ...onWire(replay), headers: { ...replay?.headers, authorization: "" } }).toEqual({ ...onWire(first), headers: { ...first?.headers, authorization: "" } });
      expect(replay?.body.toString()).toBe(expected.body);
    }
  });
});
