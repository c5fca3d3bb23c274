import type { TokenKeeper } from "../token-keeper.js";
import type { FetchFn } from "../transport/retry.js";

/** Whether `url` is on the session's `origin`: the one rule for which requests carry the bearer token. */
export function onSessionOrigin(origin: string, url: string): boolean {
  if (!url.startsWith(origin)) return false;
  // The character after the origin, compared without building `${origin}/` per request.
  const next = url.charCodeAt(origin.length);
  return Number.isNaN(next) || next === 47 /* / */ || next === 63 /* ? */;
}

/** What the session layer needs from an NsAuth: one per NsAuth, shared by its facade, fetch and clients. */
export interface SessionContext {
  /** The base URL, without a trailing slash. */
  baseUrl: string;
  /** Its origin: only requests to it carry the bearer. */
  origin: string;
  /** Headers every request to the API carries (User-Agent outside browsers, X-NetSapiens-Log). */
  headers: Record<string, string>;
  /** The transport (network errors, retries); no size limit: a CDR export or a long listing is megabytes. */
  transport: FetchFn;
  keeper: TokenKeeper;
  timeoutMs: number;
}
