/**
 * The client: the `NsAuth` facade, the typed openapi-fetch client and middleware, errors and token stores.
 * Runs wherever fetch does. Every runtime name here is one a user calls, catches or constructs.
 * @module ns-api-jwt
 */
export { NsAuth } from "./ns-auth.js";
export type { NsAuthOptions, NsAuthSettings } from "./facade/options.js";
export type { ServerLocation, BaseUrlOptions } from "./base-url.js";
export type { Authenticated, Credentials, LoginResult, MfaChallenge } from "./facade/login.js";
export { createAuthenticatedClient, type NsApiClient } from "./authenticated-client.js";
export { createAuthMiddleware } from "./session/auth-middleware.js";
export type { SessionFetch, SessionFetchInit } from "./session/session-fetch.js";
export { createMemoryTokenStore, type MaybePromise, type SessionTokens, type TokenStore, type TokenStoreBackend, type TokenStoreCoordination, type TokenStoreLock } from "./token-store.js";
export { sharedTokenStore, type SharedTokenStoreOptions } from "./shared-token-store.js";
export { decodeClaims } from "./decode-claims.js";
export {
  AbortedError,
  AuthenticationError,
  BadRequestError,
  InvalidResponseError,
  NetworkError,
  NotFoundError,
  NsApiError,
  PermissionDeniedError,
  RateLimitError,
  ServerError,
  SessionExpiredError,
  TimeoutError,
  TokenStoreError,
  ValidationError,
  type ErrorDetails,
} from "./errors.js";
export type * from "./types.js";
export type { TokensChangeListener } from "./token-keeper.js";
export type { CallOptions } from "./deadline.js";
export type { RetryPolicy, FetchFn } from "./transport/retry.js";
