import type { Client } from "openapi-fetch";
import type { paths } from "../generated/api.js";
import { startDeadline, untilAborted } from "./deadline.js";
import type { FetchFn } from "./retry.js";
import type { TokenKeeper } from "./token-keeper.js";

const METHODS = ["GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE"] as const;

type AnyInit = { signal?: AbortSignal | null; timeoutMs?: number } & Record<string, unknown>;
type AnyMethod = (url: string, init?: AnyInit) => Promise<{ response: Response }>;

export interface AuthenticatedClientOptions {
  /** Builds the underlying openapi-fetch client around the given fetch. */
  createClient: (fetch: FetchFn) => Client<paths>;
  /** Sends the request once the bearer header is on it. */
  transport: FetchFn;
  keeper: TokenKeeper;
  /** The default per-call timeout, in ms. */
  timeoutMs: number;
}

/**
 * An openapi-fetch client whose requests carry the session's bearer token, renewed before expiry.
 * On a 401 to a request that carried it, the token is renewed once and the call is made again from
 * its original arguments. That rebuilds the request only after a 401: the success path clones nothing.
 * Requests that set their own Authorization header are left alone and never replayed.
 */
export function createAuthenticatedClient(options: AuthenticatedClientOptions): Client<paths> {
  const { keeper, transport, timeoutMs } = options;
  const sentWith = new WeakMap<Response, string>();

  const bearerFetch: FetchFn = async (request) => {
    if (request.headers.has("Authorization")) return transport(request);
    const token = await keeper.bearer();
    request.headers.set("Authorization", `Bearer ${token}`);
    const response = await transport(request);
    sentWith.set(response, token);
    return response;
  };

  const inner = options.createClient(bearerFetch) as unknown as Record<(typeof METHODS)[number], AnyMethod> & Client<paths>;

  const call = async (method: (typeof METHODS)[number], url: string, init: AnyInit = {}) => {
    const { timeoutMs: callTimeout, ...rest } = init;
    const deadline = startDeadline(callTimeout ?? timeoutMs, init.signal ?? undefined);
    const attemptInit = { ...rest, signal: deadline.signal };
    try {
      deadline.signal.throwIfAborted();
      const first = await inner[method](url, attemptInit);
      if (first.response.status !== 401) return first;
      const rejected = sentWith.get(first.response);
      if (rejected === undefined) return first;
      await untilAborted(keeper.renewAfterRejection(rejected), deadline.signal);
      return await inner[method](url, attemptInit);
    } catch (error) {
      throw deadline.toError(error);
    } finally {
      deadline.done();
    }
  };

  const wrapped: Record<string, unknown> = {
    ...inner,
    request: (method: string, url: string, init?: AnyInit) =>
      call(method.toUpperCase() as (typeof METHODS)[number], url, init),
  };
  for (const method of METHODS) wrapped[method] = (url: string, init?: AnyInit) => call(method, url, init);
  return wrapped as unknown as Client<paths>;
}
