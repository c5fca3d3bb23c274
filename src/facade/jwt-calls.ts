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
  /** The JWT side of the transport: size limit, retries, network errors. */
  transport: FetchFn;
  headers: Record<string, string>;
  keeper: TokenKeeper;
  timeoutMs: number;
  now: () => number;
  /** The secrets of the NsAuth (client secret, API key), scrubbed from every error message. */
  secrets: ReadonlyArray<string | undefined>;
}

const status = <R extends { response: Response }>(result: R) => result.response.status;

/** The facade's own calls of the spec (`/jwt`), each under its deadline, with typed errors. */
export class JwtCalls {
  readonly #options: JwtCallsOptions;

  constructor(options: JwtCallsOptions) {
    this.#options = options;
  }

  /** Runs `work` under the call's deadline, turning whatever it throws into an NsApiError. */
  async bounded<T>(options: CallOptions, work: (signal: AbortSignal | undefined) => Promise<T>): Promise<T> {
    const deadline = startDeadline(options.timeoutMs ?? this.#options.timeoutMs, options.signal);
    try {
      deadline.signal?.throwIfAborted();
      return await work(deadline.signal);
    } catch (error) {
      throw deadline.toError(error);
    } finally {
      deadline.done();
    }
  }

  /**
   * One call of the spec (path, method, body and response typed from `paths`). With the session's token it
   * goes through the one 401 rule (`withSessionToken`), sent again from its arguments: nothing is kept or
   * cloned for that on the success path. A status that is not 2xx becomes its typed error.
   */
  call<O, S>(route: SpecRoute<O, S>, request: Pick<TypedRequest<O>, "path" | "body">, auth: CallAuth, options: CallOptions, secrets: string[] = []) {
    const { baseUrl, transport, headers, keeper } = this.#options;
    return this.bounded(options, async (signal) => {
      // A revocation's 202 body is not read: a proxy's HTML must not undo a done revocation.
      const parse = route.method !== "DELETE";
      const send = (authorization: string | undefined) =>
        typedCall(transport, baseUrl, route, {
          path: request.path,
          body: request.body,
          headers: authorization === undefined ? { ...headers } : { ...headers, Authorization: authorization },
          signal,
          parse,
        });
      if (auth !== "session") return this.#checked(await send(auth), secrets);
      const sent: string[] = [];
      const result = await withSessionToken(keeper, {
        send: (authorization) => (sent.push(authorization.slice("Bearer ".length)), send(authorization)),
        status,
        replayable: true,
        signal,
        refusedRenewal: "throw",
      });
      return this.#checked(result, [...secrets, ...sent]);
    });
  }

  /** A result whose status is not 2xx becomes the typed error for it, scrubbed of every secret the call knew. */
  #checked<R extends { response: Response; errorText: string }>(result: R, secrets: string[]): R {
    if (result.response.ok) return result;
    const tokens = this.#options.keeper.current();
    const redact = redactor([...this.#options.secrets, tokens?.token, tokens?.refresh, ...secrets]);
    throw errorFromResponse(result.response, result.errorText, redact, this.#options.now());
  }
}
