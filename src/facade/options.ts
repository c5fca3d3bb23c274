import type { BaseUrlOptions, ServerLocation } from "../base-url.js";
import type { SessionTokens, TokenStore } from "../token-store.js";
import type { FetchFn, RetryPolicy } from "../transport/retry.js";

/** What an NsAuth may be given besides where the API lives. */
export interface NsAuthSettings extends BaseUrlOptions {
  /** OAuth client ID and secret, for the password and MFA grants. */
  clientId?: string | undefined;
  clientSecret?: string | undefined;
  /** A NetSapiens API key, for delegation. */
  apiKey?: string | undefined;
  /** The fetch to send requests with; the global `fetch` by default. */
  fetch?: FetchFn | undefined;
  /** The clock, in epoch milliseconds; `Date.now` by default. */
  now?: (() => number) | undefined;
  /**
   * Renew the token this long before it expires, at most a quarter of its lifetime (so a 4 s token is
   * renewed 1 s before its end, not on every call). Default 60 000 ms; 0 renews only once it has expired.
   */
  clockSkewMs?: number | undefined;
  /** Default timeout of each call, in ms (per-call `timeoutMs` overrides it). Default 30 000. */
  timeoutMs?: number | undefined;
  /** Retries of idempotent calls (GET, DELETE); `false` turns them off. */
  retry?: RetryPolicy | false | undefined;
  /**
   * Appended to the User-Agent `ns-api-jwt/<version>`, e.g. `my-app/2.1`. Outside browsers only: in a
   * browser no User-Agent is set (Firefox would send it and widen every CORS preflight).
   */
  userAgent?: string | undefined;
  /** Sent as `X-NetSapiens-Log` on every request, to find them in NetSapiens InSight. */
  logTag?: string | undefined;
  /**
   * Refuse responses of the JWT calls (login, claims, refresh, revoke) that announce a larger body than
   * this. Default 1 MiB. `auth.fetch` and the typed clients have no limit: a listing may be megabytes.
   */
  maxResponseBytes?: number | undefined;
  /**
   * Where the session's tokens live: the one way to persist a session ({@link TokenStore}). In memory by
   * default; `createMemoryTokenStore(tokens)` resumes a session kept elsewhere, `sharedTokenStore(backend)`
   * shares one between processes.
   */
  store?: TokenStore | undefined;
  /**
   * Called when the session expired and cannot be refreshed (no refresh JWT, as before NetSapiens
   * 44.3, or the refresh JWT was refused). Return new tokens, e.g. from a fresh login. Without it,
   * such a session ends with a SessionExpiredError.
   */
  reauthenticate?: (() => Promise<SessionTokens>) | undefined;
}

/**
 * Options of the `NsAuth` facade: where the API lives — `server` (giving `https://{server}/ns-api/v2`) or a
 * full `baseUrl`, one of the two — the credentials it may use, and how calls behave.
 */
export type NsAuthOptions = ServerLocation & NsAuthSettings;
