import { untilAborted } from "./deadline.js";
import { claimTimesOf } from "./decode-claims.js";
import { SessionExpiredError } from "./errors.js";
import { COORDINATION, type CoordinatedStore, type SessionTokens, type TokenStore } from "./token-store.js";

const NO_SESSION = "No session: log in first.";
/** The renewal lead time is at most this share of a token's lifetime, so a short-lived token is still used. */
const MAX_LEAD_SHARE = 0.25;

/** Called with the new pair whenever the session's tokens change, and with undefined when it ends. */
export type TokensChangeListener = (tokens: SessionTokens | undefined) => void;

export interface TokenKeeperOptions {
  store: TokenStore;
  /** The clock, in epoch milliseconds. */
  now: () => number;
  /** Renew this long before `exp` (at most a quarter of the token's lifetime), to absorb clock differences and time in flight. */
  skewMs: number;
  /** Obtains a new session for the one that expired or was refused. */
  renew: (expired: SessionTokens) => Promise<SessionTokens>;
}

/**
 * Hands out a valid access token, renewing it shortly before it expires or after the server refused
 * it. However many callers ask at once, one renewal is in flight and they all share its result.
 */
export class TokenKeeper {
  readonly #options: TokenKeeperOptions;
  readonly #store: CoordinatedStore;
  readonly #listeners = new Set<TokensChangeListener>();
  #inFlight: Promise<SessionTokens> | undefined;
  // Decoding the claims costs more than the rest of the fast path, so the last answer is kept.
  #timesToken: string | undefined;
  #expiry: number | undefined;
  #renewAt = 0;

  constructor(options: TokenKeeperOptions) {
    this.#options = options;
    this.#store = options.store;
  }

  current(): SessionTokens | undefined {
    return this.#store.get();
  }

  expiresAt(token: string): number | undefined {
    this.#readTimes(token);
    return this.#expiry;
  }

  /** Whether `tokens` can be used without renewing first. */
  readonly isFresh = (tokens: SessionTokens): boolean => {
    this.#readTimes(tokens.token);
    return this.#expiry === undefined || this.#renewAt > this.#options.now();
  };

  /** A token that is not about to expire: the stored one, or a renewed one. */
  bearer(): Promise<string> | string {
    const tokens = this.current();
    if (tokens === undefined) return this.#tokens().then(() => this.bearer());
    if (this.isFresh(tokens)) return tokens.token;
    return this.#renew(tokens).then((renewed) => renewed.token);
  }

  /**
   * After the server refused `rejected`: a renewed token, renewing only if `rejected` is still the
   * current one, in the one renewal shared by every concurrent caller. Used by `withSessionToken` only.
   */
  async renewAfterRejection(rejected: string, signal?: AbortSignal): Promise<string> {
    const tokens = this.current();
    if (tokens === undefined) throw new SessionExpiredError(NO_SESSION);
    if (tokens.token !== rejected) return tokens.token;
    return (await untilAborted(this.#renew(tokens), signal)).token;
  }

  /** Renews now, whatever the expiry (an explicit `refresh()`). */
  renewNow(): Promise<SessionTokens> {
    return this.#tokens().then((tokens) => this.#renew(tokens));
  }

  /** The tokens; a shared store is read into the process by the first call that needs it. */
  async #tokens(): Promise<SessionTokens> {
    const tokens = this.current() ?? (await this.#store[COORDINATION]?.load());
    if (tokens === undefined) throw new SessionExpiredError(NO_SESSION);
    return tokens;
  }

  /** Stores a new session; resolves once the store holds it. Listeners hear of it only then. */
  async set(tokens: SessionTokens): Promise<void> {
    await this.#store.set(tokens);
    this.#emit(tokens);
  }

  /** Ends the session here and in the store. Listeners hear of it even when the store fails. */
  async clear(): Promise<void> {
    try {
      await this.#store.clear();
    } finally {
      this.#emit(undefined);
    }
  }

  onChange(listener: TokensChangeListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #readTimes(token: string): void {
    if (token === this.#timesToken) return;
    this.#timesToken = token;
    const { exp, iat } = claimTimesOf(token);
    this.#expiry = exp;
    if (exp === undefined) return;
    // Without `iat`, the lifetime is counted from when this process first saw the token.
    const lifetime = exp - (iat ?? this.#options.now());
    this.#renewAt = exp - Math.min(this.#options.skewMs, Math.max(0, lifetime) * MAX_LEAD_SHARE);
  }

  #renew(expired: SessionTokens): Promise<SessionTokens> {
    const { renew } = this.#options;
    // A shared store takes the renewal over, to coordinate it with other processes (see sharedTokenStore).
    const coordination = this.#store[COORDINATION];
    this.#inFlight ??= (coordination ? coordination.renew(expired, renew, { fresh: this.isFresh, now: this.#options.now }) : renew(expired))
      .then(async (renewed) => {
        await this.set(renewed);
        return renewed;
      })
      .finally(() => {
        this.#inFlight = undefined;
      });
    return this.#inFlight;
  }

  #emit(tokens: SessionTokens | undefined): void {
    for (const listener of this.#listeners) listener(tokens);
  }
}
