// Compiled by `npm run typecheck`, never run: the typed layer refuses what the spec does not say.
import type { NamedClaims, TokenPair } from "../../src/index.js";
import { specRoute } from "../../src/typed/spec-types.js";

export function typeChecks(claims: NamedClaims, pair: TokenPair) {
  specRoute("/jwt", "post", 200);
  specRoute("/jwt/{id}", "delete", 202);
  // @ts-expect-error POST /jwt answers 200 in the spec, not 201
  specRoute("/jwt", "post", 201);
  // @ts-expect-error the spec has no /tokens/{id}
  specRoute("/tokens/{id}", "delete", 202);
  // @ts-expect-error the spec defines no GET on /jwt/{id}
  specRoute("/jwt/{id}", "get", 200);
  // @ts-expect-error a claim the spec does not name is not readable through NamedClaims
  const unknownClaim = claims.scope;
  const scope: string = claims.user_scope;
  // @ts-expect-error TokenPair has no field `jwt`
  const renamed = pair.jwt;
  return [unknownClaim, scope, renamed];
}
