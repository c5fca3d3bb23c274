// Routes a test adds to the mock (`mock.route(...)`): any method and path under the base path, answered by
// the caller's handler after the mock's own token checks, so users can test their own NetSapiens code.
import type { Claims } from "../types.js";
import { errorResponse as refusal, HttpError, type MockRequest, type MockResponse } from "./exchange.js";
import type { Now } from "./maybe-now.js";
import { bodyReader } from "./request-body.js";

/** What a custom route's handler is given. */
export interface MockRouteRequest {
  /** The request method, upper case. */
  method: string;
  /** The path under the base path, as sent (not decoded), e.g. `/domains/example.com/users`. */
  path: string;
  /** The `{name}` placeholders of the route's path, percent-decoded (`%40` and a literal `@` both give `@`). */
  params: Record<string, string>;
  /** The query string. */
  query: URLSearchParams;
  /** A request header, by case-insensitive name. */
  header(name: string): string | undefined;
  /** The bearer token's claims, verified by the mock; undefined on a route added with `auth: "none"`. */
  claims: Claims | undefined;
  /** The body as text (read once, kept; larger than the mock's `maxBodyBytes` is a 400). */
  text(): Promise<string>;
  /** The body parsed as JSON; a body that is not JSON is a 400 `{code, message}`. */
  json(): Promise<unknown>;
}

/** What a custom route's handler returns. */
export interface MockRouteResult {
  /** The HTTP status, 200–599; 200 when omitted. */
  status?: number;
  /** Sent as JSON (`Content-Type: application/json`); a string is sent as is (`text/plain` unless a header says otherwise). */
  body?: unknown;
  /** Response headers; they override the Content-Type above. */
  headers?: Record<string, string>;
}

/** A custom route's handler. What it throws becomes a 500 `{code, message}` that tells nothing of the error. */
export type MockRouteHandler = (request: MockRouteRequest) => MockRouteResult | Promise<MockRouteResult>;

/** How a custom route is guarded. */
export interface MockRouteOptions {
  /**
   * `"jwt"` (the default): the mock's checks run before the handler. A missing, malformed, expired, revoked
   * or foreign-signed bearer, or a refresh JWT used as one, is a 401; an MFA-pending token a 403.
   * `"none"`: the handler runs for anyone, with `claims` undefined.
   */
  auth?: "jwt" | "none";
}

/** The key under which a custom route is logged and counted: its method and path template, e.g. `GET /domains/{domain}`. */
export type CustomRouteKey = `${string} /${string}` & {};

/** A request matched to a custom route, before its parameters are decoded. */
export interface RouteMatch {
  readonly key: CustomRouteKey;
  readonly route: CustomRoute;
  /** Raw (still percent-encoded) values of the placeholders. */
  readonly raw: ReadonlyArray<readonly [string, string]>;
}

interface CustomRoute {
  method: string;
  /** Per segment: a literal, or `{ param }`. */
  segments: Array<string | { param: string }>;
  handler: MockRouteHandler;
  auth: "jwt" | "none";
}

const METHOD = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const HEADER_NAME = METHOD;
const HEADER_VALUE = /^[^\r\n\0]*$/;
const PLACEHOLDER = /^\{([A-Za-z_][A-Za-z0-9_.-]*)\}$/;

/** The custom routes of one mock. */
export class CustomRoutes {
  readonly #routes = new Map<CustomRouteKey, CustomRoute>();

  /** Adds (or replaces) the route for `method` and `path`; throws a TypeError for a malformed one. */
  add(method: string, path: string, handler: MockRouteHandler, options: MockRouteOptions = {}): CustomRouteKey {
    if (!METHOD.test(method)) throw new TypeError(`mock.route: ${JSON.stringify(method)} is not an HTTP method`);
    if (typeof handler !== "function") throw new TypeError("mock.route: the handler must be a function");
    const auth = options.auth ?? "jwt";
    if (auth !== "jwt" && auth !== "none") throw new TypeError('mock.route: auth must be "jwt" or "none"');
    if (!path.startsWith("/") || /[?#]/.test(path)) {
      throw new TypeError(`mock.route: the path must start with "/" and hold no query or fragment, e.g. "/domains/{domain}"`);
    }
    if (/^\/ns-api\/v2(\/|$)/.test(path)) throw new TypeError(`mock.route: give the path under the base path ("${path.slice(10) || "/"}")`);
    const names = new Set<string>();
    const segments = path.slice(1).split("/").map((segment) => {
      const placeholder = PLACEHOLDER.exec(segment)?.[1];
      if (placeholder === undefined) {
        if (/[{}]/.test(segment)) throw new TypeError(`mock.route: a placeholder must be a whole segment, as "{name}" (got "${segment}")`);
        return segment;
      }
      if (names.has(placeholder)) throw new TypeError(`mock.route: the placeholder {${placeholder}} appears twice`);
      names.add(placeholder);
      return { param: placeholder };
    });
    const upper = method.toUpperCase();
    const key = `${upper} ${path}` as CustomRouteKey; // path starts with "/", checked above
    this.#routes.set(key, { method: upper, segments, handler, auth });
    return key;
  }

  /** The route for a request, if any; a literal segment wins over a placeholder, left to right. */
  match(method: string, path: string): RouteMatch | undefined {
    if (this.#routes.size === 0) return undefined;
    const parts = path.slice(1).split("/");
    let best: RouteMatch | undefined;
    let bestRank = "";
    for (const [key, route] of this.#routes) {
      if (route.method !== method || route.segments.length !== parts.length) continue;
      const raw: Array<[string, string]> = [];
      // "1" per literal segment, "0" per placeholder: the greatest rank is the most literal from the left.
      let rank = "";
      let matches = true;
      for (const [i, segment] of route.segments.entries()) {
        const part = parts[i] ?? "";
        if (typeof segment === "string") {
          matches = segment === part;
          rank += "1";
        } else {
          matches = part !== "";
          raw.push([segment.param, part]);
          rank += "0";
        }
        if (!matches) break;
      }
      if (matches && rank > bestRank) [best, bestRank] = [{ key, route, raw }, rank];
    }
    return best;
  }

  /** `answer`, with the bearer check's 401/403 (any HttpError that keeps the connection) as `{code, message}`. */
  async serve(match: RouteMatch, request: MockRequest, path: string, options: { authenticate: () => Now<unknown>; maxBodyBytes: number }): Promise<MockResponse> {
    try {
      return await this.answer(match, request, path, options);
    } catch (caught) {
      if (caught instanceof HttpError && !caught.close) return refusal(caught.status, caught.message);
      throw caught;
    }
  }

  /** Decodes, guards (with `authenticate`, which throws the mock's own 401/403) and runs the handler. */
  async answer(
    match: RouteMatch,
    request: MockRequest,
    path: string,
    options: { authenticate: () => Now<unknown>; maxBodyBytes: number },
  ): Promise<MockResponse> {
    const decoded: Array<[string, string]> = [];
    for (const [name, value] of match.raw) {
      try {
        decoded.push([name, decodeURIComponent(value)]);
      } catch {
        return refusal(400, `The path parameter {${name}} is not valid percent-encoding`);
      }
    }
    // fromEntries defines own properties: a placeholder named {__proto__} stays a parameter.
    const params: Record<string, string> = Object.fromEntries(decoded);
    const claims = match.route.auth === "jwt" ? (structuredClone(await options.authenticate()) as Claims) : undefined;
    const body = bodyReader(request, options.maxBodyBytes);
    let result: MockRouteResult;
    try {
      result = await match.route.handler({
        method: match.route.method,
        path,
        params,
        query: new URLSearchParams(request.search ?? ""),
        header: (name) => request.header(name),
        claims,
        text: body.text,
        json: body.json,
      });
    } catch (caught) {
      // A refusal that must close the connection (the HTTP server's body limit) goes back to it, to be answered there.
      if (caught instanceof HttpError) {
        if (caught.close) throw caught;
        return refusal(caught.status, caught.message);
      }
      return refusal(500, "The route handler failed");
    }
    return responseOf(result);
  }
}

/** The handler's result as the mock's response; a result that cannot be sent is the handler's failure (500). */
function responseOf(result: MockRouteResult): MockResponse {
  const status = result?.status ?? 200;
  if (!Number.isInteger(status) || status < 200 || status > 599) return refusal(500, "The route handler returned an invalid status");
  const headers: Record<string, string> = {};
  let body = "";
  // 204, 205 and 304 carry no body on the wire (and a fetch Response refuses one): the handler's is dropped.
  const bodiless = status === 204 || status === 205 || status === 304;
  if (bodiless) {
    // neither body nor Content-Type
  } else if (typeof result?.body === "string") {
    headers["Content-Type"] = "text/plain; charset=utf-8";
    body = result.body;
  } else if (result?.body !== undefined) {
    let json: string | undefined;
    try {
      json = JSON.stringify(result.body);
    } catch {
      return refusal(500, "The route handler returned a body that is not JSON");
    }
    if (json === undefined) return refusal(500, "The route handler returned a body that is not JSON");
    headers["Content-Type"] = "application/json";
    body = json;
  }
  for (const [name, value] of Object.entries(result?.headers ?? {})) {
    if (!HEADER_NAME.test(name) || typeof value !== "string" || !HEADER_VALUE.test(value)) {
      return refusal(500, "The route handler returned an invalid header");
    }
    for (const existing of Object.keys(headers)) if (existing.toLowerCase() === name.toLowerCase()) delete headers[existing];
    headers[name] = value;
  }
  return { status, headers, body };
}
