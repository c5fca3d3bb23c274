import { NsApiError } from "./errors.js";

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
 * Where the facade keeps the session's tokens. The default keeps them in memory; to persist them,
 * either supply your own store or listen to `onTokensChange` on the facade.
 *
 * Methods may return promises (a database, Redis, a KV). A store whose `get` answers synchronously is
 * read on every call, as the memory store is; a store whose `get` returns a promise is read once into
 * the process, and again only near expiry, after a 401 and around a renewal.
 *
 * A store shared by several processes should also implement {@link TokenStoreCoordination}, so that
 * at most one of them spends a given refresh JWT (NetSapiens rotates it: a second use is refused).
 */
export interface TokenStore extends Partial<TokenStoreCoordination> {
  /** The stored pair, or undefined when there is no session. */
  get(): MaybePromise<SessionTokens | undefined>;
  /** Stores a pair unconditionally (a login, `useTokens`). */
  set(tokens: SessionTokens): MaybePromise<void>;
  /** Removes the session (a logout, a refused refresh). */
  clear(): MaybePromise<void>;
}

/**
 * The coordination contract of a store shared between processes. The keeper renews like this:
 *
 * 1. re-read the store; when it holds a pair other than the expired one, another process renewed: use it;
 * 2. `lock(ttlMs)`; when another holder has it, wait (polling the store) until the pair changes or the
 *    lock is free, never longer than the TTL, since a dead holder's lock expires by itself;
 * 3. holding the lock, re-read the store again (step 1), then spend the refresh JWT;
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
 * A token store failed or did not answer in time (a shared store such as Redis is down or slow). Raised
 * only by calls that needed the store: a call whose token is still valid in the process does not ask it.
 */
export class TokenStoreError extends NsApiError {
  override name = "TokenStoreError";
}

/** A TokenStore that answers at once, such as the memory store. */
export interface SyncTokenStore extends TokenStore {
  /** The stored pair, or undefined when there is no session. */
  get(): SessionTokens | undefined;
  /** Stores a pair. */
  set(tokens: SessionTokens): void;
  /** Removes the session. */
  clear(): void;
}

/** An in-memory store. The tokens live in a closure, so logging the store shows none of them. */
export function createMemoryTokenStore(initial?: SessionTokens): SyncTokenStore {
  let current = initial;
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

/** Whether a store implements the whole coordination contract. */
export function isCoordinated(store: TokenStore): store is TokenStore & TokenStoreCoordination {
  return typeof store.lock === "function" && typeof store.replace === "function" && typeof store.remove === "function";
}

/** Whether two pairs are the same pair. */
export function samePair(a: SessionTokens | undefined, b: SessionTokens | undefined): boolean {
  return a?.token === b?.token && a?.refresh === b?.refresh;
}
