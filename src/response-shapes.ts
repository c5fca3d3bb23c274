// Checks that a successful response has the shape the spec promises, so a proxy's HTML page or a
// half-broken server becomes an InvalidResponseError instead of undefined values deep in an app.
import { decodeClaims } from "./decode-claims.js";
import { InvalidResponseError } from "./errors.js";
import type { SessionTokens } from "./token-store.js";
import type { Claims } from "./types.js";
import { JWT } from "./validate.js";

const isJwt = (value: unknown): value is string => typeof value === "string" && JWT.test(value);

export function parseTokenPair(data: unknown, status: number): SessionTokens {
  const { token, refresh } = (data ?? {}) as Record<string, unknown>;
  const invalid = () => new InvalidResponseError("POST /jwt answered without a well-formed token.", { status });
  if (!isJwt(token) || (refresh !== undefined && !isJwt(refresh))) throw invalid();
  try {
    decodeClaims(token);
  } catch {
    throw invalid();
  }
  return { token, refresh };
}

const NUMERIC_CLAIMS = ["exp", "iat", "time_out"] as const;
const STRING_CLAIMS = ["aud", "iss", "jti", "sub", "domain", "territory", "user", "user_scope", "displayName", "apiversion"] as const;

/** Claims may carry more than the spec lists; the ones it lists must have its types. */
export function parseClaims(data: unknown, status: number): Claims {
  const invalid = (what: string) => new InvalidResponseError(`GET /jwt returned ${what}.`, { status });
  if (data === null || typeof data !== "object" || Array.isArray(data)) throw invalid("something other than a JSON object");
  const claims = data as Record<string, unknown>;
  for (const name of NUMERIC_CLAIMS) {
    if (claims[name] !== undefined && typeof claims[name] !== "number") throw invalid(`a non-numeric ${name}`);
  }
  for (const name of STRING_CLAIMS) {
    if (claims[name] !== undefined && typeof claims[name] !== "string") throw invalid(`a non-string ${name}`);
  }
  if (claims.user_email !== undefined && claims.user_email !== null && typeof claims.user_email !== "string") {
    throw invalid("a user_email that is neither a string nor null");
  }
  return claims as Claims;
}
