/** The tokens of one session. `refresh` is present when the server issued one (NetSapiens 44.3+). */
export interface SessionTokens {
  readonly token: string;
  readonly refresh?: string | undefined;
}

/**
 * Where the facade keeps the session's tokens. The default keeps them in memory; to persist them,
 * either supply your own store or listen to `onTokensChange` on the facade.
 */
export interface TokenStore {
  /** The stored tokens, or `undefined` when there is no session. */
  get(): SessionTokens | undefined;
  /** Replaces the stored tokens (after a login, a refresh or a delegation). */
  set(tokens: SessionTokens): void;
  /** Forgets the tokens (after a logout, or when the session cannot be renewed). */
  clear(): void;
}

/** An in-memory store. The tokens live in a closure, so logging the store shows none of them. */
export function createMemoryTokenStore(initial?: SessionTokens): TokenStore {
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
