// Checks that a successful response has the shape the spec promises, so a proxy's HTML page or a
// half-broken server becomes an InvalidResponseError instead of undefined values deep in an app.
import { decodeClaims } from "./decode-claims.js";
import { InvalidResponseError } from "./errors.js";
import type { SessionTokens } from "./token-store.js";
import type { Claims, NamedClaims, TokenPair } from "./types.js";
import { JWT } from "./validate.js";

const isJwt = (value: unknown) => typeof value === "string" && JWT.test(value);

/** The body of `POST /jwt`'s success, typed by the spec (so a renamed field does not compile), checked here. */
export function parseTokenPair(data: Partial<TokenPair> | undefined, status: number): SessionTokens {
  const { token, refresh } = data ?? {};
  try {
    if (isJwt(token) && (refresh === undefined || isJwt(refresh)) && decodeClaims(token as string)) return { token: token as string, refresh };
  } catch {
    // reported below
  }
  throw new InvalidResponseError("POST /jwt returned no valid token.", { status });
}

// The claims the spec lists, with their JSON types; servers may add others. Keyed by NamedClaims, so a
// claim renamed or dropped in the spec is a compile error here.
const CLAIM_TYPE_OF: { [K in keyof NamedClaims]?: "string" | "number" } = {
  exp: "number",
  iat: "number",
  time_out: "number",
  aud: "string",
  iss: "string",
  jti: "string",
  sub: "string",
  domain: "string",
  territory: "string",
  user: "string",
  user_scope: "string",
  displayName: "string",
  apiversion: "string",
};
const CLAIM_TYPES = Object.entries(CLAIM_TYPE_OF) as Array<[keyof NamedClaims, string]>;

export function parseClaims(data: unknown, status: number): Claims {
  const claims = data as Record<string, unknown>;
  const bad = (what: string) => new InvalidResponseError(`GET /jwt returned ${what}.`, { status });
  if (!claims || typeof claims !== "object" || Array.isArray(claims)) throw bad("no JSON object");
  for (const [name, type] of CLAIM_TYPES) if (claims[name] !== undefined && typeof claims[name] !== type) throw bad(`a ${typeof claims[name]} ${name}`);
  const named = claims as Partial<NamedClaims>;
  if (named.user_email != null && typeof named.user_email !== "string") throw bad("an invalid user_email");
  return claims as Claims;
}
