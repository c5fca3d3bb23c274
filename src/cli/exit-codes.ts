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
  interrupted: 130,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** Each exit code: what it means, and every error name printed with it. One meaning per code. */
export const EXIT_TABLE: ReadonlyArray<{ code: ExitCode; meaning: string; names: readonly string[] }> = [
  { code: EXIT.ok, meaning: "ok", names: [] },
  { code: EXIT.internal, meaning: "unexpected failure (a bug: please report it)", names: ["UnexpectedError"] },
  { code: EXIT.usage, meaning: "usage error or invalid input: nothing was sent", names: ["UsageError", "ValidationError", "SessionFileError"] },
  {
    code: EXIT.refused,
    meaning: "no session, or the server refused it (401, 403, expired or revoked)",
    names: ["NotLoggedInError", "AuthenticationError", "PermissionDeniedError", "SessionExpiredError"],
  },
  { code: EXIT.api, meaning: "another API error (400, 404, 429, 5xx)", names: ["BadRequestError", "NotFoundError", "RateLimitError", "ServerError", "NsApiError"] },
  { code: EXIT.unreachable, meaning: "no usable answer: network failure, timeout or invalid response", names: ["NetworkError", "TimeoutError", "InvalidResponseError"] },
  { code: EXIT.listen, meaning: "mock: could not listen (port in use, address not local, not allowed)", names: ["ListenError"] },
  { code: EXIT.interrupted, meaning: "interrupted at a prompt (Ctrl-C): nothing was sent", names: ["InterruptedError"] },
];

/** The exit codes as `--help` prints them: all of them, or only those that `codes` names (a command's own). */
export function exitCodesHelp(codes: readonly number[] = EXIT_TABLE.map((row) => row.code)): string {
  const rows = EXIT_TABLE.filter((row) => codes.includes(row.code));
  return `Exit codes (and the error names printed with them):\n${rows
    .map((row) => `  ${String(row.code).padStart(3)}  ${row.meaning}${row.names.length === 0 ? "" : `\n       ${row.names.join(", ")}`}`)
    .join("\n")}`;
}

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

/** Ctrl-C at a prompt: the terminal was put back, nothing was sent. */
export class InterruptedError extends Error {
  override name = "InterruptedError";
}

/** `mock` could not listen on the address asked for. */
export class ListenError extends Error {
  override name = "ListenError";
}

export function exitCodeFor(error: unknown): number {
  if (error instanceof UsageError || error instanceof ValidationError || error instanceof SessionFileError) return EXIT.usage;
  if (error instanceof ListenError) return EXIT.listen;
  if (error instanceof InterruptedError) return EXIT.interrupted;
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
