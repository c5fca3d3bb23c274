import { requireTokens } from "./validate.js";

/** The tokens of one session. `refresh` is present when the server issued one (NetSapiens 44.3+). */
export interface SessionTokens {
  /** The access JWT, sent as the bearer token. */
  readonly token: string;
  /** The refresh JWT, spent (rotated) by each refresh. */
  readonly refresh?: string | undefined;
}

/** A value, or a promise of it: stores kept in memory answer at once, shared stores over the network. */
export type MaybePromise<T> = T | Promise<T>;

/**
 * Where the facade keeps the session's tokens: the one way to persist a session. The default keeps them
 * in memory; pass your own store (a file, `localStorage`, a database) to keep them elsewhere.
 *
 * `get` answers from the process (it is on every call's path); `set` and `clear` may return promises, and
 * a call that changes the session (login, refresh, logout) resolves only once they did. A store kept
 * outside the process and shared with others (Redis, a KV) is wrapped with `sharedTokenStore(backend)`,
 * which keeps a copy in the process and coordinates renewals between processes.
 */
export interface TokenStore {
  /** The stored pair, or undefined when there is no session. */
  get(): SessionTokens | undefined;
  /** Stores a pair (a login, a renewal). */
  set(tokens: SessionTokens): MaybePromise<void>;
  /** Removes the session (a logout, a refused refresh). */
  clear(): MaybePromise<void>;
}

/** When a pair counts as fresh: not within the renewal lead time of its expiry. */
export type IsFresh = (tokens: SessionTokens) => boolean;

/**
 * What `sharedTokenStore` adds to a TokenStore for the keeper, under a symbol so it stays off the public
 * type: reading the backend into the process, and renewing in coordination with other processes.
 */
export interface StoreCoordination {
  /** Reads the backend into the process; resolves to what it found. */
  load(): Promise<SessionTokens | undefined>;
  /**
   * Renews `expired` through `renew`, coordinated with the other processes; a pair another process stored
   * is used while `clock.fresh` says so.
   */
  renew(expired: SessionTokens, renew: (expired: SessionTokens) => Promise<SessionTokens>, clock: { fresh: IsFresh; now(): number }): Promise<SessionTokens>;
}

/** The key of a store's {@link StoreCoordination}. `Symbol.for`: the same key in every copy of the package. */
export const COORDINATION: unique symbol = Symbol.for("ns-api-jwt.store-coordination");

/** A TokenStore with coordination hooks (made by `sharedTokenStore`). */
export type CoordinatedStore = TokenStore & { readonly [COORDINATION]?: StoreCoordination };

/** Where a shared store really keeps the tokens (wrapped by `sharedTokenStore`): any method may return a promise. */
export interface TokenStoreBackend {
  /** The stored pair, or undefined when there is no session. */
  get(): MaybePromise<SessionTokens | undefined>;
  /** Stores a pair unconditionally (a login). */
  set(tokens: SessionTokens): MaybePromise<void>;
  /** Removes the session (a logout). */
  clear(): MaybePromise<void>;
  /** With the rest of {@link TokenStoreCoordination}: the lock's TTL, in ms. */
  readonly lockTtlMs?: number | undefined;
  /** {@link TokenStoreCoordination.lock}: a backend shared between processes implements all three. */
  lock?(ttlMs: number): Promise<TokenStoreLock | undefined>;
  /** {@link TokenStoreCoordination.replace}: compare-and-set on the stored pair. */
  replace?(expected: SessionTokens, next: SessionTokens): Promise<boolean>;
  /** {@link TokenStoreCoordination.remove}: removes the session only while the backend still holds `expected`. */
  remove?(expected: SessionTokens): Promise<boolean>;
}

/**
 * The coordination contract of a backend shared between processes. `sharedTokenStore` renews like this:
 *
 * 1. `lock(ttlMs)`; when another holder has it, wait, reading the backend, until the pair there changes
 *    (another process renewed: use its pair) or the lock is free; a dead holder's lock expires by itself;
 * 2. holding the lock, read the backend again: when it holds a pair other than the expired one, another
 *    process renewed meanwhile: use it; otherwise spend the refresh JWT;
 * 4. `replace(expected, renewed)`: written only if the store still holds `expected` (the pair whose
 *    refresh JWT was spent), so a holder whose lock expired cannot overwrite a newer pair;
 * 5. release the lock with its own handle (a holder never frees a lock that has passed to another).
 *
 * A refused refresh re-reads the store before the session is declared dead, and a dead session is
 * removed only with `remove(expected)`, so a process that lost the race cannot end everyone's session.
 */
export interface TokenStoreCoordination {
  /** How long a renewal lock lives if its holder dies, in ms; the keeper's default (10 000) otherwise. Keep it above a refresh request's timeout. */
  readonly lockTtlMs?: number | undefined;
  /**
   * Tries once to take the renewal lock for `ttlMs`. Resolves to a handle, or undefined when another
   * holder has it. The lock must expire by itself after `ttlMs` (a holder may die).
   */
  lock(ttlMs: number): Promise<TokenStoreLock | undefined>;
  /** Atomically writes `next` if the stored pair is still `expected` (compared by both JWTs). Resolves to whether it wrote. */
  replace(expected: SessionTokens, next: SessionTokens): Promise<boolean>;
  /** Atomically removes the session if the stored pair is still `expected`. Resolves to whether it removed. */
  remove(expected: SessionTokens): Promise<boolean>;
}

/** A held renewal lock. */
export interface TokenStoreLock {
  /** Frees the lock if this holder still has it (checked by the holder's own random token). */
  release(): Promise<void>;
}

/**
 * An in-memory store, holding `initial` to resume a session kept elsewhere: a pair that is not two JWTs is
 * refused here (ValidationError, field `token` or `refresh`), before it could reach a header. The tokens
 * live in a closure, so logging the store shows none of them.
 */
export function createMemoryTokenStore(initial?: SessionTokens): TokenStore {
  let current = initial === undefined ? undefined : requireTokens(initial);
  return {
    get: () => current,
    set: (tokens) => {
      current = tokens;
    },
    clear: () => {
      current = undefined;
    },
  };
}

