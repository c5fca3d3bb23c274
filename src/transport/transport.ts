import { withNetworkErrors } from "./network-error.js";
import { withResponseLimit } from "./response-limit.js";
import { withRetry, type FetchFn, type RetryPolicy } from "./retry.js";

/** The two ways down to the network that a session sends through. */
export interface Transport {
  /**
   * For the JWT calls the facade makes itself: a response announcing more than the size limit is refused
   * unread (a token or a claims object is a few kB; a bigger answer is a misrouted request or an attack).
   */
  jwt: FetchFn;
  /**
   * For everything else (`auth.fetch`, the typed clients): no size limit, since a CDR export or a long
   * listing is megabytes and the caller decides how to read it (stream, or `json()`).
   */
  api: FetchFn;
}

export interface TransportOptions {
  fetch: FetchFn | undefined;
  maxResponseBytes: number;
  retry: RetryPolicy | false | undefined;
}

/** The user's fetch (or the global one, looked up per request), wrapped in retries; the JWT side also in the size limit. */
export function createTransport(options: TransportOptions): Transport {
  const userFetch = options.fetch;
  // Looked up per request, so a fetch installed after construction (a polyfill, a test spy) is used.
  const base: FetchFn = withNetworkErrors(userFetch ?? ((input, init) => globalThis.fetch(input, init)));
  const retrying = (fetch: FetchFn) => (options.retry === false ? fetch : withRetry(fetch, options.retry));
  return { jwt: retrying(withResponseLimit(base, options.maxResponseBytes)), api: retrying(base) };
}
