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

/** The CLI's exit codes: `ns-api-jwt --help` and the README list them. */
export const EXIT = {
  ok: 0,
  internal: 1,
  usage: 2,
  refused: 3,
  api: 4,
  unreachable: 5,
  listen: 6,
} as const;

/** The exit codes as `--help` prints them. */
export const EXIT_CODES_HELP = `Exit codes:
  0  ok
  1  unexpected failure
  2  usage error or invalid input (nothing was sent)
  3  refused or not logged in (401, 403, expired or revoked session, no session file)
  4  other API error (400, 404, 429, 5xx)
  5  network failure, timeout or invalid response
  6  mock: could not listen (port in use, or not allowed)`;

/** A mistake in the command line; `command` names whose `--help` to point at. */
export class UsageError extends Error {
  override name = "UsageError";
  constructor(
    message: string,
    readonly command?: string,
  ) {
    super(message);
  }
}

/** There is no session to use: nothing logged in, or the session file holds nothing usable. */
export class NotLoggedInError extends Error {
  override name = "NotLoggedInError";
}

/** The session file exists but cannot be trusted or read (mode, owner, contents). */
export class SessionFileError extends Error {
  override name = "SessionFileError";
}

/** `mock` could not listen on the address asked for. */
export class ListenError extends Error {
  override name = "ListenError";
}

export function exitCodeFor(error: unknown): number {
  if (error instanceof UsageError || error instanceof ValidationError || error instanceof SessionFileError) return EXIT.usage;
  if (error instanceof ListenError) return EXIT.listen;
  if (
    error instanceof NotLoggedInError ||
    error instanceof AuthenticationError ||
    error instanceof PermissionDeniedError ||
    error instanceof SessionExpiredError
  ) {
    return EXIT.refused;
  }
  if (error instanceof NetworkError || error instanceof TimeoutError || error instanceof InvalidResponseError) return EXIT.unreachable;
  if (error instanceof NsApiError) return EXIT.api;
  return EXIT.internal;
}
