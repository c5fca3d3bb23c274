// The mock's own request and response shapes: plain objects, so the HTTP server answers without building
// web Request/Response objects (costly in Node) while the in-process fetch adapter still speaks fetch.

export interface MockRequest {
  method: string;
  /** The URL path, e.g. `/ns-api/v2/jwt`. */
  pathname: string;
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
  return { status, headers: { "Content-Type": "application/json", ...headers }, body: JSON.stringify(body) };
}

/** A refusal: the handlers throw it, and the server answers `{code, message}` with its status. */
export class HttpError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

export function errorResponse(status: number, message: string): MockResponse {
  return jsonResponse(status, { code: status, message });
}
