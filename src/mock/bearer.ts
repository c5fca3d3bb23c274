// The checks every bearer operation runs on its `Authorization: Bearer <JWT>`.
import type { MockRequest } from "./exchange.js";
import { HttpError } from "./exchange.js";
import { attempt, type Now } from "./maybe-now.js";
import type { Schema } from "./routing.js";
import type { TokenRegistry } from "./token-registry.js";

/** The statuses the bearer check refuses with: every bearer operation of the spec must declare both. */
export type BearerRefusal = 401 | 403;

const SCHEME = /^Bearer\s+/i;
// A header value is a byte string (node:http reads it as latin1; fetch's Headers refuses wider
// characters), so these are all the characters \s can match in one.
const SPACES = ["\t", "\n", "\v", "\f", "\r", " ", "\xa0"];

/**
 * The credential of `Authorization: Bearer <credential>`: one run of non-space characters, or undefined.
 * The run is checked with a search per space character rather than a regex over it: a JWT is ~600
 * characters, and a regex stepping through them cost more than the rest of the bearer check.
 */
export function bearerOf(request: MockRequest): string | undefined {
  const value = request.header("Authorization");
  if (value === undefined) return undefined;
  const scheme = SCHEME.exec(value);
  if (scheme === null) return undefined;
  const credential = value.slice(scheme[0].length);
  for (const space of SPACES) if (credential.includes(space)) return undefined;
  return credential === "" ? undefined : credential;
}

/** The claims of a verified, usable access token, as the spec's Claims. */
export type VerifiedClaims = Schema<"Claims">;

export class BearerCheck {
  constructor(
    private readonly registry: TokenRegistry,
    private readonly validate: (schema: string, value: unknown) => string | undefined,
  ) {}

  // GET /jwt answers the same claims for the same token: serialized once per verified payload (the
  // signer keeps one object per token), not on every call.
  readonly #bodies = new WeakMap<object, string>();

  /** The claims as GET /jwt's JSON body. */
  claimsBody(claims: VerifiedClaims): string {
    let body = this.#bodies.get(claims);
    if (body === undefined) this.#bodies.set(claims, (body = JSON.stringify(claims)));
    return body;
  }

  /** Checks the bearer JWT of a request and returns its claims, or throws the right 401/403 (at once for a token seen before). */
  authenticate(request: MockRequest): Now<VerifiedClaims> {
    const token = bearerOf(request);
    if (token === undefined) throw new HttpError(401 satisfies BearerRefusal, "A bearer JWT is required");
    return attempt(
      () => this.registry.verifyNow(token),
      (claims) => this.#usable(claims),
      (caught) => {
        throw invalid(caught);
      },
    );
  }

  #usable(claims: Record<string, unknown>): VerifiedClaims {
    if (claims.token_use === "refresh") throw new HttpError(401 satisfies BearerRefusal, "A refresh JWT cannot be used as a bearer token");
    const jti = String(claims.jti);
    if (!this.registry.usable(jti)) throw new HttpError(401 satisfies BearerRefusal, "The JWT has been revoked");
    // A token signed with the secret but not issued here (an earlier run, or made by hand) must still carry
    // the claims the spec promises, or GET /jwt would answer a body the spec does not allow.
    if (!this.registry.issued(jti) && this.validate("Claims", claims) !== undefined) throw new HttpError(401 satisfies BearerRefusal, "The JWT is invalid");
    if (claims.user_scope === "mfa_required") throw new HttpError(403 satisfies BearerRefusal, "Multi-factor authentication is required");
    // Issued here with the claims grants.ts builds (checked against the spec there), or validated just now.
    return claims as VerifiedClaims;
  }
}

/** The 401 for a token that did not verify. */
function invalid(caught: unknown): HttpError {
  const expired = (caught as { code?: string }).code === "ERR_JWT_EXPIRED";
  return new HttpError(401 satisfies BearerRefusal, expired ? "The JWT has expired" : "The JWT is invalid");
}
