import {
  AuthenticationError,
  InvalidResponseError,
  NetworkError,
  NsApiError,
  PermissionDeniedError,
  SessionExpiredError,
  TimeoutError,
  ValidationError,
} from "../errors.js";

/** The CLI's exit codes; the README lists them. */
export const EXIT = {
  ok: 0,
  internal: 1,
  usage: 2,
  refused: 3,
  api: 4,
  unreachable: 5,
} as const;

export class UsageError extends Error {
  override name = "UsageError";
}

export function exitCodeFor(error: unknown): number {
  if (error instanceof UsageError || error instanceof ValidationError) return EXIT.usage;
  if (error instanceof AuthenticationError || error instanceof PermissionDeniedError || error instanceof SessionExpiredError) {
    return EXIT.refused;
  }
  if (error instanceof NetworkError || error instanceof TimeoutError || error instanceof InvalidResponseError) return EXIT.unreachable;
  if (error instanceof NsApiError) return EXIT.api;
  return EXIT.internal;
}
