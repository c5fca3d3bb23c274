import { resolveBaseUrl, type BaseUrlOptions } from "./base-url.js";
import { decodeClaims } from "./decode-claims.js";
import { startDeadline, untilAborted, type CallOptions } from "./deadline.js";
import { AuthenticationError, BadRequestError, errorFromResponse, PermissionDeniedError, SessionExpiredError, ValidationError } from "./errors.js";
import { internals } from "./internals.js";
import { redactor } from "./redact.js";
import { parseClaims, parseTokenPair } from "./response-shapes.js";
import type { SessionContext } from "./session/session-context.js";
import { createSessionFetch, type SessionFetch } from "./session/session-fetch.js";
import { TokenKeeper, type TokensChangeListener } from "./token-keeper.js";
import { createMemoryTokenStore, type SessionTokens, type TokenStore } from "./token-store.js";
import { clientHeaders } from "./transport/client-headers.js";
import type { FetchFn, RetryPolicy } from "./transport/retry.js";
import { createTransport } from "./transport/transport.js";
import { specRoute, type SpecRoute } from "./typed/spec-types.js";
import { typedCall, type TypedRequest } from "./typed/typed-call.js";
import type { Claims, DelegationGrant, NamedClaims, TokenRequest } from "./types.js";
import {
  requireDomain,
  requireHeaderValue,
  requireJwt,
  requireJwtId,
  requirePasscode,
  requirePositive,
  requireSingleLine,
  requireText,
  requireUid,
} from "./validate.js";

/** Options of the `NsAuth` facade: where the API lives, the credentials it may use, and how calls behave. */
export interface NsAuthOptions extends BaseUrlOptions {
  /** The NetSapiens API host, giving `https://{server}/ns-api/v2`. Or give `baseUrl`. */
  server?: string | undefined;
  /** The full base URL, such as `https://pbx.example.com/ns-api/v2`. */
  baseUrl?: string | undefined;
  /** OAuth client ID and secret, for the password and MFA grants. */
  clientId?: string | undefined;
  clientSecret?: string | undefined;
  /** A NetSapiens API key, for delegation. */
  apiKey?: string | undefined;
  /** The fetch to send requests with; the global `fetch` by default. */
  fetch?: FetchFn | undefined;
  /** The clock, in epoch milliseconds; `Date.now` by default. */
  now?: (() => number) | undefined;
  /** Renew the token this long before it expires. Default 60 000 ms. */
  clockSkewMs?: number | undefined;
  /** Default timeout of each call, in ms (per-call `timeoutMs` overrides it). Default 30 000. */
  timeoutMs?: number | undefined;
  /** Retries of idempotent calls (GET, DELETE); `false` turns them off. */
  retry?: RetryPolicy | false | undefined;
  /**
   * Appended to the User-Agent `ns-api-jwt/<version>`, e.g. `my-app/2.1`. Outside browsers only: in a
   * browser no User-Agent is set (Firefox would send it and widen every CORS preflight).
   */
  userAgent?: string | undefined;
  /** Sent as `X-NetSapiens-Log` on every request, to find them in NetSapiens InSight. */
  logTag?: string | undefined;
  /**
   * Refuse responses of the JWT calls (login, claims, refresh, revoke) that announce a larger body than
   * this. Default 1 MiB. `auth.fetch` and the typed clients have no limit: a listing may be megabytes.
   */
  maxResponseBytes?: number | undefined;
  /** Where the session's tokens live; in memory by default. */
  store?: TokenStore | undefined;
  /**
   * Called when the session expired and cannot be refreshed (no refresh JWT, as before NetSapiens
   * 44.3, or the refresh JWT was refused). Return new tokens, e.g. from a fresh login. Without it,
   * such a session ends with a SessionExpiredError.
   */
  reauthenticate?: (() => Promise<SessionTokens>) | undefined;
}

/** A logged-in session. The tokens stay inside the facade; this holds what is safe to show. */
export interface Authenticated {
  readonly status: "authenticated";
  /** The token's claims, decoded locally and NOT verified. */
  readonly claims: Claims;
  readonly expiresAt: Date | undefined;
  /** Whether the server issued a refresh JWT (NetSapiens 44.3 and later). */
  readonly canRefresh: boolean;
}

/**
 * The account needs a second factor: call `complete` with the 6-digit passcode. Until then nothing is
 * stored and no call is authenticated.
 */
export interface MfaChallenge {
  readonly status: "mfa_required";
  readonly username: string;
  readonly mfaVendor: string;
  readonly mfaType: string;
  /** Sends the MFA grant with this passcode (six digits); the session starts when it is accepted. */
  complete(passcode: string, options?: CallOptions): Promise<Authenticated>;
}

/** What `login` resolves to: a session, or an MFA challenge to complete first (check `status`). */
export type LoginResult = Authenticated | MfaChallenge;

/** A NetSapiens user's login: `username` as `user@domain`, and the password. */
export interface Credentials {
  username: string;
  password: string;
}

/** How a call authenticates: with the session's bearer token, a fixed header value, or not at all. */
type CallAuth = "session" | string | undefined;

// The facade's four calls, each checked against the spec's `paths`: path, method and success status.
const ISSUE_TOKEN = specRoute("/jwt", "post", 200);
const READ_TOKEN = specRoute("/jwt", "get", 200);
const REVOKE_CURRENT = specRoute("/jwt", "delete", 202);
const REVOKE_BY_ID = specRoute("/jwt/{id}", "delete", 202);

const REFUSED = [AuthenticationError, BadRequestError, PermissionDeniedError];

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
  readonly #transport: FetchFn;
  readonly #headers: Record<string, string>;
  readonly #now: () => number;
  readonly #timeoutMs: number;
  readonly #clientId: string | undefined;
  readonly #clientSecret: string | undefined;
  readonly #apiKey: string | undefined;
  readonly #reauthenticate: (() => Promise<SessionTokens>) | undefined;
  #delegatedAs: DelegationGrant | undefined;

  constructor(options: NsAuthOptions) {
    const optional = <T>(value: T | undefined, check: (value: T) => T) => (value === undefined ? undefined : check(value));
    this.baseUrl = resolveBaseUrl({ server: options.server, baseUrl: options.baseUrl } as never, options);
    this.#clientId = optional(options.clientId, (v) => requireText(v, "clientId"));
    this.#clientSecret = optional(options.clientSecret, (v) => requireText(v, "clientSecret"));
    this.#apiKey = optional(options.apiKey, (v) => requireHeaderValue(v, "apiKey"));
    this.#reauthenticate = options.reauthenticate;
    this.#now = options.now ?? Date.now;
    this.#timeoutMs = optional(options.timeoutMs, (v) => requirePositive(v, "timeoutMs")) ?? 30_000;
    this.#headers = clientHeaders(
      optional(options.userAgent, (v) => requireHeaderValue(v, "userAgent", 256)),
      optional(options.logTag, (v) => requireHeaderValue(v, "logTag", 128)),
    );
    const transport = createTransport({
      fetch: options.fetch,
      maxResponseBytes: optional(options.maxResponseBytes, (v) => requirePositive(v, "maxResponseBytes")) ?? 1_048_576,
      retry: options.retry,
    });
    this.#transport = transport.jwt;
    this.#keeper = new TokenKeeper({
      store: options.store ?? createMemoryTokenStore(),
      now: this.#now,
      skewMs: optional(options.clockSkewMs, (v) => requirePositive(v, "clockSkewMs")) ?? 60_000,
      renew: (expired) => this.#renew(expired),
    });
    const session: SessionContext = {
      baseUrl: this.baseUrl,
      origin: new URL(this.baseUrl).origin,
      headers: this.#headers,
      transport,
      keeper: this.#keeper,
      timeoutMs: this.#timeoutMs,
    };
    this.fetch = createSessionFetch(session);
    internals.set(this, { ...session, fetch: this.fetch });
  }

  /**
   * Logs in with a username and password. Resolves to `{status: "authenticated"}`, or, when the
   * account has MFA, to an `MfaChallenge` to complete with the passcode.
   */
  async login(credentials: Credentials, options: CallOptions = {}): Promise<LoginResult> {
    const username = requireText(credentials?.username, "username");
    const password = requireText(credentials?.password, "password");
    const client = this.#clientCredentials();
    const tokens = await this.#issue({ grant_type: "password", ...client, username, password }, undefined, options, [password]);
    // Read through NamedClaims: a claim renamed in the spec is a compile error here, not a silent undefined.
    const claims: NamedClaims = decodeClaims(tokens.token);
    if (claims.user_scope !== "mfa_required") return this.#adoptStored(tokens, undefined);

    const access_token = tokens.token;
    const mfaVendor = typeof claims.mfa_vendor === "string" ? claims.mfa_vendor : "google";
    const mfaType = typeof claims.mfa_type === "string" ? claims.mfa_type : "authenticator";
    return {
      status: "mfa_required",
      username,
      mfaVendor,
      mfaType,
      complete: async (passcode, callOptions = {}) => {
        const grant = {
          grant_type: "mfa" as const,
          ...client,
          username,
          password,
          mfa_vendor: mfaVendor,
          mfa_type: mfaType,
          ns_id_type: "subscriber" as const,
          passcode: requirePasscode(passcode, "passcode"),
          access_token,
        };
        return this.#adoptStored(await this.#issue(grant, undefined, callOptions, [password, access_token]), undefined);
      },
    };
  }

  /** With the API key, obtains a session as another user. It is renewed by delegating again. */
  async delegate(target: { user: string; domain: string }, options: CallOptions = {}): Promise<Authenticated> {
    const grant = { user: requireSingleLine(target?.user, "user", 256), domain: requireDomain(target?.domain, "domain") };
    return this.#adoptStored(await this.#issue(grant, this.#apiKeyHeader(), options), grant);
  }

  /**
   * Starts a session from a refresh JWT alone (one kept from an earlier session), trading it for a
   * new pair. The refresh JWT is spent: the server rotates it.
   */
  async refreshFrom(refresh: string, options: CallOptions = {}): Promise<Authenticated> {
    const grant = { refresh: requireJwt(refresh, "refresh") };
    return this.#adoptStored(await this.#issue(grant, undefined, options, [grant.refresh]), undefined);
  }

  /** Renews the session now: with the refresh JWT, by delegating again, or through `reauthenticate`. */
  async refresh(options: CallOptions = {}): Promise<Authenticated> {
    return this.#bounded(options, async (signal) => this.#describe(await untilAborted(this.#keeper.renewNow(), signal)));
  }

  /** Resumes a session from tokens kept elsewhere (see `onTokensChange`). */
  useTokens(tokens: SessionTokens): Authenticated {
    return this.#adopt(requireTokens(tokens), undefined);
  }

  /** A current access token, renewed first if it is about to expire: for clients other than this one. */
  async accessToken(options: CallOptions = {}): Promise<string> {
    return this.#bounded(options, (signal) => untilAborted(Promise.resolve().then(() => this.#keeper.bearer()), signal));
  }

  /** The current token's claims as the server sees them (`GET /jwt`): the authoritative answer. */
  async claims(options: CallOptions = {}): Promise<Claims> {
    const result = await this.#call(READ_TOKEN, { path: undefined, body: undefined }, "session", options);
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
    await this.#call(REVOKE_CURRENT, { path: undefined, body: undefined }, "session", options);
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

  /** Calls `listener` whenever the tokens change (login, refresh, revoke); returns an unsubscribe function. */
  onTokensChange(listener: TokensChangeListener): () => void {
    return this.#keeper.onChange(listener);
  }

  async #revokeById(id: string, claim: "jti" | "sub", options: CallOptions): Promise<void> {
    await this.#call(REVOKE_BY_ID, { path: { id }, body: undefined }, "session", options);
    const own: Partial<NamedClaims> | undefined = this.decodeClaims();
    if (own?.[claim] === id) await this.#keeper.clear();
  }

  /** Runs `work` under the call's deadline, turning whatever it throws into an NsApiError. */
  async #bounded<T>(options: CallOptions, work: (signal: AbortSignal | undefined) => Promise<T>): Promise<T> {
    const deadline = startDeadline(options.timeoutMs ?? this.#timeoutMs, options.signal);
    try {
      deadline.signal?.throwIfAborted();
      return await work(deadline.signal);
    } catch (error) {
      throw deadline.toError(error);
    } finally {
      deadline.done();
    }
  }

  /**
   * One call of the spec (a typed call: path, method, body and response from `paths`). With the session's
   * token, a 401 renews it once (shared with any concurrent caller) and the call is sent again from its
   * arguments: nothing is kept or cloned for that on the success path.
   */
  #call<O, S>(
    route: SpecRoute<O, S>,
    request: Pick<TypedRequest<O>, "path" | "body">,
    auth: CallAuth,
    options: CallOptions,
    secrets: string[] = [],
  ) {
    return this.#bounded(options, async (signal) => {
      // A revocation's 202 body is not read: a proxy's HTML must not undo a done revocation.
      const parse = route.method !== "DELETE";
      const { path, body } = request;
      const send = (authorization: string | undefined) =>
        typedCall(this.#transport, this.baseUrl, route, {
          path,
          body,
          headers: authorization === undefined ? { ...this.#headers } : { ...this.#headers, Authorization: authorization },
          signal,
          parse,
        });
      if (auth !== "session") return this.#checked(await send(auth), secrets);
      // The first attempt and its token are kept (no extra promise): the keeper renews only after it got a 401.
      let first: ReturnType<typeof send> | undefined;
      let firstToken: string | undefined;
      try {
        const result = await this.#keeper.withToken((token) => {
          if (first !== undefined) return send(`Bearer ${token}`);
          firstToken = token;
          return (first = send(`Bearer ${token}`));
        }, signal);
        return this.#checked(result, secrets, firstToken);
      } catch (error) {
        // A refused token on a session that has no way to renew: the server's refusal is the error, not a
        // guess about why (a SessionExpiredError with a cause is a refused renewal, and stays).
        if (first === undefined || !(error instanceof SessionExpiredError) || error.cause !== undefined) throw error;
        const refused = await first;
        if (refused.response.status !== 401) throw error;
        return this.#checked(refused, secrets, firstToken);
      }
    });
  }

  /** A result whose status is not 2xx becomes the typed error for it, scrubbed of every secret the call knew. */
  #checked<R extends { response: Response; errorText: string }>(result: R, secrets: string[], sentToken?: string): R {
    if (!result.response.ok) {
      const tokens = this.#keeper.current();
      const redact = redactor([this.#clientSecret, this.#apiKey, tokens?.token, tokens?.refresh, sentToken, ...secrets]);
      throw errorFromResponse(result.response, result.errorText, redact, this.#now());
    }
    return result;
  }

  #clientCredentials(): { client_id: string; client_secret: string } {
    if (this.#clientId === undefined || this.#clientSecret === undefined) {
      throw new ValidationError("and clientSecret are needed to log in.", "clientId");
    }
    return { client_id: this.#clientId, client_secret: this.#clientSecret };
  }

  #apiKeyHeader(): string {
    if (this.#apiKey === undefined) throw new ValidationError("is needed to delegate.", "apiKey");
    return `Bearer ${this.#apiKey}`;
  }

  /** `POST /jwt`, sent exactly once, never retried: it carries credentials or a single-use passcode. */
  async #issue(body: TokenRequest, authorization: string | undefined, options: CallOptions, secrets: string[] = []): Promise<SessionTokens> {
    const result = await this.#call(ISSUE_TOKEN, { path: undefined, body }, authorization, options, secrets);
    return parseTokenPair(result.data, result.response.status);
  }

  #adopt(tokens: SessionTokens, delegatedAs: DelegationGrant | undefined): Authenticated {
    this.#delegatedAs = delegatedAs;
    void this.#keeper.set(tokens);
    return this.#describe(tokens);
  }

  /** Adopts a new session and waits until the store holds it (a shared store is written over the network). */
  async #adoptStored(tokens: SessionTokens, delegatedAs: DelegationGrant | undefined): Promise<Authenticated> {
    this.#delegatedAs = delegatedAs;
    await this.#keeper.set(tokens);
    return this.#describe(tokens);
  }

  #describe(tokens: SessionTokens): Authenticated {
    const expiry = this.#keeper.expiresAt(tokens.token);
    return {
      status: "authenticated",
      claims: decodeClaims(tokens.token),
      expiresAt: expiry === undefined ? undefined : new Date(expiry),
      canRefresh: tokens.refresh !== undefined,
    };
  }

  /** Renews an expired or refused session; called by the TokenKeeper, once for any number of callers. */
  async #renew(expired: SessionTokens): Promise<SessionTokens> {
    let refused: unknown;
    if (expired.refresh !== undefined) {
      try {
        return await this.#issue({ refresh: expired.refresh }, undefined, {});
      } catch (error) {
        if (!REFUSED.some((type) => error instanceof type)) throw error;
        refused = error;
      }
    }
    if (this.#delegatedAs !== undefined && this.#apiKey !== undefined) return this.#issue(this.#delegatedAs, this.#apiKeyHeader(), {});
    if (this.#reauthenticate !== undefined) {
      return requireTokens(await this.#reauthenticate());
    }
    await this.#keeper.clear();
    throw new SessionExpiredError(
      refused === undefined
        ? "Session expired; no refresh JWT (NetSapiens < 44.3) and no reauthenticate hook: log in again."
        : "Refresh JWT refused: log in again.",
      { cause: refused },
    );
  }
}

/** Tokens handed in from outside (resumed, or from the reauthenticate hook): both must be JWTs. */
function requireTokens(tokens: SessionTokens): SessionTokens {
  return { token: requireJwt(tokens?.token, "token"), refresh: tokens.refresh === undefined ? undefined : requireJwt(tokens.refresh, "refresh") };
}
