import { ValidationError } from "./errors.js";
import type { Claims } from "./types.js";

// atob decodes base64 without padding; the bytes are UTF-8. A loop, not Uint8Array.from(text, mapFn):
// the iterator and callback per character made that the largest cost of a login.
function base64UrlDecode(part: string): string {
  const binary = atob(part.replace(/-/g, "+").replace(/_/g, "/"));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return new TextDecoder().decode(bytes);
}

/**
 * Reads the claims of a JWT **without verifying it**. NetSapiens signs tokens with HS256 and a secret
 * that only the server holds, so no client can check the signature: treat the result as a hint (for
 * expiry, display, the MFA step), never as proof. `GET /jwt` is the authority.
 */
export function decodeClaims(token: string): Claims {
  const payload = token.split(".")[1];
  let claims: unknown;
  try {
    claims = payload === undefined ? undefined : JSON.parse(base64UrlDecode(payload));
  } catch {
    claims = undefined;
  }
  if (claims === null || typeof claims !== "object" || Array.isArray(claims)) {
    throw new ValidationError("The token's payload is not a JSON object.", "token");
  }
  return claims as Claims;
}

const seconds = (value: unknown) => (typeof value === "number" && Number.isFinite(value) ? value * 1000 : undefined);

/** A token's `exp` and `iat`, in epoch milliseconds; each undefined when it is not a number. */
export function claimTimesOf(token: string): { exp: number | undefined; iat: number | undefined } {
  try {
    const { exp, iat } = decodeClaims(token);
    return { exp: seconds(exp), iat: seconds(iat) };
  } catch {
    return { exp: undefined, iat: undefined };
  }
}

/** When a token expires, in epoch milliseconds, or undefined when it has no numeric `exp`. */
export function expiryOf(token: string): number | undefined {
  return claimTimesOf(token).exp;
}
