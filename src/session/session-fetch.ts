import { startDeadline } from "../deadline.js";
import { onSessionOrigin, type SessionContext } from "./session-context.js";
import { isReplayableBody } from "./replayable.js";
import { mergeHeaders } from "./request-headers.js";
import { withSessionToken } from "./with-session-token.js";

/** `RequestInit` plus this call's timeout. */
export interface SessionFetchInit extends RequestInit {
  /** Abort getting the response (any renewal and retries included) after this many ms; the NsAuth's `timeoutMs` by default. */
  timeoutMs?: number | undefined;
}

/** A fetch-compatible function authenticated by a session: see `NsAuth.fetch`. */
export type SessionFetch = (input: string | URL | Request, init?: SessionFetchInit) => Promise<Response>;

const ABSOLUTE = /^[a-z][a-z\d+.-]*:/i;
const status = (response: Response) => response.status;

/** Where a string or URL goes: a relative path is appended to the base URL (keeping its `/ns-api/v2`). */
function resolveUrl(baseUrl: string, input: string | URL): string {
  if (typeof input !== "string") return input.href;
  if (ABSOLUTE.test(input)) return input;
  return input.startsWith("/") ? baseUrl + input : `${baseUrl}/${input}`;
}

/**
 * The session's fetch (`NsAuth.fetch`). Requests to the API's origin carry the default headers and the
 * bearer token, through the one 401 rule (`withSessionToken`); everything else keeps fetch's semantics.
 * No async function on the way: each would cost a promise per request (the middleware sends every call
 * of a user's client through here).
 */
export function createSessionFetch(session: SessionContext): SessionFetch {
  const { baseUrl, origin, keeper, timeoutMs } = session;
  const send = session.transport;
  const defaultNames = Object.keys(session.headers);

  return function sessionFetch(input, init) {
    let request: Request | undefined;
    let url: string;
    // A Request's own signal is not combined into the deadline: every Request has one, and fetch follows it
    // anyway when the Request is sent; a combined signal would make fetch follow a second one on each call.
    const deadline = startDeadline(init?.timeoutMs ?? timeoutMs, init?.signal ?? undefined);
    const failed = (error: unknown): never => {
      deadline.done();
      throw deadline.toError(error, url);
    };
    try {
      if (input instanceof Request) {
        const { timeoutMs: _ignored, ...rest } = init ?? {};
        // fetch(request, init) lets init override the request; one Request carries both from here on.
        request = init === undefined ? input : new Request(input, rest);
        url = request.url;
      } else {
        url = resolveUrl(baseUrl, input);
      }
      deadline.signal?.throwIfAborted();
      // Every failure below is turned into a typed error by `failed`, in the step that checks for a 401.
      const sent = dispatch(request, url, init, deadline.signal, failed);
      return deadline.signal === undefined ? sent : sent.then((response) => (deadline.done(), response));
    } catch (error) {
      return Promise.reject(error).catch(failed);
    }
  };

  type Failed = (error: unknown) => never;

  function dispatch(request: Request | undefined, url: string, init: SessionFetchInit | undefined, signal: AbortSignal | undefined, failed: Failed): Promise<Response> {
    // Another origin never sees the bearer, nor the default headers.
    if (!onSessionOrigin(origin, url)) return send(request ?? url, signal === undefined ? (request ? undefined : init) : request ? { signal } : { ...init, signal }).catch(failed);
    if (request !== undefined) return sendRequest(request, signal, failed);
    const { headers, ownAuthorization } = mergeHeaders(session.headers, init?.headers);
    const attempt = (authorization: string | undefined) => {
      if (authorization !== undefined) {
        if (headers instanceof Headers) headers.set("Authorization", authorization);
        else headers.Authorization = authorization;
      }
      return send(url, signal === undefined ? { ...init, headers } : { ...init, headers, signal });
    };
    // A request with its own Authorization is sent as it is, never replayed.
    if (ownAuthorization) return attempt(undefined).catch(failed);
    return withSessionToken(keeper, { send: attempt, status, replayable: isReplayableBody(init?.body), signal, refusedRenewal: "response", failed });
  }

  /** A Request: its body is replayed from a clone taken before it is sent (only when it has one). */
  function sendRequest(request: Request, signal: AbortSignal | undefined, failed: Failed): Promise<Response> {
    const init = signal === undefined ? undefined : { signal };
    const { headers } = request;
    for (let i = 0; i < defaultNames.length; i++) {
      const name = defaultNames[i]!;
      if (!headers.has(name)) headers.set(name, session.headers[name]!);
    }
    if (headers.has("Authorization")) return send(request, init).catch(failed);
    const spare = request.body === null ? request : request.clone();
    const attempt = (authorization: string, replay?: boolean) => {
      const current = replay ? spare : request;
      current.headers.set("Authorization", authorization);
      return send(current, init);
    };
    return withSessionToken(keeper, { send: attempt, status, replayable: true, signal, refusedRenewal: "response", failed });
  }
}
