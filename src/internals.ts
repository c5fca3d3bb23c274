import type { SessionContext } from "./session/session-context.js";
import type { SessionFetch } from "./session/session-fetch.js";

/** What the clients and the middleware need from an NsAuth; kept off its public surface. */
export interface AuthInternals extends SessionContext {
  fetch: SessionFetch;
}

export const internals = new WeakMap<object, AuthInternals>();
