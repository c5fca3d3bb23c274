import type { Client } from "openapi-fetch";
import type { paths } from "../generated/api.js";
import { createNsApiClient } from "./client.js";
import { startDeadline, untilAborted } from "./deadline.js";
import { InvalidResponseError } from "./errors.js";
import { internals } from "./internals.js";
import type { NsAuth } from "./ns-auth.js";

const METHODS = ["GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE"] as const;
type Method = (typeof METHODS)[number];
type AnyInit = { signal?: AbortSignal | null | undefined } & Record<string, unknown>;
type AnyMethod = (url: string, init?: AnyInit) => Promise<{ response: Response }>;

/**
 * The typed openapi-fetch client, authenticated by an NsAuth session: every request carries its bearer
 * token, renewed before expiry. On a 401 to a request that carried it, the token is renewed once and the
 * call is made again from its original arguments: the request is rebuilt only after a 401, and nothing
 * is cloned on the success path. Requests that set their own Authorization header are left alone.
 *
 * A function rather than a property of NsAuth, so apps that do not use it do not bundle openapi-fetch.
 */
export function createAuthenticatedClient(auth: NsAuth): Client<paths> {
  const session = internals.get(auth);
  if (session === undefined) throw new TypeError("createAuthenticatedClient needs an NsAuth.");
  const { keeper, transport, timeoutMs } = session;
  const sentWith = new WeakMap<Response, string>();

  // openapi-fetch always hands over a Request.
  const bearerFetch = async (request: Request) => {
    if (request.headers.has("Authorization")) return transport(request);
    const token = await keeper.bearer();
    request.headers.set("Authorization", `Bearer ${token}`);
    const response = await transport(request);
    sentWith.set(response, token);
    return response;
  };
  const inner = createNsApiClient({ baseUrl: session.baseUrl, allowInsecureHttp: true, fetch: bearerFetch, headers: session.headers });
  const methods = inner as unknown as Record<Method, AnyMethod>;

  const call = async (method: Method, url: string, init: AnyInit = {}) => {
    const deadline = startDeadline(timeoutMs, init.signal ?? undefined);
    const attemptInit = { ...init, signal: deadline.signal };
    try {
      deadline.signal?.throwIfAborted();
      const first = await methods[method](url, attemptInit);
      const rejected = first.response.status === 401 ? sentWith.get(first.response) : undefined;
      if (rejected === undefined) return first;
      await untilAborted(keeper.renewAfterRejection(rejected), deadline.signal);
      return await methods[method](url, attemptInit);
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
