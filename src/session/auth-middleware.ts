import type { Middleware } from "openapi-fetch";
import type { NsAuth } from "../ns-auth.js";
import { toWireRequest } from "../path-serializer.js";
import { onSessionOrigin } from "./session-context.js";

/**
 * openapi-fetch middleware that sends the requests of a client of your own to the session's origin
 * through `auth.fetch` (`client.use(createAuthMiddleware(auth))`), for any NetSapiens path: the bearer
 * token, its renewal and the one 401 replay, timeouts, retries and default headers are `auth.fetch`'s
 * (see {@link NsAuth.fetch}), so a call sends the same bytes whichever way it is made. Spec keys with a
 * `#N` variant suffix are sent as their path with the query kept, `@` in path values literal.
 *
 * Register it last: it answers the request itself, so middleware added after it sees the response but
 * not the request. Requests to another origin pass on to your client's own fetch, untouched.
 * Type-only import of openapi-fetch: this adds no runtime dependency.
 */
export function createAuthMiddleware(auth: Pick<NsAuth, "baseUrl" | "fetch">): Middleware {
  const origin = new URL(auth.baseUrl).origin;
  // Whether a client's base URL is on the session's origin, by base URL (a client has one): reading
  // request.url would serialise the URL on every call.
  let lastBaseUrl: string | undefined;
  let lastOnOrigin = false;
  return {
    onRequest({ request, schemaPath, params, options }) {
      if (options.baseUrl !== lastBaseUrl) [lastBaseUrl, lastOnOrigin] = [options.baseUrl, onSessionOrigin(origin, options.baseUrl)];
      if (!lastOnOrigin) return undefined;
      return auth.fetch(toWireRequest(request, schemaPath, params.path as Record<string, unknown> | undefined, options.baseUrl));
    },
  };
}
