import type { JWTPayload } from "jose";
import { DEFAULT_API_KEY, DEFAULT_CLIENT, DEFAULT_USERS, type MockUser } from "./defaults.js";
import { jsonResponse, type MockRequest, type MockResponse } from "./exchange.js";
import { FaultRegistry, type RouteKey } from "./faults.js";
import { createSchemaValidator } from "./request-validator.js";
import { TokenSigner } from "./tokens.js";
import { totp, verifyTotp } from "./totp.js";
import { JWT_ID, UID } from "../validate.js";

/** Options of the mock: its users, clients and API keys, signing secret, clock and token lifetimes. */
export interface MockServerOptions {
  /** Users who can log in; the seeded DEFAULT_USERS when omitted. */
  users?: readonly MockUser[];
  /** OAuth clients accepted by the password and MFA grants. */
  clients?: ReadonlyArray<{ clientId: string; clientSecret: string }>;
  /** API keys allowed to delegate. */
  apiKeys?: readonly string[];
  /** The HS256 signing secret; random per server when omitted. */
  secret?: string;
  /** The `iss` claim. */
  issuer?: string;
  /** The clock, in epoch ms. */
  now?: () => number;
  /** Access-token lifetime; NetSapiens' default is 24 h. */
  tokenTtlSeconds?: number;
  /** Lifetime of the pre-MFA token. */
  mfaTokenTtlSeconds?: number;
  /** Refresh-JWT lifetime. */
  refreshTtlSeconds?: number;
  /** Issue refresh JWTs (NetSapiens 44.3+); false behaves like an older server. */
  issueRefreshTokens?: boolean;
  /** Largest request body accepted, in bytes. */
  maxBodyBytes?: number;
}

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


type Handler = (request: MockRequest, body: unknown) => Promise<MockResponse>;

const json = jsonResponse;

const error = (status: number, message: string) => json(status, { code: status, message });
const accepted = () => json(202, { code: 202, message: "Accepted" });

interface IssuedRecord {
  uid: string;
  /** Expiry, in Unix seconds, as in the token. */
  exp: number;
  revoked: boolean;
}

class HttpError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

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
  /** The mock's clock (ms since the epoch): the `now` option, or `Date.now`. */
  readonly now: () => number;
  readonly #options: Required<Omit<MockServerOptions, "users" | "clients" | "apiKeys" | "secret" | "now">>;
  readonly #users = new Map<string, MockUser>();
  readonly #clients: Map<string, string>;
  readonly #apiKeys: Set<string>;
  readonly #signer: TokenSigner;
  readonly #validate = createSchemaValidator();
  /** Every token issued and not yet expired, by JWT ID: whose it is, and whether it was revoked or spent. */
  readonly #tokens = new Map<string, IssuedRecord>();
  // Expired records are swept when the map has doubled since the last sweep: bounded by the live tokens,
  // at a constant cost per token issued.
  #sweepAtSize = 1024;

  constructor(options: MockServerOptions = {}) {
    this.now = options.now ?? Date.now;
    this.#options = {
      issuer: options.issuer ?? "netsapiens.test",
      tokenTtlSeconds: options.tokenTtlSeconds ?? 86_400,
      mfaTokenTtlSeconds: options.mfaTokenTtlSeconds ?? 300,
      refreshTtlSeconds: options.refreshTtlSeconds ?? 30 * 86_400,
      issueRefreshTokens: options.issueRefreshTokens ?? true,
      maxBodyBytes: options.maxBodyBytes ?? 16_384,
    };
    for (const user of options.users ?? DEFAULT_USERS) this.addUser(user);
    this.#clients = new Map((options.clients ?? [DEFAULT_CLIENT]).map((c) => [c.clientId, c.clientSecret]));
    this.#apiKeys = new Set(options.apiKeys ?? [DEFAULT_API_KEY]);
    this.#signer = new TokenSigner(options.secret, this.#options.issuer);
  }

  /** The largest request body the mock reads; a larger one gets 400. */
  get maxBodyBytes(): number {
    return this.#options.maxBodyBytes;
  }

  /** The users the mock knows. */
  users(): IterableIterator<MockUser> {
    return this.#users.values();
  }

  /** Adds (or replaces) a user who can log in. */
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
    return new Response(answer.body, { status: answer.status, headers: answer.headers });
  };

  /** Answers one request; throws DroppedConnection when a fault says to drop it. */
  async handle(request: MockRequest): Promise<MockResponse> {
    const path = request.pathname.replace(/^.*?\/ns-api\/v2(?=\/)/, "");
    const route = routeOf(request.method, path);
    const record: MockRequestRecord = { method: request.method, path, route: route ?? "unknown", status: 0 };
    this.log.push(record);
    if (this.log.length > 10_000) this.log.splice(0, 5_000);
    this.#counts.set(record.route, (this.#counts.get(record.route) ?? 0) + 1);

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
          this.#revoke(String(claims.jti));
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

  #createToken: Handler = async (request, body) => {
    const problem = this.#validate("TokenRequest", body);
    if (problem !== undefined) return error(400, `Invalid request body: ${problem}`);
    const grant = body as Record<string, string>;
    if (grant.grant_type === "password") return this.#passwordGrant(grant);
    if (grant.grant_type === "mfa") return this.#mfaGrant(grant);
    if (grant.refresh !== undefined) return this.#refreshGrant(grant.refresh);
    return this.#delegationGrant(request, grant);
  };

  #checkClient(grant: Record<string, string>): void {
    const secret = grant.client_id === undefined ? undefined : this.#clients.get(grant.client_id);
    if (secret === undefined || secret !== grant.client_secret) throw new HttpError(401, "Invalid client credentials");
  }

  #checkPassword(grant: Record<string, string>): MockUser {
    const user = this.#users.get(grant.username ?? "");
    if (user === undefined || user.password !== grant.password) throw new HttpError(401, "Invalid username or password");
    return user;
  }

  async #passwordGrant(grant: Record<string, string>): Promise<MockResponse> {
    this.#checkClient(grant);
    const user = this.#checkPassword(grant);
    if (user.passcode === undefined && user.totpSecret === undefined) return json(200, this.#issuePair(user));
    const { token } = this.#sign(
      user,
      { ...this.#userClaims(user), user_scope: "mfa_required", mfa_vendor: "google", mfa_type: "authenticator" },
      this.#options.mfaTokenTtlSeconds,
    );
    return json(200, { token });
  }

  async #mfaGrant(grant: Record<string, string>): Promise<MockResponse> {
    this.#checkClient(grant);
    const user = this.#checkPassword(grant);
    const claims = await this.#verify(grant.access_token ?? "").catch(() => undefined);
    if (claims === undefined || claims.user_scope !== "mfa_required" || claims.sub !== uidOf(user) || !this.#usable(String(claims.jti))) {
      return error(401, "The MFA token is invalid, expired or already used");
    }
    if (grant.mfa_vendor !== claims.mfa_vendor || grant.mfa_type !== claims.mfa_type || grant.ns_id_type !== "subscriber") {
      return error(400, "mfa_vendor, mfa_type and ns_id_type must match the MFA token");
    }
    const valid =
      user.passcode !== undefined ? grant.passcode === user.passcode : verifyTotp(user.totpSecret ?? "", grant.passcode ?? "", this.now());
    if (!valid) return error(401, "Invalid passcode");
    this.#revoke(String(claims.jti));
    return json(200, this.#issuePair(user));
  }

  async #refreshGrant(refresh: string): Promise<MockResponse> {
    const claims = await this.#verify(refresh).catch(() => undefined);
    const jti = String(claims?.jti);
    if (claims === undefined || claims.token_use !== "refresh" || !this.#usable(jti)) {
      return error(401, "The refresh JWT is invalid, expired, revoked or already used");
    }
    this.#revoke(jti); // spent: the server rotates refresh JWTs
    const user = this.#users.get(String(claims.sub));
    if (user === undefined) return error(404, "The user no longer exists");
    return json(200, this.#issuePair(user));
  }

  async #delegationGrant(request: MockRequest, grant: Record<string, string>): Promise<MockResponse> {
    const key = bearerOf(request);
    if (key === undefined || !this.#apiKeys.has(key)) return error(401, "Delegated access requires a valid API key");
    const user = this.#users.get(`${grant.user}@${grant.domain}`);
    if (user === undefined) return error(404, `User ${grant.user} does not exist in domain ${grant.domain}`);
    return json(200, this.#issuePair(user));
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
      const owner = this.#live(id)?.uid;
      if (owner === undefined) return error(404, "No token has that JWT ID");
      if (!mayRevoke(owner)) return error(403, "Permission Denied");
      this.#revoke(id);
      return accepted();
    }
    if (UID.test(id)) {
      if (!this.#users.has(id)) return error(404, `User ${id} does not exist`);
      if (!mayRevoke(id)) return error(403, "Permission Denied");
      for (const record of this.#tokens.values()) if (record.uid === id) record.revoked = true;
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
      claims = await this.#verify(token);
    } catch (caught) {
      const expired = (caught as { code?: string }).code === "ERR_JWT_EXPIRED";
      throw new HttpError(401, expired ? "The JWT has expired" : "The JWT is invalid");
    }
    if (claims.token_use === "refresh") throw new HttpError(401, "A refresh JWT cannot be used as a bearer token");
    if (!this.#usable(String(claims.jti))) throw new HttpError(401, "The JWT has been revoked");
    if (claims.user_scope === "mfa_required") throw new HttpError(403, "Multi-factor authentication is required");
    return claims;
  }

  #verify(token: string) {
    return this.#signer.verify(token, this.now());
  }

  #userClaims(user: MockUser): Record<string, unknown> {
    const uid = uidOf(user);
    return {
      sub: uid,
      domain: user.domain,
      territory: "MockReseller",
      user: user.user,
      user_email: user.email ?? null,
      displayName: user.displayName ?? user.user,
      login: uid,
      department: "Support",
    };
  }

  #sign(user: MockUser, claims: Record<string, unknown>, ttlSeconds: number) {
    const issued = this.#signer.sign(claims, this.now(), ttlSeconds);
    this.#tokens.set(issued.jti, { uid: uidOf(user), exp: issued.payload.exp as number, revoked: false });
    if (this.#tokens.size >= this.#sweepAtSize) {
      const nowSeconds = this.#nowSeconds();
      for (const [jti, record] of this.#tokens) if (record.exp <= nowSeconds) this.#tokens.delete(jti);
      this.#sweepAtSize = Math.max(1024, 2 * this.#tokens.size);
    }
    return issued;
  }

  #nowSeconds(): number {
    return Math.floor(this.now() / 1000);
  }

  /** The record of an issued token that has not expired; undefined for any other JWT ID. */
  #live(jti: string): IssuedRecord | undefined {
    const record = this.#tokens.get(jti);
    return record === undefined || record.exp <= this.#nowSeconds() ? undefined : record;
  }

  /** Not revoked, and not spent. A validly signed token this mock did not issue (same secret, earlier run) is usable. */
  #usable(jti: string): boolean {
    return this.#tokens.get(jti)?.revoked !== true;
  }

  #revoke(jti: string): void {
    const record = this.#tokens.get(jti);
    if (record !== undefined) record.revoked = true;
  }

  #issuePair(user: MockUser): { token: string; refresh?: string } {
    const ttl = this.#options.tokenTtlSeconds;
    const claims = { ...this.#userClaims(user), user_scope: user.scope ?? "Basic User", time_out: ttl * 1000, apiversion: "Version: 44.4 (mock)" };
    const access = this.#sign(user, claims, ttl);
    const refresh = this.#options.issueRefreshTokens ? this.#sign(user, { sub: uidOf(user), token_use: "refresh" }, this.#options.refreshTtlSeconds) : undefined;
    return refresh === undefined ? { token: access.token } : { token: access.token, refresh: refresh.token };
  }
}

function uidOf(user: MockUser): string {
  return `${user.user}@${user.domain}`;
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
