import type { JWTPayload } from "jose";
import { CorsPolicy } from "./cors.js";
import { DEFAULT_API_KEY, DEFAULT_CLIENT, DEFAULT_USERS, type MockUser } from "./defaults.js";
import { errorResponse as error, HttpError, jsonResponse as json, type MockRequest, type MockResponse } from "./exchange.js";
import { FaultRegistry, type RouteKey } from "./faults.js";
import { TokenGrants } from "./grants.js";
import { resolveOptions, type MockServerOptions, type ResolvedOptions } from "./options.js";
import { createSchemaValidator } from "./request-validator.js";
import { TokenRegistry } from "./token-registry.js";
import { totp } from "./totp.js";
import { JWT_ID, UID } from "../validate.js";

export type { MockServerOptions } from "./options.js";

/** One request the mock answered: no bodies or headers, so no secrets. */
export interface MockRequestRecord {
  method: string;
  path: string;
  route: RouteKey | "unknown";
  status: number;
}

/** Thrown by the fetch handler to make the HTTP server drop the connection. */
export class DroppedConnection extends TypeError {
  constructor() {
    super("fetch failed: the mock dropped the connection");
    this.name = "DroppedConnection";
  }
}

const accepted = () => json(202, { code: 202, message: "Accepted" });

/**
 * A NetSapiens JWT API in a box. Use `fetch` in-process (pass it as the client's `fetch`, with
 * `baseUrl`), or `listen()` for a real HTTP server; both share one state.
 */
export class MockNetSapiens {
  /** The base URL to use with the in-process `fetch`. */
  static readonly inProcessBaseUrl = "https://netsapiens.test/ns-api/v2";

  readonly faults = new FaultRegistry();
  /** The latest requests (up to 10,000), for tests. */
  readonly log: MockRequestRecord[] = [];
  readonly #counts = new Map<RouteKey | "unknown", number>();
  readonly now: () => number;
  readonly #options: ResolvedOptions;
  readonly #users = new Map<string, MockUser>();
  readonly #validate = createSchemaValidator();
  readonly #registry: TokenRegistry;
  readonly #grants: TokenGrants;
  /** Applies the `cors` option; the HTTP server asks it for the headers of the answers it makes itself. */
  readonly cors: CorsPolicy;
  #refreshReuseRejections = 0;

  constructor(options: MockServerOptions = {}) {
    const now = options.now ?? Date.now;
    this.now = now;
    this.#options = resolveOptions(options);
    for (const user of options.users ?? DEFAULT_USERS) this.addUser(user);
    this.cors = new CorsPolicy(options.cors);
    this.#registry = new TokenRegistry(options.secret, this.#options.issuer, now);
    this.#grants = new TokenGrants({
      options: this.#options,
      users: this.#users,
      clients: new Map((options.clients ?? [DEFAULT_CLIENT]).map((c) => [c.clientId, c.clientSecret])),
      apiKeys: new Set(options.apiKeys ?? [DEFAULT_API_KEY]),
      registry: this.#registry,
      now,
      onRefreshReuse: () => void (this.#refreshReuseRejections += 1),
    });
  }

  /** Refresh grants refused because their refresh JWT had already been traded for a pair (a reuse). */
  get refreshReuseRejections(): number {
    return this.#refreshReuseRejections;
  }

  get maxBodyBytes(): number {
    return this.#options.maxBodyBytes;
  }

  /** The users the mock knows. */
  users(): IterableIterator<MockUser> {
    return this.#users.values();
  }

  addUser(user: MockUser): void {
    this.#users.set(`${user.user}@${user.domain}`, user);
  }

  /** The passcode an MFA user's authenticator shows now (fixed or TOTP). */
  passcodeFor(uid: string): string | undefined {
    const user = this.#users.get(uid);
    if (user?.passcode !== undefined) return user.passcode;
    return user?.totpSecret === undefined ? undefined : totp(user.totpSecret, this.now());
  }

  /** How many requests reached a route (faulted ones included). */
  count(route: RouteKey): number {
    if (route !== "*") return this.#counts.get(route) ?? 0;
    let total = 0;
    for (const value of this.#counts.values()) total += value;
    return total;
  }

  /** The in-process handler: a `fetch`. Give it to a client with `baseUrl: MockNetSapiens.inProcessBaseUrl`. */
  readonly fetch = async (input: Request | string | URL, init?: RequestInit): Promise<Response> => {
    const request = input instanceof Request && init === undefined ? input : new Request(input, init);
    const answer = await this.handle({
      method: request.method,
      pathname: new URL(request.url).pathname,
      header: (name) => request.headers.get(name) ?? undefined,
      text: () => request.text(),
      signal: request.signal,
    });
    // A 204 (a preflight's answer) must have a null body, or the Response constructor throws.
    const body = answer.status === 204 || answer.status === 304 ? null : answer.body;
    return new Response(body, { status: answer.status, headers: answer.headers });
  };

  /** Answers one request; throws DroppedConnection when a fault says to drop it. */
  async handle(request: MockRequest): Promise<MockResponse> {
    const response = await this.#answer(request);
    return this.cors.isPreflight(request) ? response : this.cors.decorate(request, response);
  }

  async #answer(request: MockRequest): Promise<MockResponse> {
    const path = request.pathname.replace(/^.*?\/ns-api\/v2(?=\/)/, "");
    const route = routeOf(request.method, path);
    const record: MockRequestRecord = { method: request.method, path, route: route ?? "unknown", status: 0 };
    this.log.push(record);
    if (this.log.length > 10_000) this.log.splice(0, 5_000);
    this.#counts.set(record.route, (this.#counts.get(record.route) ?? 0) + 1);
    if (this.cors.isPreflight(request)) {
      record.status = 204;
      return this.cors.preflight(request);
    }

    const fault = route === undefined ? undefined : this.faults.take(route);
    if (fault?.latencyMs) await delay(fault.latencyMs, request.signal);
    if (fault?.drop) {
      record.status = -1;
      throw new DroppedConnection();
    }
    let response: MockResponse;
    if (fault?.status !== undefined) {
      const headers: Record<string, string> = { "X-Mock-Fault": "status" };
      if (fault.retryAfterSeconds !== undefined) headers["Retry-After"] = String(fault.retryAfterSeconds);
      response = json(fault.status, { code: fault.status, message: "Injected fault" }, headers);
    } else if (fault?.malformedJson) {
      response = { status: 200, headers: { "Content-Type": "application/json", "X-Mock-Fault": "malformed" }, body: '{"token":"eyJhbGciOi' };
    } else {
      response = await this.#handle(request, route, path);
    }
    record.status = response.status;
    return response;
  }

  async #handle(request: MockRequest, route: RouteKey | undefined, path: string): Promise<MockResponse> {
    try {
      switch (route) {
        case "POST /jwt":
          return await this.#createToken(request, await this.#readJson(request));
        case "GET /jwt":
          return json(200, await this.#authenticate(request));
        case "DELETE /jwt": {
          const claims = await this.#authenticate(request);
          this.#registry.revoke(String(claims.jti));
          return accepted();
        }
        case "DELETE /jwt/{id}":
          return await this.#revokeById(request, decodeURIComponent(path.slice("/jwt/".length)));
        default:
          return error(404, `No route for ${request.method} ${path}`);
      }
    } catch (caught) {
      if (caught instanceof HttpError) return error(caught.status, caught.message);
      throw caught;
    }
  }

  async #readJson(request: MockRequest): Promise<unknown> {
    const type = request.header("Content-Type") ?? "";
    if (!/^application\/json\s*(;|$)/i.test(type)) throw new HttpError(400, "Content-Type must be application/json");
    const declared = Number(request.header("Content-Length") ?? "0");
    if (declared > this.#options.maxBodyBytes) throw new HttpError(400, "Request body is too large");
    const text = await request.text();
    // UTF-8 takes at most 3 bytes per UTF-16 unit: only a body near the limit needs encoding to be measured.
    if (text.length * 3 > this.#options.maxBodyBytes && new TextEncoder().encode(text).length > this.#options.maxBodyBytes) {
      throw new HttpError(400, "Request body is too large");
    }
    try {
      return JSON.parse(text);
    } catch {
      throw new HttpError(400, "Request body is not valid JSON");
    }
  }

  async #createToken(request: MockRequest, body: unknown): Promise<MockResponse> {
    const problem = this.#validate("TokenRequest", body);
    if (problem !== undefined) return error(400, `Invalid request body: ${problem}`);
    return this.#grants.answer(body as Record<string, string>, bearerOf(request));
  }

  async #revokeById(request: MockRequest, id: string): Promise<MockResponse> {
    const caller = await this.#authenticate(request);
    // Anyone may revoke their own tokens; an Office Manager those of their domain; resellers and super users any.
    const mayRevoke = (uid: string) =>
      uid === caller.sub ||
      caller.user_scope === "Super User" ||
      caller.user_scope === "Reseller" ||
      (caller.user_scope === "Office Manager" && uid.endsWith(`@${String(caller.domain)}`));
    if (JWT_ID.test(id)) {
      const owner = this.#registry.ownerOf(id);
      if (owner === undefined) return error(404, "No token has that JWT ID");
      if (!mayRevoke(owner)) return error(403, "Permission Denied");
      this.#registry.revoke(id);
      return accepted();
    }
    if (UID.test(id)) {
      if (!this.#users.has(id)) return error(404, `User ${id} does not exist`);
      if (!mayRevoke(id)) return error(403, "Permission Denied");
      this.#registry.revokeUser(id);
      return accepted();
    }
    return error(400, "The id must be a JWT ID (40 hex characters) or a uid (user@domain)");
  }

  /** Checks the bearer JWT of a request and returns its claims, or throws the right 401/403. */
  async #authenticate(request: MockRequest): Promise<JWTPayload & Record<string, unknown>> {
    const token = bearerOf(request);
    if (token === undefined) throw new HttpError(401, "A bearer JWT is required");
    let claims: JWTPayload & Record<string, unknown>;
    try {
      claims = await this.#registry.verify(token);
    } catch (caught) {
      const expired = (caught as { code?: string }).code === "ERR_JWT_EXPIRED";
      throw new HttpError(401, expired ? "The JWT has expired" : "The JWT is invalid");
    }
    if (claims.token_use === "refresh") throw new HttpError(401, "A refresh JWT cannot be used as a bearer token");
    if (!this.#registry.usable(String(claims.jti))) throw new HttpError(401, "The JWT has been revoked");
    if (claims.user_scope === "mfa_required") throw new HttpError(403, "Multi-factor authentication is required");
    return claims;
  }
}

function bearerOf(request: MockRequest): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(request.header("Authorization") ?? "");
  return match?.[1];
}

function routeOf(method: string, path: string): RouteKey | undefined {
  if (path === "/jwt") {
    if (method === "POST" || method === "GET" || method === "DELETE") return `${method} /jwt`;
    return undefined;
  }
  if (method === "DELETE" && /^\/jwt\/[^/]+$/.test(path)) return "DELETE /jwt/{id}";
  return undefined;
}

function delay(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      "abort",
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });
}
