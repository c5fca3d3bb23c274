import { startDeadline, type CallOptions } from "../deadline.js";
import { redactor } from "../redact.js";
import { withSessionToken } from "../session/with-session-token.js";
import type { TokenKeeper } from "../token-keeper.js";
import { errorFromResponse } from "../transport/error-from-response.js";
import type { FetchFn } from "../transport/retry.js";
import type { SpecRoute } from "../typed/spec-types.js";
import { typedCall, type TypedRequest } from "../typed/typed-call.js";

/** How a call authenticates: with the session's bearer token, a fixed Authorization value, or not at all. */
export type CallAuth = "session" | string | undefined;

export interface JwtCallsOptions {
  baseUrl: string;
  /** The transport: network errors, retries. */
  transport: FetchFn;
  /**
   * A response announcing a larger body is refused unread: a token or a claims object is a few kB; a bigger
   * answer is a misrouted request or an attack.
   */
  maxResponseBytes: number;
  headers: Record<string, string>;
  keeper: TokenKeeper;
  timeoutMs: number;
  now: () => number;
  /** The secrets of the NsAuth (client secret, API key), scrubbed from every error message. */
  secrets: ReadonlyArray<string | undefined>;
}

const status = <R extends { response: Response }>(result: R) => result.response.status;

/** The facade's own calls of the spec (`/jwt`), each under its deadline, with typed errors. */
export type JwtCalls = ReturnType<typeof createJwtCalls>;

// Closures rather than a class with #private fields: their names are minified away in every app's bundle.
export function createJwtCalls(options: JwtCallsOptions) {
  const { baseUrl, transport, headers, keeper } = options;

  /** Runs `work` under the call's deadline, turning whatever it throws into an NsApiError. */
  /** Runs `work` under the call's deadline, turning whatever it throws into an NsApiError. */
  async function bounded<T>(call: CallOptions, work: (signal: AbortSignal | undefined) => Promise<T>): Promise<T> {
    const deadline = startDeadline(call.timeoutMs ?? options.timeoutMs, call.signal);
    try {
      deadline.signal?.throwIfAborted();
      return await work(deadline.signal);
    } catch (error) {
      throw deadline.toError(error, baseUrl);
    } finally {
      deadline.done();
    }
  }

  /** A result whose status is not 2xx becomes the typed error for it, scrubbed of every secret the call knew. */
  function checked<R extends { response: Response; errorText: string }>(result: R, secrets: string[]): R {
    if (result.response.ok) return result;
    const tokens = keeper.current();
    const redact = redactor([...options.secrets, tokens?.token, tokens?.refresh, ...secrets]);
    throw errorFromResponse(result.response, result.errorText, redact, options.now());
  }

  /**
   * One call of the spec (path, method, body and response typed from `paths`). With the session's token it
   * goes through the one 401 rule (`withSessionToken`), sent again from its arguments: nothing is kept or
   * cloned for that on the success path. A status that is not 2xx becomes its typed error.
   */
  function call<O, S>(route: SpecRoute<O, S>, request: Pick<TypedRequest<O>, "path" | "body">, auth: CallAuth, callOptions: CallOptions, secrets: string[] = []) {
    return bounded(callOptions, async (signal) => {
      // A revocation's 202 body is not read: a proxy's HTML must not undo a done revocation.
      const parse = route.method !== "DELETE";
      const send = (authorization: string | undefined) =>
        typedCall(transport, baseUrl, route, {
          path: request.path,
          body: request.body,
          headers: authorization === undefined ? { ...headers } : { ...headers, Authorization: authorization },
          signal,
          parse,
          maxBytes: options.maxResponseBytes,
        });
      if (auth !== "session") return checked(await send(auth), secrets);
      // A token sent but renewed since is scrubbed as JWT-shaped text (see redactor).
      return checked(await withSessionToken(keeper, { send, status, replayable: true, signal, refusedRenewal: "throw" }), secrets);
    });
  }

  return { bounded, call };
}
