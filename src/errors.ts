/**
 * Every error this package throws is an NsApiError. HTTP failures are mapped to a subclass by status;
 * failures before or around the request have their own subclasses. No error ever holds a credential:
 * errors carry no request, no headers and no body beyond the server's `{code, message}`.
 */
export class NsApiError extends Error {
  override name = "NsApiError";
  /** The HTTP status, when a response arrived. */
  readonly status: number | undefined;
  /** The `code` of the server's `{code, message}` body, when it sent one. */
  readonly code: number | undefined;

  constructor(message: string, details: { status?: number | undefined; code?: number | undefined; cause?: unknown } = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.status = details.status;
    this.code = details.code;
  }

  toJSON(): Record<string, unknown> {
    return { name: this.name, message: this.message, status: this.status, code: this.code };
  }
}

/** 400: the server found the request malformed. */
export class BadRequestError extends NsApiError {
  override name = "BadRequestError";
}
/** 401: wrong credentials, or a missing, expired or revoked token. */
export class AuthenticationError extends NsApiError {
  override name = "AuthenticationError";
}
/** 403: the credential is valid but may not do this. */
export class PermissionDeniedError extends NsApiError {
  override name = "PermissionDeniedError";
}
/** 404: the user, domain or token does not exist. */
export class NotFoundError extends NsApiError {
  override name = "NotFoundError";
}
/** 429: too many requests; `retryAfterMs` says when to try again, if the server said. */
export class RateLimitError extends NsApiError {
  override name = "RateLimitError";
  readonly retryAfterMs: number | undefined;
  constructor(message: string, details: { status?: number; code?: number | undefined; retryAfterMs?: number | undefined } = {}) {
    super(message, details);
    this.retryAfterMs = details.retryAfterMs;
  }
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), retryAfterMs: this.retryAfterMs };
  }
}
/** 5xx: the server failed. */
export class ServerError extends NsApiError {
  override name = "ServerError";
}
/** A successful status whose body is not what the spec promises (HTML, truncated JSON, wrong types). */
export class InvalidResponseError extends NsApiError {
  override name = "InvalidResponseError";
}
/** The request never got a response: DNS, connection refused or reset, TLS. */
export class NetworkError extends NsApiError {
  override name = "NetworkError";
}
/** The call did not finish within its `timeoutMs`. */
export class TimeoutError extends NsApiError {
  override name = "TimeoutError";
}
/** The caller's `signal` aborted the call. */
export class AbortedError extends NsApiError {
  override name = "AbortedError";
}
/** Bad input, caught before anything was sent. `field` names the offending option or argument. */
export class ValidationError extends NsApiError {
  override name = "ValidationError";
  readonly field: string;
  constructor(message: string, field: string) {
    super(message);
    this.field = field;
  }
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), field: this.field };
  }
}
/**
 * There is no usable session: nobody logged in, the session was revoked, or it expired and could not
 * be renewed (no refresh JWT, as before NetSapiens 44.3, and no `reauthenticate` hook).
 */
export class SessionExpiredError extends NsApiError {
  override name = "SessionExpiredError";
}

/** Parses a Retry-After header (seconds or an HTTP date) into milliseconds from `now`. */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (value === null || value.trim() === "") return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function bodyOf(body: unknown): { code?: number; message?: string } {
  if (body === null || typeof body !== "object") return {};
  const { code, message } = body as Record<string, unknown>;
  return {
    ...(typeof code === "number" && Number.isInteger(code) ? { code } : {}),
    ...(typeof message === "string" ? { message } : {}),
  };
}

/**
 * Builds the error for a non-2xx response. `redact` scrubs any credential the server might echo back
 * in its message; the message is also cut short so a hostile body cannot flood logs.
 */
export function errorFromResponse(
  response: Response,
  body: unknown,
  redact: (text: string) => string,
  now: number = Date.now(),
): NsApiError {
  const status = response.status;
  const parsed = bodyOf(body);
  const serverMessage = parsed.message === undefined ? undefined : redact(parsed.message).slice(0, 500);
  const message = `${status}${serverMessage ? `: ${serverMessage}` : ` ${response.statusText || "error"}`}`.trim();
  const details = { status, code: parsed.code };
  if (status === 400) return new BadRequestError(message, details);
  if (status === 401) return new AuthenticationError(message, details);
  if (status === 403) return new PermissionDeniedError(message, details);
  if (status === 404) return new NotFoundError(message, details);
  if (status === 429) {
    return new RateLimitError(message, { ...details, retryAfterMs: parseRetryAfter(response.headers.get("Retry-After"), now) });
  }
  if (status >= 500) return new ServerError(message, details);
  return new NsApiError(message, details);
}
