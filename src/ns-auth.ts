import type { Client } from "openapi-fetch";
import type { paths } from "../generated/api.js";
import { createAuthenticatedClient } from "./authenticated-client.js";
import { resolveBaseUrl, type BaseUrlOptions } from "./base-url.js";
import { createNsApiClient } from "./client.js";
import { decodeClaims } from "./decode-claims.js";
import { startDeadline, untilAborted, type CallOptions } from "./deadline.js";
import {
  AuthenticationError,
  BadRequestError,
  errorFromResponse,
  PermissionDeniedError,
  SessionExpiredError,
  ValidationError,
} from "./errors.js";
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
  requirePositive,
  requireSingleLine,
  requireHeaderValue,
  requireJwt,
  requireJwtId,
  requirePasscode,
  requireText,
  requireUid,
} from "./validate.js";

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
  complete(passcode: string, options?: CallOptions): Promise<Authenticated>;
}

export type LoginResult = Authenticated | MfaChallenge;

export interface Credentials {
  username: string;
  password: string;
}

const REFUSED = [AuthenticationError, BadRequestError, PermissionDeniedError];
const INSPECT = Symbol.for("nodejs.util.inspect.custom");

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
  /** The typed openapi-fetch client, authenticated with this session's token. */
  readonly client: Client<paths>;
  readonly baseUrl: string;
  readonly #public: Client<paths>;
  readonly #keeper: TokenKeeper;
  readonly #now: () => number;
  readonly #timeoutMs: number;
  readonly #clientId: string | undefined;
  readonly #clientSecret: string | undefined;
  readonly #apiKey: string | undefined;
  readonly #reauthenticate: (() => Promise<SessionTokens>) | undefined;
  #delegatedAs: DelegationGrant | undefined;

  constructor(options: NsAuthOptions) {
    this.baseUrl = resolveBaseUrl({ server: options.server, baseUrl: options.baseUrl } as never, options);
    this.#clientId = options.clientId === undefined ? undefined : requireText(options.clientId, "clientId");
    this.#clientSecret = options.clientSecret === undefined ? undefined : requireText(options.clientSecret, "clientSecret");
    this.#apiKey = options.apiKey === undefined ? undefined : requireHeaderValue(options.apiKey, "apiKey");
    this.#reauthenticate = options.reauthenticate;
    this.#now = options.now ?? Date.now;
    this.#timeoutMs = options.timeoutMs === undefined ? 30_000 : requirePositive(options.timeoutMs, "timeoutMs");
    const skewMs = options.clockSkewMs === undefined ? 60_000 : requirePositive(options.clockSkewMs, "clockSkewMs");

    const headers: Record<string, string> = {
      "User-Agent": `ns-api-jwt/${VERSION}${options.userAgent === undefined ? "" : ` ${requireHeaderValue(options.userAgent, "userAgent", 256)}`}`,
    };
    if (options.logTag !== undefined) headers["X-NetSapiens-Log"] = requireHeaderValue(options.logTag, "logTag", 128);

    const userFetch = options.fetch;
    // Looked up per request, so a fetch installed after construction (a polyfill, a test spy) is used.
    const maxResponseBytes =
      options.maxResponseBytes === undefined ? 1_048_576 : requirePositive(options.maxResponseBytes, "maxResponseBytes");
    const baseFetch = withResponseLimit(userFetch ?? ((request) => globalThis.fetch(request)), maxResponseBytes);
    const transport = options.retry === false ? baseFetch : withRetry(baseFetch, options.retry);
    const clientFor = (fetch: FetchFn) => createNsApiClient({ baseUrl: this.baseUrl, allowInsecureHttp: true, fetch, headers });

    this.#keeper = new TokenKeeper({
      store: options.store ?? createMemoryTokenStore(),
      now: this.#now,
      skewMs,
      renew: (expired) => this.#renew(expired),
    });
    this.#public = clientFor(transport);
    this.client = createAuthenticatedClient({ createClient: clientFor, transport, keeper: this.#keeper, timeoutMs: this.#timeoutMs });
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

    const mfaToken = tokens.token;
    const mfaVendor = typeof claims.mfa_vendor === "string" ? claims.mfa_vendor : "google";
    const mfaType = typeof claims.mfa_type === "string" ? claims.mfa_type : "authenticator";
    return {
      status: "mfa_required",
      username,
      mfaVendor,
      mfaType,
      complete: async (passcode, callOptions = {}) => {
        const code = requirePasscode(passcode);
        const body = {
          grant_type: "mfa" as const,
          ...client,
          username,
          password,
          mfa_vendor: mfaVendor,
          mfa_type: mfaType,
          ns_id_type: "subscriber" as const,
          passcode: code,
          access_token: mfaToken,
        };
        return this.#adopt(await this.#issue(body, undefined, callOptions, [password, mfaToken]), undefined);
      },
    };
  }

  /** With the API key, obtains a session as another user. It is renewed by delegating again. */
  async delegate(target: { user: string; domain: string }, options: CallOptions = {}): Promise<Authenticated> {
    const grant: DelegationGrant = {
      user: requireSingleLine(target?.user, "user", 256),
      domain: requireDomain(target?.domain),
    };
    const tokens = await this.#issue(grant, this.#apiKeyHeader(), options, []);
    return this.#adopt(tokens, grant);
  }

  /** Renews the session now: with the refresh JWT, by delegating again, or through `reauthenticate`. */
  async refresh(options: CallOptions = {}): Promise<Authenticated> {
    const deadline = startDeadline(options.timeoutMs ?? this.#timeoutMs, options.signal);
    try {
      const tokens = await untilAborted(this.#keeper.renewNow(), deadline.signal);
      return this.#describe(tokens);
    } catch (error) {
      throw deadline.toError(error);
    } finally {
      deadline.done();
    }
  }

  /**
   * Starts a session from a refresh JWT alone (one kept from an earlier session), trading it for a
   * new pair. The refresh JWT is spent: the server rotates it.
   */
  async refreshFrom(refresh: string, options: CallOptions = {}): Promise<Authenticated> {
    const grant = { refresh: requireJwt(refresh, "refresh") };
    return this.#adopt(await this.#issue(grant, undefined, options, [grant.refresh]), undefined);
  }

  /** Resumes a session from tokens kept elsewhere (see `onTokensChange`). */
  useTokens(tokens: SessionTokens): Authenticated {
    const token = requireJwt(tokens?.token, "token");
    const refresh = tokens.refresh === undefined ? undefined : requireJwt(tokens.refresh, "refresh");
    this.#delegatedAs = undefined;
    this.#keeper.set({ token, refresh });
    return this.#describe({ token, refresh });
  }

  /** A current access token, renewed first if it is about to expire: for clients other than `client`. */
  async accessToken(options: CallOptions = {}): Promise<string> {
    const deadline = startDeadline(options.timeoutMs ?? this.#timeoutMs, options.signal);
    try {
      return await untilAborted(Promise.resolve().then(() => this.#keeper.bearer()), deadline.signal);
    } catch (error) {
      throw deadline.toError(error);
    } finally {
      deadline.done();
    }
  }

  /** The current token's claims as the server sees them (`GET /jwt`): the authoritative answer. */
  async claims(options: CallOptions = {}): Promise<Claims> {
    const { data, error, response } = await this.client.GET("/jwt", this.#init(options));
    if (!response.ok) throw this.#failure(response, error);
    return parseClaims(data, response.status);
  }

  /**
   * The current token's claims decoded locally, without a request and WITHOUT verification:
   * NetSapiens signs with a server secret. Use for display and expiry, never for access decisions.
   */
  decodeClaims(): Claims | undefined {
    const tokens = this.#keeper.current();
    return tokens === undefined ? undefined : decodeClaims(tokens.token);
  }

  /** When the current token expires (from its `exp` claim), or undefined when there is none. */
  get expiresAt(): Date | undefined {
    const tokens = this.#keeper.current();
    const expiry = tokens === undefined ? undefined : this.#keeper.expiresAt(tokens.token);
    return expiry === undefined ? undefined : new Date(expiry);
  }

  /** Whether a session is held (it may still be expired or revoked server-side). */
  get isAuthenticated(): boolean {
    return this.#keeper.current() !== undefined;
  }

  /** Revokes the current token (`DELETE /jwt`) and clears the store: a logout. */
  async revoke(options: CallOptions = {}): Promise<void> {
    // The 202 body is not used: a proxy's HTML or an empty body must not turn a done revocation into an error.
    const { error, response } = await this.client.DELETE("/jwt", { ...this.#init(options), parseAs: "text" });
    if (!response.ok) throw this.#failure(response, error);
    this.#delegatedAs = undefined;
    this.#keeper.clear();
  }

  /** Revokes one token by its JWT ID. Revoking the session's own token also clears the store. */
  async revokeToken(jti: string, options: CallOptions = {}): Promise<void> {
    const id = requireJwtId(jti);
    await this.#revokeById(id, options);
    if (this.decodeClaims()?.jti === id) this.#keeper.clear();
  }

  /** Revokes every token of a user (`user@domain`). Revoking the session's own user also clears the store. */
  async revokeUser(uid: string, options: CallOptions = {}): Promise<void> {
    const id = requireUid(uid);
    await this.#revokeById(id, options);
    if (this.decodeClaims()?.sub === id) this.#keeper.clear();
  }

  /** Calls `listener` whenever the tokens change (login, refresh, revoke); returns an unsubscribe function. */
  onTokensChange(listener: TokensChangeListener): () => void {
    return this.#keeper.onChange(listener);
  }

  toJSON(): Record<string, unknown> {
    return { baseUrl: this.baseUrl, authenticated: this.isAuthenticated };
  }

  [INSPECT](): string {
    return `NsAuth { baseUrl: '${this.baseUrl}', authenticated: ${this.isAuthenticated} }`;
  }

  async #revokeById(id: string, options: CallOptions): Promise<void> {
    const init = { ...this.#init(options), params: { path: { id } }, parseAs: "text" as const };
    const { error, response } = await this.client.DELETE("/jwt/{id}", init);
    if (!response.ok) throw this.#failure(response, error);
  }

  #init(options: CallOptions): { signal?: AbortSignal } {
    // timeoutMs rides along to the authenticated client, which reads it off the init.
    return { signal: options.signal, timeoutMs: options.timeoutMs } as { signal?: AbortSignal };
  }

  #failure(response: Response, body: unknown) {
    return errorFromResponse(response, body, this.#redact([]), this.#now());
  }

  #redact(extra: ReadonlyArray<string | undefined>) {
    const tokens = this.#keeper.current();
    return redactor([this.#clientSecret, this.#apiKey, tokens?.token, tokens?.refresh, ...extra]);
  }

  #clientCredentials(): { client_id: string; client_secret: string } {
    if (this.#clientId === undefined) throw new ValidationError("clientId is required for the password and MFA grants.", "clientId");
    if (this.#clientSecret === undefined) {
      throw new ValidationError("clientSecret is required for the password and MFA grants.", "clientSecret");
    }
    return { client_id: this.#clientId, client_secret: this.#clientSecret };
  }

  #apiKeyHeader(): Record<string, string> {
    if (this.#apiKey === undefined) throw new ValidationError("apiKey is required for delegation.", "apiKey");
    return { Authorization: `Bearer ${this.#apiKey}` };
  }

  /** `POST /jwt`, sent exactly once, never retried: it carries credentials or a single-use passcode. */
  async #issue(
    body: TokenRequest,
    headers: Record<string, string> | undefined,
    options: CallOptions,
    secrets: ReadonlyArray<string>,
  ): Promise<SessionTokens> {
    const deadline = startDeadline(options.timeoutMs ?? this.#timeoutMs, options.signal);
    try {
      deadline.signal.throwIfAborted();
      const init = headers === undefined ? { body, signal: deadline.signal } : { body, headers, signal: deadline.signal };
      const { data, error, response } = await this.#public.POST("/jwt", init);
      if (!response.ok) throw errorFromResponse(response, error, this.#redact(secrets), this.#now());
      return parseTokenPair(data, response.status);
    } catch (error) {
      throw deadline.toError(error);
    } finally {
      deadline.done();
    }
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
        return await this.#issue({ refresh: expired.refresh }, undefined, {}, []);
      } catch (error) {
        if (!REFUSED.some((type) => error instanceof type)) throw error;
        refused = error;
      }
    }
    if (this.#delegatedAs !== undefined && this.#apiKey !== undefined) {
      return this.#issue(this.#delegatedAs, this.#apiKeyHeader(), {}, []);
    }
    if (this.#reauthenticate !== undefined) {
      const tokens = await this.#reauthenticate();
      const token = requireJwt(tokens?.token, "token");
      return { token, refresh: tokens.refresh === undefined ? undefined : requireJwt(tokens.refresh, "refresh") };
    }
    this.#keeper.clear();
    throw new SessionExpiredError(
      refused === undefined
        ? "The token expired or was refused, and there is no refresh JWT to renew it (servers before NetSapiens 44.3 issue none): log in again, or pass `reauthenticate`."
        : "The server refused the refresh JWT: log in again, or pass `reauthenticate`.",
      { cause: refused },
    );
  }
}
