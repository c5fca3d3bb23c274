// Checks on caller input, run before anything is sent. Messages name the field, never its value:
// the value may be a password, a token or a key.
import { ValidationError } from "./errors.js";
import type { SessionTokens } from "./token-store.js";

/** A compact JWT: three base64url parts (the signature may be empty). */
export const JWT = /^[\w-]+\.[\w-]+\.[\w-]*$/;
// Printable ASCII without surrounding spaces: sent exactly as given (fetch trims spaces and refuses non-Latin-1).
const HEADER_SAFE = /^[!-~]([ -~]*[!-~])?$/;

function check(ok: boolean, field: string, rule: string): void {
  if (!ok) throw new ValidationError(`must be ${rule}.`, field);
}

export function requireText(value: unknown, field: string, maxLength = 1024): string {
  check(typeof value === "string" && value.length > 0 && value.length <= maxLength, field, `a non-empty string (at most ${maxLength} characters)`);
  return value as string;
}

/** Text without CR, LF or other control characters. */
export function requireSingleLine(value: unknown, field: string, maxLength = 1024): string {
  check(!/[\0-\x1f\x7f]/.test(requireText(value, field, maxLength)), field, "free of control characters (CR, LF…)");
  return value as string;
}

/** A value that becomes (part of) an HTTP header. */
export function requireHeaderValue(value: unknown, field: string, maxLength = 4096): string {
  check(HEADER_SAFE.test(requireSingleLine(value, field, maxLength)), field, "printable ASCII, without edge spaces");
  return value as string;
}

const matching = (pattern: RegExp, rule: string, maxLength = 256) => (value: unknown, field: string): string => {
  check(typeof value === "string" && value.length <= maxLength && pattern.test(value), field, rule);
  return value as string;
};

export const requireJwt = matching(JWT, "a JWT", 16_384);

/** Tokens handed in from outside (a resumed session, the reauthenticate hook): both must be JWTs, so none can carry CR/LF into a header. */
export function requireTokens(tokens: SessionTokens): SessionTokens {
  return { token: requireJwt(tokens?.token, "token"), refresh: tokens.refresh === undefined ? undefined : requireJwt(tokens.refresh, "refresh") };
}
/** The two shapes of `DELETE /jwt/{id}` (the spec's RevocationTarget). */
export const JWT_ID = /^[0-9a-f]{40}$/;
export const UID = /^[^@/\s]+@[^@/\s]+$/;

export const requireJwtId = matching(JWT_ID, "40 lowercase hex digits (a JWT ID)");
export const requireUid = matching(UID, "user@domain");
export const requireDomain = matching(/^([\w.-]+|\*|~)$/, "a domain name, ~ or *", 64);
export const requirePasscode = matching(/^\d{6}$/, "6 digits, as a string");

/** A positive number (Infinity allowed: no limit): a duration in ms or a size in bytes. */
export function requirePositive(value: unknown, field: string): number {
  check(typeof value === "number" && value > 0, field, "a positive number");
  return value as number;
}

/** Zero or more (Infinity allowed; `whole`: an integer): a lead time, a delay in ms, or a count. */
export function requireNonNegative(value: unknown, field: string, whole?: boolean): number {
  check(typeof value === "number" && value >= 0 && (!whole || Number.isInteger(value)), field, `a ${whole ? "whole " : ""}number of 0 or more`);
  return value as number;
}
