/**
 * Every error this package throws is an NsApiError. HTTP failures map to a subclass by status; failures
 * before or around a request have their own. No error holds a credential: errors carry no request,
 * no headers, and of the body only the server's `{code, message}`, scrubbed of secrets.
 */
export class NsApiError extends Error {
  override name = "NsApiError";
  /** The HTTP status, when a response arrived. */
  declare readonly status?: number;
  /** The `code` of the server's `{code, message}` body, when it sent one. */
  declare readonly code?: number;

  constructor(message: string, { cause, ...fields }: Details = {}) {
    super(message, cause === undefined ? undefined : { cause });
    Object.assign(this, fields);
  }

  /** The error's own fields (`cause` is left out: it may be anything). */
  toJSON(): Record<string, unknown> {
    return { ...(this as object), message: this.message };
  }
}

interface Details {
  status?: number | undefined;
  code?: number | undefined;
  retryAfterMs?: number | undefined;
  cause?: unknown;
}

function errorClass(name: string) {
  // A computed key names the class itself, so stack traces and `constructor.name` read e.g. "ServerError".
  return {
    [name]: class extends NsApiError {
      override name = name;
    },
  }[name]!;
}

/** 400: the server found the request malformed. */
export const BadRequestError = errorClass("BadRequestError");
export type BadRequestError = InstanceType<typeof BadRequestError>;
/** 401: wrong credentials, or a missing, expired or revoked token. */
export const AuthenticationError = errorClass("AuthenticationError");
export type AuthenticationError = InstanceType<typeof AuthenticationError>;
/** 403: the credential is valid but may not do this. */
export const PermissionDeniedError = errorClass("PermissionDeniedError");
export type PermissionDeniedError = InstanceType<typeof PermissionDeniedError>;
/** 404: the user, domain or token does not exist. */
export const NotFoundError = errorClass("NotFoundError");
export type NotFoundError = InstanceType<typeof NotFoundError>;
/** 429: too many requests; `retryAfterMs` says when to try again, if the server said. */
export const RateLimitError = errorClass("RateLimitError") as new (message: string, details?: Details) => NsApiError & {
  readonly retryAfterMs?: number;
};
export type RateLimitError = InstanceType<typeof RateLimitError>;
/** 5xx: the server failed. */
export const ServerError = errorClass("ServerError");
export type ServerError = InstanceType<typeof ServerError>;
/** A successful status whose body is not what the spec promises (HTML, truncated JSON, wrong types). */
export const InvalidResponseError = errorClass("InvalidResponseError");
export type InvalidResponseError = InstanceType<typeof InvalidResponseError>;
/** The request never got a response: DNS, connection refused or reset, TLS. */
export const NetworkError = errorClass("NetworkError");
export type NetworkError = InstanceType<typeof NetworkError>;
/** The call did not finish within its `timeoutMs`. */
export const TimeoutError = errorClass("TimeoutError");
export type TimeoutError = InstanceType<typeof TimeoutError>;
/** The caller's `signal` aborted the call. */
export const AbortedError = errorClass("AbortedError");
export type AbortedError = InstanceType<typeof AbortedError>;
/**
 * There is no usable session: nobody logged in, the session was revoked, or it expired and could not
 * be renewed (no refresh JWT, as before NetSapiens 44.3, and no `reauthenticate` hook).
 */
export const SessionExpiredError = errorClass("SessionExpiredError");
export type SessionExpiredError = InstanceType<typeof SessionExpiredError>;

/** Bad input, caught before anything was sent. `field` names the offending option or argument. */
export class ValidationError extends NsApiError {
  override name = "ValidationError";
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(`${field} ${message}`);
  }
}

/** Parses a Retry-After header (seconds or an HTTP date) into milliseconds from `now`. */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  const ms = /^\d+$/.test(text) ? Number(text) * 1000 : Date.parse(text) - now;
  return Number.isNaN(ms) ? undefined : Math.max(0, ms);
}

/**
 * Builds the error for a non-2xx response. `redact` scrubs any credential the server might echo back in
 * its message, which is also cut short so a hostile body cannot flood logs.
 */
export function errorFromResponse(response: Response, body: string, redact: (text: string) => string, now: number): NsApiError {
  const { status } = response;
  let parsed: { code?: unknown; message?: unknown } = {};
  try {
    parsed = JSON.parse(body) ?? {};
  } catch {
    // An HTML error page or an empty body: the status says enough.
  }
  const { code, message } = parsed;
  const details = { status, code: Number.isInteger(code) ? (code as number) : undefined };
  const text = `${status}${typeof message === "string" ? `: ${redact(message).slice(0, 500)}` : ` ${response.statusText || "error"}`}`;
  const type =
    { 400: BadRequestError, 401: AuthenticationError, 403: PermissionDeniedError, 404: NotFoundError, 429: RateLimitError }[status] ??
    (status >= 500 ? ServerError : NsApiError);
  return new type(text, { ...details, retryAfterMs: status === 429 ? parseRetryAfter(response.headers.get("Retry-After"), now) : undefined });
}
