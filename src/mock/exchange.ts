// The mock's own request and response shapes: plain objects, so the HTTP server answers without building
// web Request/Response objects (costly in Node) while the in-process fetch adapter still speaks fetch.

export interface MockRequest {
  method: string;
  /** The URL path, e.g. `/ns-api/v2/jwt`. */
  pathname: string;
  /** The query string with its `?`, or empty; read by custom routes (routes.ts). */
  search?: string | undefined;
  header(name: string): string | undefined;
  text(): Promise<string>;
  signal?: AbortSignal | undefined;
}

export interface MockResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): MockResponse {
  return jsonText(status, JSON.stringify(body), headers);
}

/** A JSON answer already serialized (a cached body, a token pair put together by hand). */
export function jsonText(status: number, json: string, headers?: Record<string, string>): MockResponse {
  return { status, headers: headers === undefined ? { "Content-Type": "application/json" } : { "Content-Type": "application/json", ...headers }, body: json };
}

/**
 * The mock's one refusal: whatever check finds a request wrong throws it, and the server answers
 * `{code, message}` with its status. `close`: the connection cannot be reused (a body cut off while it
 * was read), so the HTTP server itself answers it and closes the connection.
 */
export class HttpError extends Error {
  readonly close: boolean;
  constructor(readonly status: number, message: string, options: { close?: boolean } = {}) {
    super(message);
    this.close = options.close === true;
  }
}

/** The one `{code, message}` body: every refusal and failure the mock answers is built here. */
export function errorResponse(status: number, message: string, headers?: Record<string, string>): MockResponse {
  return jsonResponse(status, { code: status, message }, headers);
}
