import { errorResponse, type MockResponse } from "./exchange.js";
import type { SpecRoute } from "./routing.js";

/** Thrown by the fetch handler to make the HTTP server drop the connection. */
export class DroppedConnection extends TypeError {
  constructor() {
    super("fetch failed: the mock dropped the connection");
    this.name = "DroppedConnection";
  }
}

/** A fault to inject on a route, for testing how a client copes. */
export interface Fault {
  /** Delay the answer by this many ms. */
  latencyMs?: number;
  /** Answer with this status and a `{code, message}` body instead of handling the request. */
  status?: number;
  /** With `status` (429 or 503), send this Retry-After, in seconds. */
  retryAfterSeconds?: number;
  /** Drop the connection without an answer (in-process: the fetch rejects, as on a reset). */
  drop?: boolean;
  /** Answer 200 with a truncated JSON body. */
  malformedJson?: boolean;
  /** Apply to this many requests, then clear itself; forever when omitted. */
  times?: number;
}

/** Route keys: "POST /jwt", "GET /jwt", "DELETE /jwt", "DELETE /jwt/{id}" (one per operation of the spec), or "*" for every route. */
export type RouteKey = SpecRoute | "*";

export class FaultRegistry {
  readonly #faults = new Map<RouteKey, Fault & { left: number }>();

  set(route: RouteKey, fault: Fault): void {
    this.#faults.set(route, { ...fault, left: fault.times ?? Infinity });
  }

  clear(route?: RouteKey): void {
    if (route === undefined) this.#faults.clear();
    else this.#faults.delete(route);
  }

  /** The fault for a request on `route`, counting it down. */
  take(route: RouteKey): Fault | undefined {
    if (this.#faults.size === 0) return undefined;
    for (const key of [route, "*"] as const) {
      const fault = this.#faults.get(key);
      if (fault === undefined) continue;
      fault.left -= 1;
      if (fault.left <= 0) this.#faults.delete(key);
      return fault;
    }
    return undefined;
  }
}

/** Waits `ms`, or rejects with the signal's reason when it aborts first. */
export function delay(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      "abort",
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });
}

/**
 * What a fault makes of a request, after its delay: the answer it puts in the route's place, undefined
 * when the route answers after all, or a DroppedConnection thrown.
 */
export async function faulted(fault: Fault, signal: AbortSignal | undefined): Promise<MockResponse | undefined> {
  if (fault.latencyMs) await delay(fault.latencyMs, signal);
  if (fault.drop) throw new DroppedConnection();
  if (fault.status !== undefined) {
    const headers: Record<string, string> = { "X-Mock-Fault": "status" };
    if (fault.retryAfterSeconds !== undefined) headers["Retry-After"] = String(fault.retryAfterSeconds);
    return errorResponse(fault.status, "Injected fault", headers);
  }
  if (fault.malformedJson) return { status: 200, headers: { "Content-Type": "application/json", "X-Mock-Fault": "malformed" }, body: '{"token":"eyJhbGciOi' };
  return undefined;
}
