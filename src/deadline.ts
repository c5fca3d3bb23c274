import { AbortedError, NetworkError, NsApiError, TimeoutError } from "./errors.js";

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
  /** Turns anything the call threw into an NsApiError, telling timeouts and aborts from network failures. */
  toError(error: unknown): NsApiError;
  /** Stops the timer and detaches from the caller's signal. */
  done(): void;
}

// What the transport did not already make an NsApiError (see transport/network-error.ts) is a failure of the
// runtime around the request; its own error stays as `cause`.
const asError = (error: unknown) =>
  error instanceof NsApiError
    ? error
    : (error as Error)?.name === "AbortError" // a signal of the caller's own Request
      ? new AbortedError("Aborted by the signal.", { cause: error })
      : new NetworkError("No response (network failure).", { cause: error });
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
    toError(error) {
      const reason: unknown = controller.signal.aborted ? controller.signal.reason : undefined;
      return reason instanceof NsApiError ? reason : asError(error);
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

/**
 * Runs `work` under one call's deadline (its timeout and the caller's signal), turning whatever it throws
 * into an NsApiError: the one way every call of the facade and of `auth.fetch` is bounded.
 */
export async function withDeadline<T>(timeoutMs: number | undefined, outer: AbortSignal | undefined, work: (signal: AbortSignal | undefined) => Promise<T>): Promise<T> {
  const deadline = startDeadline(timeoutMs, outer);
  try {
    deadline.signal?.throwIfAborted();
    return await work(deadline.signal);
  } catch (error) {
    throw deadline.toError(error);
  } finally {
    deadline.done();
  }
}
