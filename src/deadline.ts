import { AbortedError, NsApiError, TimeoutError } from "./errors.js";
import { networkError } from "./transport/network-error.js";

/** Per-call options accepted by every facade method. */
export interface CallOptions {
  /** Abort the whole call (retries and any token refresh it waits for included) after this many ms. */
  timeoutMs?: number | undefined;
  /** Abort the call from outside. */
  signal?: AbortSignal | undefined;
}

/**
 * One call's abort signal, combining its own timer with the caller's signal. Undefined when there is
 * neither: a signal on a Request is not free in every fetch (undici follows it with listeners and a
 * finalizer), so a call with no timeout and no signal carries none.
 */
export interface Deadline {
  readonly signal: AbortSignal | undefined;
  /**
   * Turns anything the call to `target` (its URL) threw into an NsApiError, telling timeouts and aborts
   * from network failures.
   */
  toError(error: unknown, target: string): NsApiError;
  /** Stops the timer and detaches from the caller's signal. */
  done(): void;
}

// What is not an NsApiError already is the runtime's failure to get a response; its own error stays as `cause`.
const asError = (error: unknown, target: string) =>
  error instanceof NsApiError
    ? error
    : (error as Error)?.name === "AbortError" // a signal of the caller's own Request
      ? new AbortedError("Aborted by the signal.", { cause: error })
      : networkError(error, target);
const UNBOUNDED: Deadline = { signal: undefined, toError: asError, done() {} };

export function startDeadline(timeoutMs: number | undefined, outer: AbortSignal | undefined): Deadline {
  const unbounded = timeoutMs === undefined || timeoutMs === Infinity;
  if (unbounded && outer === undefined) return UNBOUNDED;
  const controller = new AbortController();
  const timer = unbounded
    ? undefined
    : setTimeout(() => controller.abort(new TimeoutError(`Timed out after ${timeoutMs} ms.`)), timeoutMs);
  const onAbort = () => controller.abort(new AbortedError("Aborted by the signal.", { cause: outer?.reason }));
  if (outer?.aborted) onAbort();
  else outer?.addEventListener("abort", onAbort, { once: true });
  return {
    signal: controller.signal,
    toError(error, target) {
      const reason: unknown = controller.signal.aborted ? controller.signal.reason : undefined;
      return reason instanceof NsApiError ? reason : asError(error, target);
    },
    done() {
      if (timer !== undefined) clearTimeout(timer);
      outer?.removeEventListener("abort", onAbort);
    },
  };
}

/** Waits for `promise`, but rejects with the signal's reason as soon as `signal` aborts. */
export function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | null | undefined): Promise<T> {
  if (!signal) return promise;
  let onAbort = () => {};
  const aborted = new Promise<never>((_resolve, reject) => {
    onAbort = () => reject(signal.reason);
    if (signal.aborted) onAbort();
    else signal.addEventListener("abort", onAbort, { once: true });
  });
  return Promise.race([promise, aborted]).finally(() => signal.removeEventListener("abort", onAbort));
}

/** Resolves after `ms`, or rejects with the signal's reason when it aborts first. */
export function sleep(ms: number, signal: AbortSignal | null | undefined): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const elapsed = new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)));
  return untilAborted(elapsed, signal).finally(() => clearTimeout(timer));
}

