/**
 * The client: the `NsAuth` facade, the typed openapi-fetch client, errors and token stores. Runs wherever fetch does.
 * @module ns-api-jwt
 */
export { createNsApiClient, type NsApiClient, type NsApiClientOptions } from "./client.js";
export { resolveBaseUrl, type BaseUrlOptions, type ServerLocation } from "./base-url.js";
export { encodePathSegment } from "./path-serializer.js";
export * from "./errors.js";
export type * from "./types.js";
export { createAuthenticatedClient } from "./authenticated-client.js";
export { createAuthMiddleware } from "./session/auth-middleware.js";
export type { SessionFetch, SessionFetchInit } from "./session/session-fetch.js";
export { NsAuth, type Authenticated, type Credentials, type LoginResult, type MfaChallenge, type NsAuthOptions } from "./ns-auth.js";
export {
  createMemoryTokenStore,
  TokenStoreError,
  type MaybePromise,
  type SessionTokens,
  type TokenStore,
  type TokenStoreCoordination,
  type TokenStoreBackend,
  type TokenStoreLock,
} from "./token-store.js";
export { sharedTokenStore, type SharedTokenStoreOptions } from "./shared-token-store.js";
export type { TokensChangeListener } from "./token-keeper.js";
export type { CallOptions } from "./deadline.js";
export type { RetryPolicy, FetchFn } from "./transport/retry.js";
export { decodeClaims } from "./decode-claims.js";
export { VERSION } from "./version.js";
