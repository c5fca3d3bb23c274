// CORS for the mock, so a browser app on another origin can test against it. NetSapiens' own CORS
// policy is the operator's business; a test server allows any origin unless told otherwise.
import type { MockRequest, MockResponse } from "./exchange.js";

/** Which cross-origin callers the mock serves. */
export interface CorsOptions {
  /** Origins allowed to call (`"*"`, the default, for any), e.g. `["http://localhost:5173"]`. */
  origins?: "*" | string[];
  /** Request headers a page may send; by default the ones the client sends: Authorization, Content-Type, X-NetSapiens-Log. */
  allowHeaders?: string[];
}

const DEFAULT_ALLOW_HEADERS = ["Authorization", "Content-Type", "X-NetSapiens-Log"];
const API_METHODS = ["GET", "POST", "DELETE"];
/** How long a browser may cache a preflight answer, in seconds. */
const MAX_AGE_SECONDS = "600";

/** The `cors` option applied: answers preflights and adds the CORS headers to actual responses. */
export class CorsPolicy {
  readonly #origins: "*" | ReadonlySet<string>;
  readonly #allowHeaders: string;

  constructor(options: CorsOptions = {}) {
    const origins = options.origins ?? "*";
    this.#origins = origins === "*" ? "*" : new Set(origins);
    this.#allowHeaders = (options.allowHeaders ?? DEFAULT_ALLOW_HEADERS).join(", ");
  }

  /** A CORS preflight: OPTIONS with Access-Control-Request-Method. A plain OPTIONS is not one. */
  isPreflight(request: MockRequest): boolean {
    return request.method === "OPTIONS" && request.header("Access-Control-Request-Method") !== undefined;
  }

  /** The answer to a preflight: 204, with the CORS headers only when the origin is allowed. */
  preflight(request: MockRequest): MockResponse {
    const headers = this.headersFor(request.header("Origin"));
    if (headers["Access-Control-Allow-Origin"] !== undefined) {
      const requested = (request.header("Access-Control-Request-Method") ?? "").toUpperCase();
      // The API's methods, plus the one asked for: custom routes may use others.
      const methods = API_METHODS.includes(requested) || !/^[A-Z]+$/.test(requested) ? API_METHODS : [...API_METHODS, requested];
      headers["Access-Control-Allow-Methods"] = methods.join(", ");
      headers["Access-Control-Allow-Headers"] = this.#allowHeaders;
      headers["Access-Control-Max-Age"] = MAX_AGE_SECONDS;
      delete headers["Access-Control-Expose-Headers"];
    }
    return { status: 204, headers, body: "" };
  }

  /** The CORS headers for an actual response to a request from `origin` (none for a disallowed one). */
  headersFor(origin: string | undefined): Record<string, string> {
    const headers: Record<string, string> = {};
    if (this.#origins !== "*") headers.Vary = "Origin"; // the answer depends on the origin: caches must know
    if (origin === undefined) return headers;
    if (this.#origins === "*") headers["Access-Control-Allow-Origin"] = "*";
    else if (this.#origins.has(origin)) headers["Access-Control-Allow-Origin"] = origin;
    else return headers;
    headers["Access-Control-Expose-Headers"] = "Retry-After";
    return headers;
  }

  /** Adds the CORS headers to an actual response (a preflight's answer already has its own). */
  decorate(request: MockRequest, response: MockResponse): MockResponse {
    if (this.isPreflight(request)) return response;
    const origin = request.header("Origin");
    if (origin === undefined && this.#origins === "*") return response;
    Object.assign(response.headers, this.headersFor(origin));
    return response;
  }
}
