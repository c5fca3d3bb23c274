import { sleep } from "../deadline.js";
import { requireNonNegative } from "../validate.js";
import { parseRetryAfter } from "./error-from-response.js";

/** A fetch: the global one or anything that takes the same arguments. */
export type FetchFn = (input: Request | string, init?: RequestInit) => Promise<Response>;

/** When idempotent calls (GET, DELETE) are retried: on network errors, 429 and 502/503/504. `POST /jwt` never is. */
export interface RetryPolicy {
  /** Retries after the first attempt; 0 turns retrying off. Default 2. */
  retries?: number | undefined;
  /** The first backoff step in ms; each retry doubles it, with full jitter. Default 200. */
  baseDelayMs?: number | undefined;
  /** The longest wait between attempts, Retry-After included: a longer Retry-After is not waited for. Default 10 000. */
  maxDelayMs?: number | undefined;
}

const IDEMPOTENT = new Set(["GET", "HEAD", "OPTIONS", "DELETE"]);
const RETRY_STATUS = new Set([429, 502, 503, 504]);

/**
 * Wraps a fetch so that idempotent, bodiless requests are retried on network errors, 429 and
 * 502/503/504, with jittered exponential backoff that honours Retry-After. Anything else (every
 * `POST /jwt`, which carries credentials or a single-use passcode) is sent exactly once.
 */
export function withRetry(fetch: FetchFn, policy: RetryPolicy = {}, random: () => number = Math.random): FetchFn {
  const given = (name: keyof RetryPolicy, fallback: number) => (policy[name] === undefined ? fallback : requireNonNegative(policy[name], `retry.${name}`, name === "retries"));
  const retries = given("retries", 2);
  const baseDelayMs = given("baseDelayMs", 200);
  const maxDelayMs = given("maxDelayMs", 10_000);
  if (retries <= 0) return fetch;

  const backoff = (attempt: number) => random() * Math.min(maxDelayMs, baseDelayMs * 2 ** attempt);

  return async function retryingFetch(input, init) {
    const request = typeof input === "string" ? undefined : input;
    const method = init?.method ?? request?.method ?? "GET";
    const signal = init?.signal ?? request?.signal;
    if (!IDEMPOTENT.has(method.toUpperCase()) || (init?.body ?? request?.body ?? null) !== null) return fetch(input, init);
    for (let attempt = 0; ; attempt++) {
      let delay: number;
      try {
        const response = await fetch(input, init);
        if (!RETRY_STATUS.has(response.status) || attempt >= retries) return response;
        const retryAfter = parseRetryAfter(response.headers.get("Retry-After"), Date.now());
        if (retryAfter !== undefined && retryAfter > maxDelayMs) return response;
        delay = retryAfter ?? backoff(attempt);
        await response.body?.cancel().catch(() => undefined);
      } catch (error) {
        if (signal?.aborted || attempt >= retries) throw error;
        delay = backoff(attempt);
      }
      await sleep(delay, signal);
    }
  };
}
