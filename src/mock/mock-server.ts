import { BearerCheck, bearerOf, type BearerRefusal, type VerifiedClaims } from "./bearer.js";
import { CorsPolicy } from "./cors.js";
import { DEFAULT_API_KEY, DEFAULT_CLIENT, DEFAULT_USERS, type MockUser } from "./defaults.js";
import { errorResponse as error, HttpError, jsonText, type MockRequest, type MockResponse } from "./exchange.js";
import { faulted, FaultRegistry, type RouteKey } from "./faults.js";
import { TokenGrants } from "./grants.js";
import { resolveOptions, type MockServerOptions, type ResolvedOptions } from "./options.js";
import { headerChecks } from "./header-parameters.js";
import { inProcessFetch } from "./in-process-fetch.js";
import { attempt, then, type Now } from "./maybe-now.js";
import { readJson } from "./request-body.js";
import { createSchemaValidator } from "./request-validator.js";
import { CustomRoutes, type CustomRouteKey, type MockRouteHandler, type MockRouteOptions, type RouteMatch } from "./routes.js";
import { ACCEPTED, revokeById } from "./revocation.js";
import { BASE_PATH, decodePathSegment, methodsOf, refuse, reply, routeOf, serve, underBasePath, type BodyOf, type Route, type SpecRoute, type StatusOf } from "./routing.js";
import { TokenRegistry } from "./token-registry.js";
import { totp } from "./totp.js";
import { grantKind, RequestLog, type MockRequestRecord } from "./request-log.js";

export type { MockServerOptions } from "./options.js";
export type { GrantKind, MockRequestRecord } from "./request-log.js";

export { DroppedConnection } from "./faults.js";

/** For the HTTP server (http-server.ts): `handle`, but answered at once when nothing on the way waits. */
export let answerNow: (mock: MockNetSapiens, request: MockRequest) => Now<MockResponse>;

// Every bearer operation answers the bearer check's refusals: the spec must declare them (a compile error otherwise).
type BearerRoute = "GET /jwt" | "DELETE /jwt" | "DELETE /jwt/{id}";
const BEARER_REFUSALS = [401, 403] as const satisfies ReadonlyArray<BearerRefusal> & ReadonlyArray<StatusOf<BearerRoute>>;

/**
 * A NetSapiens JWT API in a box. Use `fetch` in-process (pass it as the client's `fetch`, with
 * `baseUrl`), or `listen()` for a real HTTP server; both share one state.
 */
export class MockNetSapiens {
  /** The base URL to use with the in-process `fetch`. */
  static readonly inProcessBaseUrl = `https://netsapiens.test${BASE_PATH}`;

  readonly faults = new FaultRegistry();
  readonly #requests = new RequestLog();
  /** The latest requests (up to 10,000), each once answered, for tests. */
  readonly log: MockRequestRecord[] = this.#requests.entries;
  readonly #custom = new CustomRoutes();
  /** The mock's clock (ms since the epoch): the `now` option, or `Date.now`. */
  readonly now: () => number;
  /** Applies the `cors` option; the HTTP server asks it for the headers of the answers it makes itself. */
  readonly cors: CorsPolicy;
  readonly #options: ResolvedOptions;
  readonly #users = new Map<string, MockUser>();
  readonly #validate = createSchemaValidator();
  readonly #registry: TokenRegistry;
  readonly #grants: TokenGrants;
  readonly #bearer: BearerCheck;
  readonly #headerChecks = headerChecks();
  #refreshReuseRejections = 0;

  constructor(options: MockServerOptions = {}) {
    const now = options.now ?? Date.now;
    this.now = now;
    this.#options = resolveOptions(options);
    this.cors = new CorsPolicy(options.cors);
    for (const user of options.users ?? DEFAULT_USERS) this.addUser(user);
    this.#registry = new TokenRegistry(options.secret, this.#options.issuer, now);
    this.#bearer = new BearerCheck(this.#registry, this.#validate);
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

  /** The largest request body the mock reads, in bytes. */
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

  /**
   * Adds a route under the base path, e.g. `mock.route("GET", "/domains/{domain}/users", handler)`: the
   * mock's token checks run before the handler (see MockRouteOptions). The built-in JWT routes cannot be replaced.
   */
  route(method: string, path: string, handler: MockRouteHandler, options?: MockRouteOptions): void {
    if (routeOf(method.toUpperCase(), path.replace(/\{[^}/]*\}/g, "x")) !== undefined) throw new TypeError(`mock.route: ${method} ${path} is a built-in route`);
    this.#custom.add(method, path, handler, options);
  }

  /** Calls `listener` with each request's record as it is answered (what `--log` prints); returns a function that stops it. */
  onRequest(listener: (record: MockRequestRecord) => void): () => void {
    return this.#requests.listen(listener);
  }

  /** How many requests reached a route, built-in or custom (faulted ones included). */
  count(route: RouteKey | CustomRouteKey): number {
    return this.#requests.count(route);
  }

  /** The in-process handler: a `fetch`. Give it to a client with `baseUrl: MockNetSapiens.inProcessBaseUrl`. */
  readonly fetch: (input: Request | string | URL, init?: RequestInit) => Promise<Response> = inProcessFetch((request) => this.handle(request));

  /** Answers one request; throws DroppedConnection when a fault says to drop it. */
  async handle(request: MockRequest): Promise<MockResponse> {
    return this.#answerNow(request);
  }

  static {
    answerNow = (mock, request) => mock.#answerNow(request);
  }

  #answerNow(request: MockRequest): Now<MockResponse> {
    return then(this.#answer(request), (answer) => this.cors.decorate(request, answer));
  }

  #answer(request: MockRequest): Now<MockResponse> {
    const started = performance.now();
    const path = underBasePath(request.pathname);
    const preflight = path !== undefined && this.cors.isPreflight(request);
    const route = path === undefined || preflight ? undefined : routeOf(request.method, path);
    const custom = path === undefined || preflight || route !== undefined ? undefined : this.#custom.match(request.method, path);
    const record: MockRequestRecord = {
      method: request.method,
      path: path ?? request.pathname,
      route: preflight ? "preflight" : (route ?? custom?.key ?? "unknown"),
      status: -1,
      at: this.now(),
      ms: 0,
    };
    this.#requests.arrived(record.route);
    return attempt(
      () => this.#respond(request, record, route, path, custom),
      (answer) => this.#answered(record, started, answer),
      (caught) => {
        this.#requests.answered(record, started);
        throw caught;
      },
    );
  }

  #answered(record: MockRequestRecord, started: number, response: MockResponse): MockResponse {
    record.status = response.status;
    this.#requests.answered(record, started);
    return response;
  }

  #respond(request: MockRequest, record: MockRequestRecord, route: SpecRoute | undefined, path: string | undefined, custom: RouteMatch | undefined): Now<MockResponse> {
    if (path === undefined) return error(404, `No route for ${request.method} ${request.pathname}: the API is served under ${BASE_PATH}`);
    if (record.route === "preflight") return this.cors.preflight(request);
    const fault = route === undefined ? undefined : this.faults.take(route);
    if (fault === undefined) return this.#handle(request, route, path, custom, record);
    return faulted(fault, request.signal).then((answer) => answer ?? this.#handle(request, route, path, custom, record));
  }

  #handle(request: MockRequest, route: SpecRoute | undefined, path: string, custom: RouteMatch | undefined, record: MockRequestRecord): Now<MockResponse> {
    if (route !== undefined) {
      return serve(route, this.#routes[route] as Route<typeof route>, request, path, record, this.#options.strict ? this.#headerChecks.get(route) : undefined);
    }
    // Unknown route: no operation of the spec matches this method and path.
    // A route a test added (routes.ts): the bearer checks' 401/403 become {code, message}, as on the spec's routes.
    if (custom !== undefined) return this.#custom.serve(custom, request, path, { authenticate: () => this.#bearer.authenticate(request), maxBodyBytes: this.#options.maxBodyBytes });
    const allow = methodsOf(path);
    if (allow !== undefined) return error(405, `${request.method} is not allowed on ${path}`, { Allow: allow });
    return error(404, `No route for ${request.method} ${path}`);
  }

  // GET /jwt's answer once the bearer checked out: made once, not a closure per request.
  readonly #claimsAnswer = (claims: VerifiedClaims): MockResponse =>
    // Typed as the spec's 200 body; sent as the JSON serialized once for this token.
    jsonText(200, this.#bearer.claimsBody(claims satisfies BodyOf<"GET /jwt", 200>));

  /**
   * The spec's operations and how each is answered. The keys must be exactly the spec's operations, and
   * each `throws` only statuses the spec declares for it: tsc checks both against generated/api.ts.
   */
  readonly #routes = {
    "POST /jwt": {
      throws: [400, 401],
      handle: (request: MockRequest, _path: string, record: MockRequestRecord) =>
        then(readJson(request, this.#options.maxBodyBytes), (body) => {
          const problem = this.#validate("TokenRequest", body);
          if (problem !== undefined) return refuse("POST /jwt", 400, `Invalid request body: ${problem}`);
          record.grant = grantKind(body as Parameters<TokenGrants["answer"]>[0]);
          // Valid against the spec's TokenRequest: Ajv checked it just now.
          return this.#grants.answer(body as Parameters<TokenGrants["answer"]>[0], bearerOf(request));
        }),
    },
    "GET /jwt": {
      throws: [400, ...BEARER_REFUSALS],
      handle: (request: MockRequest) => then(this.#bearer.authenticate(request), this.#claimsAnswer),
    },
    "DELETE /jwt": {
      throws: [400, ...BEARER_REFUSALS],
      handle: (request: MockRequest) =>
        then(this.#bearer.authenticate(request), (claims) => {
          this.#registry.revoke(String(claims.jti));
          return reply("DELETE /jwt", 202, ACCEPTED);
        }),
    },
    "DELETE /jwt/{id}": {
      throws: [400, ...BEARER_REFUSALS],
      handle: (request: MockRequest, routePath: string) => {
        const id = decodePathSegment(routePath.slice("/jwt/".length));
        return then(this.#bearer.authenticate(request), (caller) => revokeById(this.#registry, this.#users, caller, id));
      },
    },
  } satisfies { [K in SpecRoute]: Route<K> };
}
