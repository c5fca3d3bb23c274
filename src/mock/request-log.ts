// What the mock remembers of the requests it answered: the log tests read, counts per route, and the
// listeners `--log` prints from. An entry is added once its request is answered, so its status is final.
import type { RouteKey } from "./faults.js";
import type { CustomRouteKey } from "./routes.js";
import type { Schema } from "./routing.js";

/** The grant a `POST /jwt` asked for, as the log names it. */
export type GrantKind = "password" | "mfa" | "refresh" | "delegation";

/**
 * One request the mock answered, logged once answered (so `status` is final): no bodies or headers, so
 * no secrets.
 */
export interface MockRequestRecord {
  method: string;
  path: string;
  /** The spec route or custom route it matched; `preflight` for a CORS preflight; `unknown` for none. */
  route: RouteKey | CustomRouteKey | "preflight" | "unknown";
  /** For `POST /jwt` with a body that matched the spec: which grant it asked for. */
  grant?: GrantKind;
  /** The status answered; -1 when a fault dropped the connection instead. */
  status: number;
  /** When it arrived (the mock's clock, ms since the epoch). */
  at: number;
  /** How long it took to answer, in ms (wall time, whatever the mock's clock). */
  ms: number;
}

export class RequestLog {
  readonly entries: MockRequestRecord[] = [];
  readonly #counts = new Map<MockRequestRecord["route"], number>();
  readonly #listeners = new Set<(record: MockRequestRecord) => void>();

  /** Counts a request as it arrives (faulted and dropped ones included). */
  arrived(route: MockRequestRecord["route"]): void {
    this.#counts.set(route, (this.#counts.get(route) ?? 0) + 1);
  }

  /** Logs a request once answered (or dropped), never in flight; `started` is its `performance.now()` on arrival. */
  answered(record: MockRequestRecord, started: number): void {
    record.ms = performance.now() - started;
    this.entries.push(record);
    if (this.entries.length > 10_000) this.entries.splice(0, 5_000);
    for (const listener of this.#listeners) listener(record);
  }

  listen(listener: (record: MockRequestRecord) => void): () => void {
    this.#listeners.add(listener);
    return () => void this.#listeners.delete(listener);
  }

  /** Requests that reached a route, or every route (`*`). */
  count(route: RouteKey | CustomRouteKey): number {
    if (route !== "*") return this.#counts.get(route) ?? 0;
    let total = 0;
    for (const value of this.#counts.values()) total += value;
    return total;
  }
}

/** Which grant a TokenRequest is: the spec's oneOf, told apart by the field each alone has. */
export function grantKind(grant: Schema<"TokenRequest">): GrantKind {
  if ("grant_type" in grant) return grant.grant_type === "password" ? "password" : "mfa";
  return "refresh" in grant ? "refresh" : "delegation";
}
