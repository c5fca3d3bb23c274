// Friendly names for the schemas of the spec. The shapes themselves live in generated/api.ts.
import type { components, paths } from "../generated/api.js";

type Schemas = components["schemas"];

/** The spec as openapi-typescript renders it (generated/api.ts): `components`, `operations` and `paths`. */
export type { components, operations, paths } from "../generated/api.js";
/** The password grant of `POST /jwt`: a user's login with the API client's credentials. */
export type PasswordGrant = Schemas["PasswordGrant"];
/** The MFA grant of `POST /jwt`: the passcode, with the `mfa_required` token as `access_token`. */
export type MfaGrant = Schemas["MfaGrant"];
/** The refresh grant of `POST /jwt`: a refresh JWT traded for a new pair (NetSapiens 44.3+). */
export type RefreshGrant = Schemas["RefreshGrant"];
/** The delegation grant of `POST /jwt`: a token for another user, sent with an API key as bearer. */
export type DelegationGrant = Schemas["DelegationGrant"];
/** The body of `POST /jwt`: one of the four grants. */
export type TokenRequest = Schemas["TokenRequest"];
/** What `POST /jwt` returns: the token, and from NetSapiens 44.3 a refresh JWT. */
export type TokenPair = Schemas["TokenPair"];
/** The claims of a NetSapiens JWT, as `GET /jwt` returns them. */
export type Claims = Schemas["Claims"];
/** The body of a `202 Accepted` revocation. */
export type Acknowledgement = Schemas["Acknowledgement"];
/** The `{code, message}` body of NetSapiens errors. */
export type ErrorBody = Schemas["Error"];
/** The spec's paths, for openapi-fetch: `createClient<JwtPaths>()`. */
export type JwtPaths = paths;
/** `T` without its index signature: only the properties the spec names. */
type NamedOnly<T> = { [K in keyof T as string extends K ? never : number extends K ? never : K]: T[K] };
/**
 * The claims the spec names, without `Claims`' index signature (servers may add claims, so `Claims`
 * accepts any name). Code that reads a claim reads it through this type, so a claim renamed or removed
 * in the spec is a compile error instead of an `unknown` read that is always undefined.
 */
export type NamedClaims = NamedOnly<Claims>;
