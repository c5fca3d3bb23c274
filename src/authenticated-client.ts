import type { paths } from "../generated/api.js";
import { createNsApiClient, sendVariantKeys, type NsApiClient } from "./client.js";
import { InvalidResponseError } from "./errors.js";
import { internals } from "./internals.js";
import type { NsAuth } from "./ns-auth.js";

/**
 * An openapi-fetch client typed by `Paths` (the JWT paths by default; pass your own `paths`, e.g. generated
 * from NetSapiens' full export, to call any endpoint), sending through the session's `auth.fetch`: every
 * request carries the bearer token, renewed before expiry; a 401 renews it once (shared with every
 * concurrent caller) and the request is replayed once; requests that set their own Authorization are sent
 * as they are. Timeouts, retries and default headers are the NsAuth's; `#N` variant keys are sent as
 * their path with the query kept.
 *
 * A function rather than a property of NsAuth, so apps that do not use it do not bundle openapi-fetch.
 */
export function createAuthenticatedClient<Paths extends {} = paths>(auth: NsAuth): NsApiClient<Paths> {
  const session = internals.get(auth);
  if (session === undefined) throw new TypeError("createAuthenticatedClient needs an NsAuth.");
  const { fetch } = session;
  const client = createNsApiClient<Paths>({ baseUrl: session.baseUrl, allowInsecureHttp: true, fetch: (request) => fetch(request) });
  return sendVariantKeys(client, async (call) => {
    try {
      return await call();
    } catch (error) {
      // openapi-fetch parses JSON itself; by name, since a SyntaxError from another realm is not instanceof ours.
      if ((error as Error)?.name === "SyntaxError") throw new InvalidResponseError("The response is not JSON.", { cause: error });
      throw error;
    }
  });
}
