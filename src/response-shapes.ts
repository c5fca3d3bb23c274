// Checks that a successful response has the shape the spec promises, so a proxy's HTML page or a
// half-broken server becomes an InvalidResponseError instead of undefined values deep in an app.
import { decodeClaims } from "./decode-claims.js";
import { InvalidResponseError } from "./errors.js";
import type { SessionTokens } from "./token-store.js";
import type { Claims } from "./types.js";
import { JWT } from "./validate.js";

const isJwt = (value: unknown) => typeof value === "string" && JWT.test(value);

export function parseTokenPair(data: unknown, status: number): SessionTokens {
  const { token, refresh } = (data ?? {}) as SessionTokens;
  try {
    if (isJwt(token) && (refresh === undefined || isJwt(refresh)) && decodeClaims(token)) return { token, refresh };
  } catch {
    // reported below
  }
  throw new InvalidResponseError("POST /jwt returned no valid token.", { status });
}

// The claims the spec lists, with their JSON types; servers may add others.
const CLAIM_TYPES = "exp,iat,time_out:number aud,iss,jti,sub,domain,territory,user,user_scope,displayName,apiversion:string"
  .split(" ")
  .flatMap((group) => {
    const [names, type] = group.split(":") as [string, string];
    return names.split(",").map((name) => [name, type] as const);
  });

export function parseClaims(data: unknown, status: number): Claims {
  const claims = data as Record<string, unknown>;
  const bad = (what: string) => new InvalidResponseError(`GET /jwt returned ${what}.`, { status });
  if (!claims || typeof claims !== "object" || Array.isArray(claims)) throw bad("no JSON object");
  for (const [name, type] of CLAIM_TYPES) if (claims[name] !== undefined && typeof claims[name] !== type) throw bad(`a ${typeof claims[name]} ${name}`);
  if (claims.user_email != null && typeof claims.user_email !== "string") throw bad("an invalid user_email");
  return claims as Claims;
}
