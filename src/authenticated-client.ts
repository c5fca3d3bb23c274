import type { Client } from "openapi-fetch";
import type { paths } from "../generated/api.js";
import { createNsApiClient } from "./client.js";
import { startDeadline } from "./deadline.js";
import { InvalidResponseError } from "./errors.js";
import { internals } from "./internals.js";
import type { NsAuth } from "./ns-auth.js";

const METHODS = ["GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE"] as const;
type Method = (typeof METHODS)[number];
type AnyInit = { signal?: AbortSignal | null | undefined; headers?: unknown; params?: { header?: unknown } } & Record<string, unknown>;
type AnyMethod = (url: string, init?: AnyInit) => Promise<{ response: Response }>;

/** Whether headers in any of openapi-fetch's accepted shapes already carry an Authorization value. */
function hasAuthorization(headers: unknown): boolean {
  if (headers == null || typeof headers !== "object") return false;
  if (headers instanceof Headers) return headers.has("Authorization");
  const entries = Array.isArray(headers) ? (headers as [string, unknown][]) : Object.entries(headers);
  return entries.some(([name, value]) => name.toLowerCase() === "authorization" && value != null);
}

/**
 * The typed openapi-fetch client, authenticated by an NsAuth session: every request carries its bearer
 * token, renewed before expiry, and a 401 renews it once and makes the call again from its original
 * arguments (the session's `withToken`, shared with the facade's own calls). Requests that set their own
 * Authorization header are sent as they are and never replayed.
 *
 * A function rather than a property of NsAuth, so apps that do not use it do not bundle openapi-fetch.
 */
export function createAuthenticatedClient(auth: NsAuth): Client<paths> {
  const session = internals.get(auth);
  if (session === undefined) throw new TypeError("createAuthenticatedClient needs an NsAuth.");
  const { keeper, timeoutMs } = session;
  const inner = createNsApiClient({ baseUrl: session.baseUrl, allowInsecureHttp: true, fetch: session.transport, headers: session.headers });
  const methods = inner as unknown as Record<Method, AnyMethod>;

  const call = async (method: Method, url: string, init: AnyInit = {}) => {
    const deadline = startDeadline(timeoutMs, init.signal ?? undefined);
    const attemptInit = { ...init, signal: deadline.signal };
    try {
      deadline.signal?.throwIfAborted();
      if (hasAuthorization(init.headers) || hasAuthorization(init.params?.header)) return await methods[method](url, attemptInit);
      // params.header is merged last by openapi-fetch, after the client's and the call's headers.
      const withBearer = (token: string) => ({ ...attemptInit, params: { ...init.params, header: { ...(init.params?.header as object), Authorization: `Bearer ${token}` } } });
      return await keeper.withToken((token) => methods[method](url, withBearer(token)), deadline.signal);
    } catch (error) {
      // openapi-fetch parses JSON itself; by name, since a SyntaxError from another realm is not instanceof ours.
      if ((error as Error)?.name === "SyntaxError") throw new InvalidResponseError("The response is not JSON.", { cause: error });
      throw deadline.toError(error);
    } finally {
      deadline.done();
    }
  };

  const wrapped: Record<string, unknown> = { ...inner, request: (method: string, url: string, init?: AnyInit) => call(method.toUpperCase() as Method, url, init) };
  for (const method of METHODS) wrapped[method] = (url: string, init?: AnyInit) => call(method, url, init);
  return wrapped as unknown as Client<paths>;
}
