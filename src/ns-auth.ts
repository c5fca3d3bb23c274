import { resolveBaseUrl, type BaseUrlOptions } from "./base-url.js";
import { decodeClaims } from "./decode-claims.js";
import { startDeadline, untilAborted, type CallOptions } from "./deadline.js";
import { AuthenticationError, BadRequestError, errorFromResponse, PermissionDeniedError, SessionExpiredError, ValidationError } from "./errors.js";
import { sendJson } from "./http.js";
import { internals } from "./internals.js";
import { encodePathSegment } from "./path-serializer.js";
import { redactor } from "./redact.js";
import { parseClaims, parseTokenPair } from "./response-shapes.js";
import { withResponseLimit } from "./response-limit.js";
import { withRetry, type FetchFn, type RetryPolicy } from "./retry.js";
import { TokenKeeper, type TokensChangeListener } from "./token-keeper.js";
import { createMemoryTokenStore, type SessionTokens, type TokenStore } from "./token-store.js";
import type { Claims, DelegationGrant, TokenRequest } from "./types.js";
import { VERSION } from "./version.js";
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
  /** Appended to the User-Agent `ns-api-jwt/<version>`, e.g. `my-app/2.1`. */
  userAgent?: string | undefined;
  /** Sent as `X-NetSapiens-Log` on every request, to find them in NetSapiens InSight. */
  logTag?: string | undefined;
  /** Refuse responses that announce a larger body than this. Default 1 MiB. */
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
    const userAgent = optional(options.userAgent, (v) => ` ${requireHeaderValue(v, "userAgent", 256)}`) ?? "";
    this.#headers = { "User-Agent": `ns-api-jwt/${VERSION}${userAgent}` };
    if (options.logTag !== undefined) this.#headers["X-NetSapiens-Log"] = requireHeaderValue(options.logTag, "logTag", 128);

    const userFetch = options.fetch;
    // Looked up per request, so a fetch installed after construction (a polyfill, a test spy) is used.
    const limited = withResponseLimit(
      userFetch ?? ((input, init) => globalThis.fetch(input, init)),
      optional(options.maxResponseBytes, (v) => requirePositive(v, "maxResponseBytes")) ?? 1_048_576,
    );
    this.#transport = options.retry === false ? limited : withRetry(limited, options.retry);
    this.#keeper = new TokenKeeper({
      store: options.store ?? createMemoryTokenStore(),
      now: this.#now,
      skewMs: optional(options.clockSkewMs, (v) => requirePositive(v, "clockSkewMs")) ?? 60_000,
      renew: (expired) => this.#renew(expired),
    });
    internals.set(this, { baseUrl: this.baseUrl, headers: this.#headers, transport: this.#transport, keeper: this.#keeper, timeoutMs: this.#timeoutMs });
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
    const claims = decodeClaims(tokens.token);
    if (claims.user_scope !== "mfa_required") return this.#adopt(tokens, undefined);

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
        return this.#adopt(await this.#issue(grant, undefined, callOptions, [password, access_token]), undefined);
      },
    };
  }

  /** With the API key, obtains a session as another user. It is renewed by delegating again. */
  async delegate(target: { user: string; domain: string }, options: CallOptions = {}): Promise<Authenticated> {
    const grant = { user: requireSingleLine(target?.user, "user", 256), domain: requireDomain(target?.domain, "domain") };
    return this.#adopt(await this.#issue(grant, this.#apiKeyHeader(), options), grant);
  }

  /**
   * Starts a session from a refresh JWT alone (one kept from an earlier session), trading it for a
   * new pair. The refresh JWT is spent: the server rotates it.
   */
  async refreshFrom(refresh: string, options: CallOptions = {}): Promise<Authenticated> {
    const grant = { refresh: requireJwt(refresh, "refresh") };
    return this.#adopt(await this.#issue(grant, undefined, options, [grant.refresh]), undefined);
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
    const result = await this.#call("GET", "/jwt", undefined, "session", options);
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
    await this.#call("DELETE", "/jwt", undefined, "session", options);
    this.#keeper.clear();
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
    await this.#call("DELETE", `/jwt/${encodePathSegment(id)}`, undefined, "session", options);
    if (this.decodeClaims()?.[claim] === id) this.#keeper.clear();
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
   * One API call. With the session's token, a 401 renews it once (shared with any concurrent caller)
   * and the call is sent again from its arguments: nothing is kept or cloned for that on the success path.
   */
  #call(method: string, path: string, body: unknown, auth: CallAuth, options: CallOptions, secrets: string[] = []) {
    return this.#bounded(options, async (signal) => {
      const url = this.baseUrl + path;
      const send = (authorization: string | undefined) =>
        sendJson(
          this.#transport,
          url,
          { method, headers: authorization === undefined ? { ...this.#headers } : { ...this.#headers, Authorization: authorization }, body, signal },
          method !== "DELETE", // a revocation's 202 body is not read: a proxy's HTML must not undo a done revocation
        );
      const result = auth === "session" ? await this.#keeper.withToken((token) => send(`Bearer ${token}`), signal) : await send(auth);
      if (!result.response.ok) {
        const tokens = this.#keeper.current();
        const redact = redactor([this.#clientSecret, this.#apiKey, tokens?.token, tokens?.refresh, ...secrets]);
        throw errorFromResponse(result.response, result.errorText, redact, this.#now());
      }
      return result;
    });
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
    const result = await this.#call("POST", "/jwt", body, authorization, options, secrets);
    return parseTokenPair(result.data, result.response.status);
  }

  #adopt(tokens: SessionTokens, delegatedAs: DelegationGrant | undefined): Authenticated {
    this.#delegatedAs = delegatedAs;
    this.#keeper.set(tokens);
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
    this.#keeper.clear();
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
