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
export { NsAuth, type Authenticated, type Credentials, type LoginResult, type MfaChallenge, type NsAuthOptions } from "./ns-auth.js";
export { createMemoryTokenStore, type SessionTokens, type TokenStore } from "./token-store.js";
export type { TokensChangeListener } from "./token-keeper.js";
export type { CallOptions } from "./deadline.js";
export type { RetryPolicy, FetchFn } from "./retry.js";
export { decodeClaims } from "./decode-claims.js";
export { VERSION } from "./version.js";
