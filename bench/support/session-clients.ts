// The calls the session layer is measured with, each next to the openapi-fetch call it is compared with:
// openapi-fetch with a static-bearer middleware, the floor any authenticated openapi-fetch client pays.
import createClient, { type Middleware } from "openapi-fetch";
import type { paths } from "../../generated/api.js";
import { createAuthMiddleware, createMemoryTokenStore, NsAuth } from "../../src/index.js";
import { STUB_BASE_URL, TOKEN, stubFetch } from "./fixtures.js";

export function sessionCalls(): Record<string, () => Promise<unknown>> {
  const staticBearer: Middleware = {
    onRequest({ request }) {
      request.headers.set("Authorization", `Bearer ${TOKEN}`);
      return request;
    },
  };
  const withStatic = createClient<paths>({ baseUrl: STUB_BASE_URL, fetch: stubFetch() });
  withStatic.use(staticBearer);

  const auth = new NsAuth({ baseUrl: STUB_BASE_URL, fetch: stubFetch(), store: createMemoryTokenStore({ token: TOKEN }) });
  const lean = new NsAuth({ baseUrl: STUB_BASE_URL, fetch: stubFetch(), timeoutMs: Infinity, retry: false, store: createMemoryTokenStore({ token: TOKEN }) });
  const withSession = createClient<paths>({ baseUrl: STUB_BASE_URL, fetch: stubFetch() });
  withSession.use(createAuthMiddleware(auth));

  return {
    "openapi-fetch GET /jwt + static-bearer middleware": () => withStatic.GET("/jwt"),
    "openapi-fetch GET /jwt + createAuthMiddleware": () => withSession.GET("/jwt"),
    // Read as JSON, like openapi-fetch does, so both sides do the same work.
    'auth.fetch("/jwt") + json()': async () => (await auth.fetch("/jwt")).json(),
    'auth.fetch("/jwt") + json(), no timeout/retry': async () => (await lean.fetch("/jwt")).json(),
  };
}
export const SESSION_BASELINE = "openapi-fetch GET /jwt + static-bearer middleware";
