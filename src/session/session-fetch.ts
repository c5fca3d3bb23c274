import { startDeadline } from "../deadline.js";
import { onSessionOrigin, type SessionContext } from "./session-context.js";
import { isReplayableBody } from "./replayable.js";
import { mergeHeaders, setAuthorization } from "./request-headers.js";
import { withSessionToken } from "./with-session-token.js";

/** `RequestInit` plus this call's timeout. */
export interface SessionFetchInit extends RequestInit {
  /** Abort getting the response (any renewal and retries included) after this many ms; the NsAuth's `timeoutMs` by default. */
  timeoutMs?: number | undefined;
}

/** A fetch-compatible function authenticated by a session: see `NsAuth.fetch`. */
export type SessionFetch = (input: string | URL | Request, init?: SessionFetchInit) => Promise<Response>;

const ABSOLUTE = /^[a-z][a-z\d+.-]*:/i;

/** Where a string or URL goes: a relative path is appended to the base URL (keeping its `/ns-api/v2`). */
function resolveUrl(baseUrl: string, input: string | URL): string {
  if (typeof input !== "string") return input.href;
  if (ABSOLUTE.test(input)) return input;
  return input.startsWith("/") ? baseUrl + input : `${baseUrl}/${input}`;
}

/**
 * The session's fetch. Requests to the API's origin carry the bearer token (renewed before expiry); a 401
 * renews it once, only if the refused token is still the current one and shared with every concurrent
 * caller, and the request is replayed once with the new token. Everything else keeps fetch's semantics.
 */
export function createSessionFetch(session: SessionContext): SessionFetch {
  const { baseUrl, origin, keeper, timeoutMs } = session;
  const send = session.transport.api;

  return async function sessionFetch(input, init) {
    let request: Request | undefined;
    let url = "";
    if (input instanceof Request) {
      const { timeoutMs: _ignored, ...rest } = init ?? {};
      // fetch(request, init) lets init override the request; one Request carries both from here on.
      request = init === undefined ? input : new Request(input, rest);
    } else {
      url = resolveUrl(baseUrl, input);
    }
    const deadline = startDeadline(init?.timeoutMs ?? timeoutMs, init?.signal ?? request?.signal ?? undefined);
    const { signal } = deadline;
    try {
      signal?.throwIfAborted();
      if (request !== undefined) return await sendRequest(request, signal);
      const merged = mergeHeaders(session.headers, init?.headers);
      const body = init?.body;
      const attempt = (authorization: string | undefined) => {
        if (authorization !== undefined) setAuthorization(merged.headers, authorization);
        return send(url, signal === undefined ? { ...init, headers: merged.headers } : { ...init, headers: merged.headers, signal });
      };
      // Another origin never sees the bearer; a request with its own Authorization is sent as it is.
      if (!onSessionOrigin(origin, url)) return await send(url, signal === undefined ? init : { ...init, signal });
      if (merged.ownAuthorization) return await attempt(undefined);
      return await authorized(attempt, isReplayableBody(body), signal);
    } catch (error) {
      throw deadline.toError(error);
    } finally {
      deadline.done();
    }
  };

  /** A Request: its body is replayed from a clone taken before it is sent (only when it has one). */
  async function sendRequest(request: Request, signal: AbortSignal | undefined): Promise<Response> {
    if (!onSessionOrigin(origin, request.url)) return send(request, signal === undefined ? undefined : { signal });
    for (const name in session.headers) if (!request.headers.has(name)) request.headers.set(name, session.headers[name]!);
    if (request.headers.has("Authorization")) return send(request, signal === undefined ? undefined : { signal });
    const spare = request.body === null ? request : request.clone();
    let next = request;
    return authorized(
      (authorization) => {
        const current = next;
        next = spare;
        current.headers.set("Authorization", authorization);
        return send(current, signal === undefined ? undefined : { signal });
      },
      true,
      signal,
    );
  }

  /** Through the one 401 rule; a 401 the session cannot recover from is returned as it is. */
  function authorized(attempt: (authorization: string) => Promise<Response>, replayable: boolean, signal: AbortSignal | undefined) {
    return withSessionToken(keeper, { send: attempt, status, replayable, signal, refusedRenewal: "response" });
  }
}

const status = (response: Response) => response.status;
