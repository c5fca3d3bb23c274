/**
 * Every error this package throws is an NsApiError. HTTP failures map to a subclass by status; failures
 * before or around a request have their own. No error holds a credential: errors carry no request,
 * no headers, and of the body only the server's `{code, message}`, scrubbed of secrets.
 *
 * Each class has a literal `name`, so the type checker tells them apart (a `TimeoutError` is not a
 * `NetworkError`) and `instanceof` narrows; `error.name` is safe to switch on across bundles and realms.
 */
export class NsApiError extends Error {
  override readonly name: string = "NsApiError";
  /** The HTTP status, when a response arrived. */
  declare readonly status?: number;
  /** The `code` of the server's `{code, message}` body, when it sent one. */
  declare readonly code?: number;

  constructor(message: string, { cause, ...fields }: ErrorDetails = {}) {
    super(message, cause === undefined ? undefined : { cause });
    Object.assign(this, fields);
  }

  /** The error's own fields (`cause` is left out: it may be anything). */
  toJSON(): Record<string, unknown> {
    return { ...(this as object), message: this.message };
  }
}

/** What an error may carry besides its message. */
export interface ErrorDetails {
  status?: number | undefined;
  code?: number | undefined;
  retryAfterMs?: number | undefined;
  cause?: unknown;
}

/** 400: the server found the request malformed. */
export class BadRequestError extends NsApiError {
  override readonly name = "BadRequestError" as const;
}

/** 401: wrong credentials, or a missing, expired or revoked token. */
export class AuthenticationError extends NsApiError {
  override readonly name = "AuthenticationError" as const;
}

/** 403: the credential is valid but may not do this. */
export class PermissionDeniedError extends NsApiError {
  override readonly name = "PermissionDeniedError" as const;
}

/** 404: the user, domain or token does not exist. */
export class NotFoundError extends NsApiError {
  override readonly name = "NotFoundError" as const;
}

/** 429: too many requests. */
export class RateLimitError extends NsApiError {
  override readonly name = "RateLimitError" as const;
  /** When to try again, in ms from the response, if the server sent Retry-After. */
  declare readonly retryAfterMs?: number;
}

/** 5xx: the server failed. */
export class ServerError extends NsApiError {
  override readonly name = "ServerError" as const;
}

/** A successful status whose body is not what the spec promises (HTML, truncated JSON, wrong types). */
export class InvalidResponseError extends NsApiError {
  override readonly name = "InvalidResponseError" as const;
}

/**
 * The request never got a response: DNS, connection refused or reset, TLS. The message names the host
 * and the runtime's cause code (`ECONNREFUSED`, …); in a browser, where CORS refusals look the same, it
 * says so.
 */
export class NetworkError extends NsApiError {
  override readonly name = "NetworkError" as const;
}

/** The call did not finish within its `timeoutMs`. */
export class TimeoutError extends NsApiError {
  override readonly name = "TimeoutError" as const;
}

/** The caller's `signal` aborted the call. */
export class AbortedError extends NsApiError {
  override readonly name = "AbortedError" as const;
}

/**
 * There is no usable session: nobody logged in, the session was revoked, or it expired and could not
 * be renewed (the refresh JWT was refused — `status` and the message keep what the server said — or
 * there is no refresh JWT, as before NetSapiens 44.3, and no `reauthenticate` hook).
 */
export class SessionExpiredError extends NsApiError {
  override readonly name = "SessionExpiredError" as const;
}

/** Bad input, caught before anything was sent. `field` names the offending option or argument (never its value). */
export class ValidationError extends NsApiError {
  override readonly name = "ValidationError" as const;
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(`${field} ${message}`);
  }
}

/**
 * A token store failed or did not answer in time (a shared store such as Redis is down or slow). Raised
 * only by calls that needed the store: a call whose token is still valid in the process does not ask it.
 */
export class TokenStoreError extends NsApiError {
  override readonly name = "TokenStoreError" as const;
}
