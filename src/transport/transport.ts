import { withRetry, type FetchFn, type RetryPolicy } from "./retry.js";

export interface TransportOptions {
  fetch: FetchFn | undefined;
  retry: RetryPolicy | false | undefined;
}

/**
 * The way down to the network that every request of a session takes: the user's fetch (or the global one,
 * looked up per request, so a fetch installed after construction — a polyfill, a test spy — is used), in
 * retries. What it throws becomes a typed error at the call's deadline (deadline.ts).
 */
export function createTransport(options: TransportOptions): FetchFn {
  const base: FetchFn = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  return options.retry === false ? base : withRetry(base, options.retry);
}
