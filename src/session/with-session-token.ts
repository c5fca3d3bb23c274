import { untilAborted } from "../deadline.js";
import { SessionExpiredError } from "../errors.js";
import type { TokenKeeper } from "../token-keeper.js";

/** How one request is sent with the session's token, and what a refusal the session cannot recover from becomes. */
export interface SessionAttempt<T> {
  /** Sends the request with this Authorization value; called at most twice (`replay` the second time), building the request anew each time. */
  send(authorization: string, replay?: boolean): Promise<T>;
  /** The HTTP status of what `send` resolved to. */
  status(result: T): number;
  /** Whether the request can be sent a second time (its body is not a stream that was read). */
  replayable: boolean;
  signal: AbortSignal | undefined;
  /**
   * When the refused token cannot be renewed: `"response"` answers with the server's 401 as it is (fetch
   * semantics); `"throw"` throws a refused renewal's SessionExpiredError (the facade's calls). Either
   * way a session with no means to renew answers with the 401, which keeps what the server said.
   */
  refusedRenewal: "response" | "throw";
  /**
   * Turns whatever sending (or renewing) rejected with into the caller's own error. Given here, it is
   * applied in the same promise step as the 401 check: a call then costs one step on the way back, not two.
   */
  failed?: ((error: unknown) => never) | undefined;
}

/**
 * THE 401 rule, for every way a request is authenticated (the facade's calls, `auth.fetch`, the
 * middleware and the typed clients, which send through `auth.fetch`):
 *
 * 1. send with a current token (renewed first when it is about to expire);
 * 2. on a 401, renew once — only if the refused token is still the current one, in the one renewal
 *    every concurrent caller shares (50 concurrent 401s → one renewal) — and send once more;
 * 3. a second 401 is the answer: never a loop.
 */
export function withSessionToken<T>(keeper: TokenKeeper, attempt: SessionAttempt<T>): Promise<T> {
  const bearer = keeper.bearer();
  // No await on the common path (a valid token): each one would cost a promise per request.
  if (typeof bearer !== "string") return untilAborted(bearer, attempt.signal).then((token) => sendWith(keeper, attempt, token), attempt.failed);
  return sendWith(keeper, attempt, bearer);
}

// Each keeper's last Authorization value: a token is ~300 characters, and building `Bearer <token>` anew
// on every request would be the largest allocation of a call that is otherwise a few small objects.
const lastAuthorization = new WeakMap<TokenKeeper, { token: string; value: string }>();

function authorization(keeper: TokenKeeper, token: string): string {
  const last = lastAuthorization.get(keeper);
  if (last !== undefined && last.token === token) return last.value;
  const value = `Bearer ${token}`;
  lastAuthorization.set(keeper, { token, value });
  return value;
}

function sendWith<T>(keeper: TokenKeeper, attempt: SessionAttempt<T>, token: string): Promise<T> {
  const sent = attempt.send(authorization(keeper, token));
  const { failed } = attempt;
  if (!attempt.replayable) return failed === undefined ? sent : sent.catch(failed);
  return sent.then((first) => {
    if (attempt.status(first) !== 401) return first;
    const replayed = replay(keeper, attempt, token, first);
    return failed === undefined ? replayed : replayed.catch(failed);
  }, failed);
}

async function replay<T>(keeper: TokenKeeper, attempt: SessionAttempt<T>, token: string, first: T): Promise<T> {
  let renewed: string;
  try {
    renewed = await keeper.renewAfterRejection(token, attempt.signal);
  } catch (error) {
    // A refused renewal carries the refusal as its cause; without one, the session had no way to renew.
    const refusedRenewal = error instanceof SessionExpiredError && error.cause !== undefined;
    if (error instanceof SessionExpiredError && (attempt.refusedRenewal === "response" || !refusedRenewal)) return first;
    throw error;
  }
  // A Response's unread body is let go; the facade's results were read already and have no `body`.
  await (first as { body?: ReadableStream | null }).body?.cancel().catch(() => undefined);
  return attempt.send(authorization(keeper, renewed), true);
}
