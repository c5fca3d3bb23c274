import { AuthenticationError, BadRequestError, NotFoundError, NsApiError, PermissionDeniedError, RateLimitError, ServerError } from "../errors.js";

/** Parses a Retry-After header (seconds or an HTTP date) into milliseconds from `now`. */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  const ms = /^\d+$/.test(text) ? Number(text) * 1000 : Date.parse(text) - now;
  return Number.isNaN(ms) ? undefined : Math.max(0, ms);
}

const BY_STATUS: Record<number, typeof NsApiError> = {
  400: BadRequestError,
  401: AuthenticationError,
  403: PermissionDeniedError,
  404: NotFoundError,
  429: RateLimitError,
};

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
  const text = `${status}${typeof message === "string" ? `: ${redact(message).slice(0, 500)}` : ` ${response.statusText || "error"}`}`;
  const type = BY_STATUS[status] ?? (status >= 500 ? ServerError : NsApiError);
  return new type(text, {
    status,
    code: Number.isInteger(code) ? (code as number) : undefined,
    retryAfterMs: status === 429 ? parseRetryAfter(response.headers.get("Retry-After"), now) : undefined,
  });
}
