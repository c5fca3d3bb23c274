import { untilAborted } from "./deadline.js";
import { expiryOf } from "./decode-claims.js";
import { SessionExpiredError } from "./errors.js";
import { isCoordinated, samePair, TokenStoreError, type SessionTokens, type TokenStore, type TokenStoreCoordination } from "./token-store.js";

const NO_SESSION = "No session: log in first.";
const DONE = Promise.resolve();

/** Called with the new pair whenever the session's tokens change, and with undefined when it ends. */
export type TokensChangeListener = (tokens: SessionTokens | undefined) => void;

export interface TokenKeeperOptions {
  store: TokenStore;
  /** The clock, in epoch milliseconds. */
  now: () => number;
  /** Renew this long before `exp`, to absorb clock differences and time in flight. */
  skewMs: number;
  /** Obtains a new session for the one that expired or was refused. */
  renew: (expired: SessionTokens) => Promise<SessionTokens>;
  /** With a coordinated store: how long the renewal lock lives if its holder dies. Default 10 000 ms. */
  lockTtlMs?: number | undefined;
  /** With a coordinated store: the first wait before looking again at a lock another process holds (it doubles). Default 50 ms. */
  lockPollMs?: number | undefined;
}

const isThenable = <T>(value: T | Promise<T>): value is Promise<T> => typeof (value as { then?: unknown } | undefined)?.then === "function";

/**
 * Hands out a valid access token, renewing it shortly before it expires or after the server refused
 * it. However many callers ask at once, one renewal is in flight and they all share its result. With a
 * store that coordinates (see TokenStoreCoordination), one renewal is in flight across processes too.
 */
export class TokenKeeper {
  readonly #options: TokenKeeperOptions;
  readonly #listeners = new Set<TokensChangeListener>();
  #inFlight: Promise<SessionTokens> | undefined;
  // Decoding `exp` costs more than the rest of the fast path, so the last answer is kept.
  #expiryToken: string | undefined;
  #expiry: number | undefined;
  // A store whose `get` returns a promise is read into `#local` and then served from it.
  #async = false;
  #local: SessionTokens | undefined;
  #loading: Promise<SessionTokens | undefined> | undefined;

  constructor(options: TokenKeeperOptions) {
    this.#options = options;
  }

  /** The in-process copy of the tokens (synchronous; an async store is loaded by the first call). */
  current(): SessionTokens | undefined {
    if (this.#async) return this.#local;
    const stored = this.#options.store.get();
    if (!isThenable(stored)) return stored;
    this.#async = true;
    this.#loading = this.#absorb(stored);
    return undefined;
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
    if (tokens === undefined) {
      if (!this.#async) throw new SessionExpiredError(NO_SESSION);
      return this.#load().then((loaded) => (loaded === undefined ? Promise.reject(new SessionExpiredError(NO_SESSION)) : this.#bearerOf(loaded)));
    }
    return this.#bearerOf(tokens);
  }

  #bearerOf(tokens: SessionTokens): Promise<string> | string {
    if (!this.#due(tokens)) return tokens.token;
    return this.#renew(tokens).then((renewed) => renewed.token);
  }

  /** After the server refused `rejected`: use what the store holds now, unless it is still `rejected`. */
  async #renewAfterRejection(rejected: string): Promise<string> {
    const tokens = this.#async ? await this.#load() : this.current();
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
  async renewNow(): Promise<SessionTokens> {
    const tokens = this.current() ?? (this.#async ? await this.#load() : undefined);
    if (tokens === undefined) throw new SessionExpiredError(NO_SESSION);
    return this.#renew(tokens, true);
  }

  /** Stores a new session (a login): written through to the store, then announced. */
  set(tokens: SessionTokens): Promise<void> {
    this.#local = tokens;
    const written = this.#options.store.set(tokens);
    if (isThenable(written)) {
      this.#async = true; // a store that writes over the network is read into the process copy too
      return written.then(() => this.#emit(tokens));
    }
    this.#emit(tokens);
    return DONE;
  }

  /** Ends the session here and in the store (a logout). */
  clear(): Promise<void> {
    this.#local = undefined;
    const cleared = this.#options.store.clear();
    if (isThenable(cleared)) {
      this.#async = true;
      return cleared.then(() => this.#emit(undefined));
    }
    this.#emit(undefined);
    return DONE;
  }

  onChange(listener: TokensChangeListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #due(tokens: SessionTokens): boolean {
    const expiry = this.expiresAt(tokens.token);
    return expiry !== undefined && expiry - this.#options.skewMs <= this.#options.now();
  }

  /** Reads the store into the in-process copy (one read in flight at a time). */
  #load(): Promise<SessionTokens | undefined> {
    this.#loading ??= this.#absorb(this.#options.store.get());
    return this.#loading;
  }

  async #absorb(read: SessionTokens | undefined | Promise<SessionTokens | undefined>): Promise<SessionTokens | undefined> {
    try {
      const stored = await read;
      if (this.#async && !samePair(stored, this.#local)) {
        this.#local = stored;
        this.#emit(stored);
      }
      return stored;
    } finally {
      this.#loading = undefined;
    }
  }

  /** The store's pair now: read again for a store shared with others, the copy for one in memory. */
  #reread(): Promise<SessionTokens | undefined> | SessionTokens | undefined {
    return this.#async ? this.#load() : this.#options.store.get();
  }

  #renew(expired: SessionTokens, force = false): Promise<SessionTokens> {
    const store = this.#options.store;
    this.#inFlight ??= (isCoordinated(store) ? this.#renewCoordinated(store, expired, force) : this.#renewAlone(expired)).finally(() => {
      this.#inFlight = undefined;
    });
    return this.#inFlight;
  }

  /** A store of this process alone (or shared without coordination): spend, store, announce. */
  async #renewAlone(expired: SessionTokens): Promise<SessionTokens> {
    if (this.#async) {
      const stored = await this.#load();
      if (stored !== undefined && !samePair(stored, expired) && !this.#due(stored)) return stored;
    }
    const renewed = await this.#spend(expired, () => this.clear());
    await this.set(renewed);
    return renewed;
  }

  /**
   * The coordination contract (see TokenStoreCoordination): re-read, lock, re-read, spend, compare-and-set,
   * release. A holder that died leaves a lock that expires after its TTL, so waiting is bounded by it.
   */
  async #renewCoordinated(store: TokenStore & TokenStoreCoordination, expired: SessionTokens, force: boolean): Promise<SessionTokens> {
    const ttl = store.lockTtlMs ?? this.#options.lockTtlMs ?? 10_000;
    const poll = this.#options.lockPollMs ?? 50;
    // Bounded by time slept, not by the injected clock: the lock's TTL runs on Redis' own clock.
    let waited = 0;
    let wait = poll;
    for (;;) {
      // Lock first: in a fleet whose clocks agree, every process reaches the expiry at once, and the
      // holder re-reads the store after taking the lock anyway (one command fewer per process than reading first).
      const lock = await store.lock(ttl);
      if (lock !== undefined) {
        try {
          return await this.#renewLocked(store, expired, force);
        } finally {
          // A failed release is harmless: the lock expires after its TTL.
          await lock.release().catch(() => undefined);
        }
      }
      if (waited >= 2 * ttl) throw new TokenStoreError(`The renewal lock stayed taken for ${2 * ttl} ms.`);
      await new Promise((resolve) => setTimeout(resolve, wait));
      waited += wait;
      wait = Math.min(wait * 2, 8 * poll);
      const stored = await this.#load();
      if (stored === undefined) throw new SessionExpiredError(NO_SESSION);
      if (!samePair(stored, expired)) {
        if (!this.#due(stored)) return stored; // another process renewed: use its pair
        expired = stored;
      }
    }
  }

  async #renewLocked(store: TokenStore & TokenStoreCoordination, expired: SessionTokens, force: boolean): Promise<SessionTokens> {
    const current = await this.#load(); // re-read after taking the lock: another holder may have renewed
    if (current === undefined) throw new SessionExpiredError(NO_SESSION);
    if (!samePair(current, expired) && !(force || this.#due(current))) return current;
    const renewed = await this.#spend(current, async () => {
      await store.remove(current);
      await this.#load();
    });
    if (await store.replace(current, renewed)) {
      this.#local = renewed;
      this.#emit(renewed);
      return renewed;
    }
    // Our lock outlived its TTL and a newer pair (or a logout) is in the store: the store wins.
    const now = await this.#load();
    if (now === undefined) throw new SessionExpiredError(NO_SESSION);
    return now;
  }

  /**
   * Spends `expired` through the renew callback. When the session is refused, the store is read again
   * before it is declared dead: another process may have renewed in the meantime.
   */
  async #spend(expired: SessionTokens, end: () => Promise<unknown>): Promise<SessionTokens> {
    try {
      return await this.#options.renew(expired);
    } catch (error) {
      if (!(error instanceof SessionExpiredError)) throw error;
      const stored = await this.#reread();
      if (stored !== undefined && !samePair(stored, expired)) return stored;
      await end();
      throw error;
    }
  }

  #emit(tokens: SessionTokens | undefined): void {
    for (const listener of this.#listeners) listener(tokens);
  }
}
