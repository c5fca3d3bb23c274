import type { FetchFn } from "./retry.js";
import type { TokenKeeper } from "./token-keeper.js";

/** What the optional typed client needs from an NsAuth; kept off its public surface. */
export interface AuthInternals {
  baseUrl: string;
  headers: Record<string, string>;
  transport: FetchFn;
  keeper: TokenKeeper;
  timeoutMs: number;
}

export const internals = new WeakMap<object, AuthInternals>();
