import { untilAborted } from "./deadline.js";
import { expiryOf } from "./decode-claims.js";
import { SessionExpiredError } from "./errors.js";
import type { SessionTokens, TokenStore } from "./token-store.js";

const NO_SESSION = "No session: log in first.";

/** Called with the new tokens after every login, refresh and delegation, and with `undefined` when the session ends. */
export type TokensChangeListener = (tokens: SessionTokens | undefined) => void;

export interface TokenKeeperOptions {
  store: TokenStore;
  /** The clock, in epoch milliseconds. */
  now: () => number;
  /** Renew this long before `exp`, to absorb clock differences and time in flight. */
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
  readonly #listeners = new Set<TokensChangeListener>();
  #inFlight: Promise<SessionTokens> | undefined;
  // Decoding `exp` costs more than the rest of the fast path, so the last answer is kept.
  #expiryToken: string | undefined;
  #expiry: number | undefined;

  constructor(options: TokenKeeperOptions) {
    this.#options = options;
  }

  current(): SessionTokens | undefined {
    return this.#options.store.get();
  }

  expiresAt(token: string): number | undefined {
    if (token !== this.#expiryToken) {
      this.#expiryToken = token;
      this.#expiry = expiryOf(token);
    }
    return this.#expiry;
  }

  /** A token that is not about to expire: the stored one, or a renewed one. */
  bearer(): Promise<string> | string {
    const tokens = this.current();
    if (tokens === undefined) throw new SessionExpiredError(NO_SESSION);
    const expiry = this.expiresAt(tokens.token);
    if (expiry === undefined || expiry - this.#options.skewMs > this.#options.now()) return tokens.token;
    return this.#renew(tokens).then((renewed) => renewed.token);
  }

  /** After the server refused `rejected`: renew, unless another caller already did. */
  async #renewAfterRejection(rejected: string): Promise<string> {
    const tokens = this.current();
    if (tokens === undefined) throw new SessionExpiredError(NO_SESSION);
    if (tokens.token !== rejected) return tokens.token;
    return (await this.#renew(tokens)).token;
  }

  /**
   * Runs `attempt` with a current token; when the server answers 401, renews once (shared with any
   * concurrent caller) and runs it again. The attempt builds its request anew each time, so nothing is
   * cloned or kept for a replay on the success path.
   */
  async withToken<T extends { response: Response }>(attempt: (token: string) => Promise<T>, signal: AbortSignal | undefined): Promise<T> {
    const bearer = this.bearer();
    const token = typeof bearer === "string" ? bearer : await untilAborted(bearer, signal);
    const first = await attempt(token);
    if (first.response.status !== 401) return first;
    return attempt(await untilAborted(this.#renewAfterRejection(token), signal));
  }

  /** Renews now, whatever the expiry (an explicit `refresh()`). */
  renewNow(): Promise<SessionTokens> {
    const tokens = this.current();
    if (tokens === undefined) return Promise.reject(new SessionExpiredError(NO_SESSION));
    return this.#renew(tokens);
  }

  set(tokens: SessionTokens): void {
    this.#options.store.set(tokens);
    this.#emit(tokens);
  }

  clear(): void {
    this.#options.store.clear();
    this.#emit(undefined);
  }

  onChange(listener: TokensChangeListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #renew(expired: SessionTokens): Promise<SessionTokens> {
    this.#inFlight ??= this.#options
      .renew(expired)
      .then((renewed) => {
        this.set(renewed);
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
