// Checks on caller input, run before anything is sent. Messages name the field, never its value:
// the value may be a password, a token or a key.
import { ValidationError } from "./errors.js";

const CONTROL = /[\u0000-\u001f\u007f]/;
const HEADER_SAFE = /^[\x21-\x7e]([\x20-\x7e]*[\x21-\x7e])?$/;
/** A compact JWT: three base64url parts (the signature may be empty). */
export const JWT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;
const JWT_ID = /^[0-9a-f]{40}$/;
const UID = /^[^@/\s]+@[^@/\s]+$/;
const DOMAIN = /^([A-Za-z0-9._-]+|\*|~)$/;
const PASSCODE = /^[0-9]{6}$/;

export function requireText(value: unknown, field: string, maxLength = 1024): string {
  if (typeof value !== "string" || value.length === 0) throw new ValidationError(`${field} must be a non-empty string.`, field);
  if (value.length > maxLength) throw new ValidationError(`${field} is longer than ${maxLength} characters.`, field);
  return value;
}

/** Text without CR, LF or other control characters. */
export function requireSingleLine(value: unknown, field: string, maxLength = 1024): string {
  const text = requireText(value, field, maxLength);
  if (CONTROL.test(text)) throw new ValidationError(`${field} must not contain control characters such as CR or LF.`, field);
  return text;
}

/**
 * A value that becomes (part of) an HTTP header: printable ASCII with no surrounding spaces, so what
 * is sent is exactly what was given (fetch would trim spaces and reject non-Latin-1 characters).
 */
export function requireHeaderValue(value: unknown, field: string, maxLength = 4096): string {
  const text = requireSingleLine(value, field, maxLength);
  if (!HEADER_SAFE.test(text)) {
    throw new ValidationError(`${field} must be printable ASCII without leading or trailing spaces.`, field);
  }
  return text;
}

export function requireJwt(value: unknown, field: string): string {
  const text = requireHeaderValue(value, field, 16_384);
  if (!JWT.test(text)) throw new ValidationError(`${field} is not a compact JWT (three base64url parts).`, field);
  return text;
}

export function requireJwtId(value: unknown, field = "jti"): string {
  if (typeof value !== "string" || !JWT_ID.test(value)) {
    throw new ValidationError(`${field} must be a JWT ID: 40 lowercase hexadecimal characters.`, field);
  }
  return value;
}

export function requireUid(value: unknown, field = "uid"): string {
  if (typeof value !== "string" || value.length > 256 || !UID.test(value)) {
    throw new ValidationError(`${field} must be a uid of the form user@domain.`, field);
  }
  return value;
}

export function requireDomain(value: unknown, field = "domain"): string {
  if (typeof value !== "string" || value.length > 64 || !DOMAIN.test(value)) {
    throw new ValidationError(`${field} must be a NetSapiens domain name (letters, digits, '.', '_', '-'), '~' or '*'.`, field);
  }
  return value;
}

export function requirePasscode(value: unknown, field = "passcode"): string {
  if (typeof value !== "string" || !PASSCODE.test(value)) {
    throw new ValidationError(`${field} must be the 6-digit code from the authenticator app, as a string.`, field);
  }
  return value;
}

/** A positive, finite number: a duration in ms or a size in bytes. */
export function requirePositive(value: unknown, field: string): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) {
    throw new ValidationError(`${field} must be a positive number.`, field);
  }
  return value;
}
