import type { Middleware } from "openapi-fetch";
import { SessionExpiredError } from "../errors.js";
import { internals } from "../internals.js";
import type { NsAuth } from "../ns-auth.js";
import { onSessionOrigin } from "./session-context.js";

/**
 * openapi-fetch middleware that authenticates a client of your own (`client.use(createAuthMiddleware(auth))`)
 * with an NsAuth session, for any NetSapiens path:
 *
 * - every request to the session's origin carries the bearer token, renewed before it expires;
 * - a 401 renews the token once, only if the refused token is still the current one, shared with every
 *   concurrent caller (50 concurrent 401s → one renewal), and the request is sent once more through the
 *   client's fetch with the new token; its body is replayed from a clone taken before it was sent;
 * - the replayed request does not pass through the middleware again, so a second 401 is returned as
 *   the response: never a loop;
 * - a request that sets its own Authorization, or goes to another origin, is left alone.
 *
 * Timeouts and retries are your client's. Type-only import of openapi-fetch: this adds no runtime dependency.
 */
export function createAuthMiddleware(auth: NsAuth): Middleware {
  const session = internals.get(auth);
  if (session === undefined) throw new TypeError("createAuthMiddleware needs an NsAuth.");
  const { keeper, origin } = session;
  // Whether a client's base URL is on the session's origin, by base URL (a client has one): reading
  // request.url would serialise the URL on every call.
  let lastBaseUrl: string | undefined;
  let lastOnOrigin = false;
  const onOrigin = (baseUrl: string) => {
    if (baseUrl !== lastBaseUrl) [lastBaseUrl, lastOnOrigin] = [baseUrl, onSessionOrigin(origin, baseUrl)];
    return lastOnOrigin;
  };
  // The Authorization values this middleware set (a handful: one per token it used), so a response is
  // known to be to a request it authorised without keeping anything per bodiless request.
  const issued = new Set<string>();
  // Bodies to replay, per request that has one: cloned before it is sent.
  const spares = new WeakMap<Request, Request>();

  const authorize = (request: Request, token: string) => {
    const value = `Bearer ${token}`;
    request.headers.set("Authorization", value);
    if (!issued.has(value)) {
      if (issued.size >= 16) issued.clear();
      issued.add(value);
    }
    if (request.body !== null) spares.set(request, request.clone());
    return undefined;
  };

  // Synchronous unless a renewal is under way: openapi-fetch awaits whatever these return.
  return {
    onRequest({ request, options }) {
      if (!onOrigin(options.baseUrl) || request.headers.has("Authorization")) return undefined;
      const bearer = keeper.bearer();
      return typeof bearer === "string" ? authorize(request, bearer) : bearer.then((token) => authorize(request, token));
    },
    onResponse({ request, response, options }) {
      if (response.status !== 401) return undefined;
      const sent = request.headers.get("Authorization") ?? "";
      if (!issued.has(sent)) return undefined;
      // A bodiless request can be sent again as it is (fetch copied it); one with a body from its clone.
      const spare = request.body === null ? request : spares.get(request);
      if (spare === undefined) return undefined;
      spares.delete(request);
      return replay(response, spare, sent.slice("Bearer ".length), options.fetch);
    },
  };

  async function replay(refusal: Response, spare: Request, refused: string, fetch: (request: Request) => Promise<Response>): Promise<Response | undefined> {
    let renewed: string;
    try {
      renewed = await keeper.renewAfterRejection(refused);
    } catch (error) {
      // The session cannot be renewed: the server's 401 is the answer.
      if (error instanceof SessionExpiredError) return undefined;
      throw error;
    }
    await refusal.body?.cancel().catch(() => undefined);
    spare.headers.set("Authorization", `Bearer ${renewed}`);
    return fetch(spare);
  }
}
