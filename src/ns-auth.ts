import { resolveBaseUrl } from "./base-url.js";
import { decodeClaims } from "./decode-claims.js";
import { untilAborted, type CallOptions } from "./deadline.js";
import { createGrants, type Grants } from "./facade/grants.js";
import { createJwtCalls, type JwtCalls } from "./facade/jwt-calls.js";
import { login, type Authenticated, type Credentials, type LoginResult } from "./facade/login.js";
import type { NsAuthOptions } from "./facade/options.js";
import { READ_TOKEN, REVOKE_BY_ID, REVOKE_CURRENT } from "./facade/routes.js";
import { parseClaims } from "./response-shapes.js";
import { createSessionFetch, type SessionFetch } from "./session/session-fetch.js";
import { TokenKeeper, type TokensChangeListener } from "./token-keeper.js";
import { createMemoryTokenStore, type SessionTokens } from "./token-store.js";
import { clientHeaders } from "./transport/client-headers.js";
import { createTransport } from "./transport/transport.js";
import type { Claims, DelegationGrant, NamedClaims } from "./types.js";
import { requireDomain, requireHeaderValue, requireJwt, requireJwtId, requireNonNegative, requirePositive, requireSingleLine, requireText, requireUid } from "./validate.js";

const optional = <T>(value: T | undefined, check: (value: T) => T) => (value === undefined ? undefined : check(value));

/**
 * The NetSapiens JWT facade: every flow is one call, the token is kept fresh, failures are typed.
 *
 * ```ts
 * const auth = new NsAuth({ server: "pbx.example.com", clientId, clientSecret });
 * const login = await auth.login({ username, password });
 * if (login.status === "mfa_required") await login.complete(passcode);
 * const claims = await auth.claims();
 * ```
 */
export class NsAuth {
  readonly baseUrl: string;
  /**
   * A fetch for any NetSapiens endpoint, authenticated by this session: `await auth.fetch("/domains")`.
   * The typed clients and the middleware send through it.
   *
   * - A relative path resolves against the base URL (`"/domains"` → `{baseUrl}/domains`).
   * - Requests to the base URL's origin carry the bearer token, renewed before it expires. Another
   *   origin never sees it: an absolute URL elsewhere is sent without it, as plain fetch would.
   * - A 401 renews the token once, only if the refused token is still the current one, shared with
   *   every concurrent caller, and the request is replayed once. Bodies that can be sent again (string,
   *   ArrayBuffer and typed arrays, Blob, URLSearchParams, FormData; a Request's body, from a clone) are
   *   replayed; a ReadableStream body is not: its 401 is returned as it is. A second 401 is returned.
   *   A request that sets its own Authorization is sent as it is and never replayed.
   * - Fetch semantics: every HTTP status is a Response (a 401 the session cannot recover from too); a
   *   network failure, the timeout and an abort reject with NetworkError, TimeoutError, AbortedError.
   *   `init.timeoutMs` (default: the NsAuth's `timeoutMs`) and `init.signal` bound getting the response;
   *   the body is then yours to read, without a size limit.
   * - Idempotent bodiless requests are retried like the facade's; the default headers are the facade's.
   */
  readonly fetch: SessionFetch;
  readonly #keeper: TokenKeeper;
  readonly #calls: JwtCalls;
  readonly #grants: Grants;

  constructor(options: NsAuthOptions) {
    this.baseUrl = resolveBaseUrl({ server: options?.server, baseUrl: options?.baseUrl }, options);
    const clientSecret = optional(options.clientSecret, (v) => requireText(v, "clientSecret"));
    const apiKey = optional(options.apiKey, (v) => requireHeaderValue(v, "apiKey"));
    const now = options.now ?? Date.now;
    const timeoutMs = optional(options.timeoutMs, (v) => requirePositive(v, "timeoutMs")) ?? 30_000;
    const headers = clientHeaders(
      optional(options.userAgent, (v) => requireHeaderValue(v, "userAgent", 256)),
      optional(options.logTag, (v) => requireHeaderValue(v, "logTag", 128)),
    );
    const transport = createTransport({ fetch: options.fetch, retry: options.retry });
    const maxResponseBytes = optional(options.maxResponseBytes, (v) => requirePositive(v, "maxResponseBytes")) ?? 1_048_576;
    const keeper = new TokenKeeper({
      store: options.store ?? createMemoryTokenStore(),
      now,
      skewMs: optional(options.clockSkewMs, (v) => requireNonNegative(v, "clockSkewMs")) ?? 60_000,
      renew: (expired) => this.#grants.renew(expired),
    });
    this.#keeper = keeper;
    this.#calls = createJwtCalls({ baseUrl: this.baseUrl, transport, maxResponseBytes, headers, keeper, timeoutMs, now, secrets: [clientSecret, apiKey] });
    this.#grants = createGrants({
      calls: this.#calls,
      clientId: optional(options.clientId, (v) => requireText(v, "clientId")),
      clientSecret,
      apiKey,
      reauthenticate: options.reauthenticate,
      clear: () => keeper.clear(),
    });
    this.fetch = createSessionFetch({ baseUrl: this.baseUrl, origin: new URL(this.baseUrl).origin, headers, transport, keeper, timeoutMs });
  }

  /**
   * Logs in with a username and password. Resolves to `{status: "authenticated"}` once the store holds the
   * session, or, when the account has MFA, to an `MfaChallenge` to complete with the passcode.
   */
  login(credentials: Credentials, options: CallOptions = {}): Promise<LoginResult> {
    return login(this.#grants, credentials, options, (tokens) => this.#adopt(tokens, undefined));
  }

  /** With the API key, obtains a session as another user. It is renewed by delegating again. */
  async delegate(target: { user: string; domain: string }, options: CallOptions = {}): Promise<Authenticated> {
    const grant = { user: requireSingleLine(target?.user, "user", 256), domain: requireDomain(target?.domain, "domain") };
    return this.#adopt(await this.#grants.issue(grant, this.#grants.apiKeyHeader(), options), grant);
  }

  /**
   * Starts a session from a refresh JWT alone (one kept from an earlier session), trading it for a
   * new pair. The refresh JWT is spent: the server rotates it.
   */
  async refreshFrom(refresh: string, options: CallOptions = {}): Promise<Authenticated> {
    const grant = { refresh: requireJwt(refresh, "refresh") };
    return this.#adopt(await this.#grants.issue(grant, undefined, options, [grant.refresh]), undefined);
  }

  /** Renews the session now: with the refresh JWT, by delegating again, or through `reauthenticate`. */
  async refresh(options: CallOptions = {}): Promise<Authenticated> {
    return this.#calls.bounded(options, async (signal) => this.#describe(await untilAborted(this.#keeper.renewNow(), signal)));
  }

  /** A current access token, renewed first if it is about to expire: to hand to something that is not an HTTP client. */
  async accessToken(options: CallOptions = {}): Promise<string> {
    return this.#calls.bounded(options, (signal) => untilAborted(Promise.resolve().then(() => this.#keeper.bearer()), signal));
  }

  /** The current token's claims as the server sees them (`GET /jwt`): the authoritative answer. */
  async claims(options: CallOptions = {}): Promise<Claims> {
    const result = await this.#calls.call(READ_TOKEN, { path: undefined, body: undefined }, "session", options);
    return parseClaims(result.data, result.response.status);
  }

  /**
   * The current token's claims decoded locally, without a request and WITHOUT verification:
   * NetSapiens signs with a server secret. Use for display and expiry, never for access decisions.
   */
  decodeClaims(): Claims | undefined {
    const tokens = this.#keeper.current();
    return tokens && decodeClaims(tokens.token);
  }

  /** When the current token expires (from its `exp` claim), or undefined when there is none. */
  get expiresAt(): Date | undefined {
    const tokens = this.#keeper.current();
    const expiry = tokens && this.#keeper.expiresAt(tokens.token);
    return expiry === undefined ? undefined : new Date(expiry);
  }

  /** Whether a session is held (it may still be expired or revoked server-side). */
  get isAuthenticated(): boolean {
    return this.#keeper.current() !== undefined;
  }

  /** Revokes the current token (`DELETE /jwt`) and clears the store: a logout. */
  async revoke(options: CallOptions = {}): Promise<void> {
    await this.#calls.call(REVOKE_CURRENT, { path: undefined, body: undefined }, "session", options);
    await this.#keeper.clear();
  }

  /** Revokes one token by its JWT ID. Revoking the session's own token also clears the store. */
  async revokeToken(jti: string, options: CallOptions = {}): Promise<void> {
    return this.#revokeById(requireJwtId(jti, "jti"), "jti", options);
  }

  /** Revokes every token of a user (`user@domain`). Revoking the session's own user also clears the store. */
  async revokeUser(uid: string, options: CallOptions = {}): Promise<void> {
    return this.#revokeById(requireUid(uid, "uid"), "sub", options);
  }

  /**
   * Calls `listener` once the tokens changed (login, refresh, revoke) and the store holds the change: for a
   * UI to show who is logged in. Persisting is the store's job (`store` option). Returns an unsubscribe function.
   */
  onTokensChange(listener: TokensChangeListener): () => void {
    return this.#keeper.onChange(listener);
  }

  async #revokeById(id: string, claim: "jti" | "sub", options: CallOptions): Promise<void> {
    await this.#calls.call(REVOKE_BY_ID, { path: { id }, body: undefined }, "session", options);
    const own: Partial<NamedClaims> | undefined = this.decodeClaims();
    if (own?.[claim] === id) await this.#keeper.clear();
  }

  /** Adopts a new session and resolves once the store holds it (a shared store is written over the network). */
  async #adopt(tokens: SessionTokens, delegatedAs: DelegationGrant | undefined): Promise<Authenticated> {
    await this.#keeper.set(tokens);
    this.#grants.delegating(delegatedAs);
    return this.#describe(tokens);
  }

  #describe(tokens: SessionTokens): Authenticated {
    const expiry = this.#keeper.expiresAt(tokens.token);
    return { status: "authenticated", claims: decodeClaims(tokens.token), expiresAt: expiry === undefined ? undefined : new Date(expiry), canRefresh: tokens.refresh !== undefined };
  }
}

export type { Authenticated, Credentials, LoginResult, MfaChallenge } from "./facade/login.js";
export type { NsAuthOptions, NsAuthSettings } from "./facade/options.js";
