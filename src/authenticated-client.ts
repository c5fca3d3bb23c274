import createClient, { type Client } from "openapi-fetch";
import type { paths } from "../generated/api.js";
import { InvalidResponseError } from "./errors.js";
import type { NsAuth } from "./ns-auth.js";
import { createAuthMiddleware } from "./session/auth-middleware.js";

/** An openapi-fetch client typed by `Paths`: the JWT endpoints of this package's spec by default. */
export type NsApiClient<Paths extends {} = paths> = Client<Paths>;

const METHODS = ["GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE", "request"] as const;

/**
 * An openapi-fetch client typed by `Paths` (the JWT paths by default; pass your own `paths`, e.g. generated
 * from NetSapiens' full export, to call any endpoint), authenticated by the session: it is openapi-fetch
 * with {@link createAuthMiddleware}, so every call goes through `auth.fetch` (bearer, renewal, the one 401
 * replay, timeouts, retries, default headers) and `#N` variant keys are sent as their path with the query
 * kept. A success body that is not JSON rejects with InvalidResponseError.
 *
 * A function rather than a property of NsAuth, so apps that do not use it do not bundle openapi-fetch.
 */
export function createAuthenticatedClient<Paths extends {} = paths>(auth: Pick<NsAuth, "baseUrl" | "fetch">): NsApiClient<Paths> {
  const client = createClient<Paths>({ baseUrl: auth.baseUrl });
  client.use(createAuthMiddleware(auth));
  const methods = client as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
  for (const method of METHODS) {
    const call = methods[method]!;
    methods[method] = async (...args) => {
      try {
        return await call(...args);
      } catch (error) {
        // openapi-fetch parses JSON itself; by name, since a SyntaxError from another realm is not instanceof ours.
        if ((error as Error)?.name === "SyntaxError") throw new InvalidResponseError("The response is not JSON.", { cause: error });
        throw error;
      }
    };
  }
  return client;
}
