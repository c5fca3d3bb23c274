import { withDeadline } from "../deadline.js";
import { onSessionOrigin, type SessionContext } from "./session-context.js";
import { isReplayableBody } from "./replayable.js";
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
    // A Request's own signal is not combined into the deadline: every Request has one, and fetch follows it
    // anyway when the Request is sent; a combined signal would make fetch follow a second one on each call.
    return withDeadline(init?.timeoutMs ?? timeoutMs, init?.signal ?? undefined, async (signal) => {
      if (request !== undefined) return sendRequest(request, signal);
      // Another origin never sees the bearer (nor the default headers).
      if (!onSessionOrigin(origin, url)) return send(url, signal === undefined ? init : { ...init, signal });
      const headers = withDefaults(new Headers(init?.headers));
      const attempt = (authorization: string | undefined) => {
        if (authorization !== undefined) headers.set("Authorization", authorization);
        return send(url, signal === undefined ? { ...init, headers } : { ...init, headers, signal });
      };
      // A request with its own Authorization is sent as it is.
      if (headers.has("Authorization")) return attempt(undefined);
      return authorized(attempt, isReplayableBody(init?.body), signal);
    });
  };

  /** A Request: its body is replayed from a clone taken before it is sent (only when it has one). */
  async function sendRequest(request: Request, signal: AbortSignal | undefined): Promise<Response> {
    if (!onSessionOrigin(origin, request.url)) return send(request, signal === undefined ? undefined : { signal });
    withDefaults(request.headers);
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

  /** The caller's headers, plus each default the caller did not set. */
  function withDefaults(headers: Headers): Headers {
    for (const name in session.headers) if (!headers.has(name)) headers.set(name, session.headers[name]!);
    return headers;
  }

  /** Through the one 401 rule; a 401 the session cannot recover from is returned as it is. */
  function authorized(attempt: (authorization: string) => Promise<Response>, replayable: boolean, signal: AbortSignal | undefined) {
    return withSessionToken(keeper, { send: attempt, status, replayable, signal, refusedRenewal: "response" });
  }
}

const status = (response: Response) => response.status;
