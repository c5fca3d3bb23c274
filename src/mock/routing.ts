// The mock's routes and answers, bound to the generated types: a route key compiles only while the spec
// has that operation, and an answer only with a status the operation declares and a body of its schema.
// Change the spec and regenerate, and tsc points at every place in the mock that disagrees.
import type { components, paths } from "../../generated/api.js";
import { openapiDocument } from "../../generated/openapi-document.js";
import { errorResponse, HttpError, jsonResponse, type MockRequest, type MockResponse } from "./exchange.js";
import { checkHeaders, type HeaderCheck } from "./header-parameters.js";
import { attempt, type Now } from "./maybe-now.js";
import type { MockRequestRecord } from "./mock-server.js";

type HttpMethod = "get" | "put" | "post" | "delete" | "options" | "head" | "patch" | "trace";
const HTTP_METHODS = new Set<string>(["get", "put", "post", "delete", "options", "head", "patch", "trace"]);
type Declared<T> = [NonNullable<T>] extends [never] ? false : true;

/** "POST /jwt", "GET /jwt"…: one key per operation of the spec, derived from the generated `paths`. */
export type SpecRoute = {
  [P in keyof paths & string]: {
    [M in HttpMethod & keyof paths[P]]: Declared<paths[P][M]> extends true ? `${Uppercase<M>} ${P}` : never;
  }[HttpMethod & keyof paths[P]];
}[keyof paths & string];

type Operation<K extends SpecRoute> = K extends `${infer M} ${infer P extends keyof paths}`
  ? NonNullable<paths[P][Lowercase<M> & keyof paths[P]]>
  : never;
type Responses<K extends SpecRoute> = Operation<K> extends { responses: infer R } ? R : never;

/** The statuses the spec declares for a route. */
export type StatusOf<K extends SpecRoute> = keyof Responses<K> & number;
/** The JSON body the spec gives a route's status. */
export type BodyOf<K extends SpecRoute, S extends StatusOf<K>> = Responses<K>[S] extends { content: { "application/json": infer B } } ? B : never;

/** The spec's schemas, by name. */
export type Schema<N extends keyof components["schemas"]> = components["schemas"][N];
/** The claims the spec names (without its "any other claim" index signature): object literals of claims are checked against these. */
export type NamedClaims = { [K in keyof Schema<"Claims"> as string extends K ? never : K]?: Schema<"Claims">[K] };

/** An answer the spec declares for the route: its status, with a body of that status's schema. */
export function reply<K extends SpecRoute, S extends StatusOf<K>>(_route: K, status: S, body: BodyOf<K, S>, headers?: Record<string, string>): MockResponse {
  return jsonResponse(status, body, headers);
}

/** The statuses of a route whose declared body accepts the spec's Error (`{code, message}`). */
export type ErrorStatusOf<K extends SpecRoute> = { [S in StatusOf<K>]: Schema<"Error"> extends BodyOf<K, S> ? S : never }[StatusOf<K>];

/** A refusal the spec declares for the route, as its Error schema. */
export function refuse<K extends SpecRoute, S extends ErrorStatusOf<K>>(_route: K, status: S, message: string): MockResponse {
  return errorResponse(status, message);
}

/**
 * How a route is served: the statuses its shared checks may throw (as HttpError), each of which the spec
 * must declare for it, and the handler. A thrown status not listed is a bug in the mock, not an answer.
 */
export interface Route<K extends SpecRoute> {
  throws: ReadonlyArray<ErrorStatusOf<K>>;
  /** `record` is the request's log entry: a handler may say more of what the request was (its grant). */
  handle(request: MockRequest, path: string, record: MockRequestRecord): Now<MockResponse>;
}

/**
 * Answers a route's handler (after its header checks, if given), turning the HttpErrors it may throw or
 * reject with into the `{code, message}` the spec declares; at once when the handler answers at once.
 */
export function serve<K extends SpecRoute>(key: K, route: Route<K>, request: MockRequest, path: string, record: MockRequestRecord, headers?: readonly HeaderCheck[]): Now<MockResponse> {
  return attempt(
    () => {
      if (headers !== undefined) checkHeaders(request, headers);
      return route.handle(request, path, record);
    },
    (answer) => answer,
    (caught) => declared(key, route, caught),
  );
}

/** A thrown HttpError the route declares, as its answer; anything else goes on up. */
function declared<K extends SpecRoute>(key: K, route: Route<K>, caught: unknown): MockResponse {
  if (caught instanceof HttpError && !caught.close && (route.throws as readonly number[]).includes(caught.status)) {
    return refuse(key, caught.status as ErrorStatusOf<K>, caught.message);
  }
  throw caught;
}

/** The API's base path: the mock serves nothing elsewhere, as a client with a wrong base URL must notice. */
export const BASE_PATH = "/ns-api/v2";

const UNDER_BASE_PATH = `${BASE_PATH}/`;

/** The path under the base path (`/jwt`…), or undefined for a path outside it. */
export function underBasePath(pathname: string): string | undefined {
  return pathname.startsWith(UNDER_BASE_PATH) ? pathname.slice(BASE_PATH.length) : undefined;
}

// The spec's path templates as patterns, with their methods: routing reads the spec, so a path or method
// it gains or loses changes routing and (through SpecRoute) the route table's type at once.
// Each route's key is made once: the log, the counts and the fault and header-check tables look it up on
// every request, and the same string each time keeps its hash.
const TEMPLATES = Object.entries(openapiDocument.paths as Record<string, Record<string, unknown>>).map(([template, item]) => {
  const methods = [...HTTP_METHODS].filter((method) => method in item).map((method) => method.toUpperCase());
  return {
    template,
    pattern: new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\{[^}]+\}/g, "[^/]+")}$`),
    /** Method → route key, in the spec's order (a 405's Allow header lists the keys). */
    routes: new Map(methods.map((method) => [method, `${method} ${template}` as SpecRoute])),
  };
});

// A template without placeholders (`/jwt`) is matched by a lookup, not its pattern.
const LITERAL = new Map(TEMPLATES.filter((entry) => !entry.template.includes("{")).map((entry) => [entry.template, entry]));

function templateOf(path: string) {
  return LITERAL.get(path) ?? TEMPLATES.find((entry) => entry.pattern.test(path));
}

/** The spec route a request is for, if any. */
export function routeOf(method: string, path: string): SpecRoute | undefined {
  return templateOf(path)?.routes.get(method);
}

/** The methods the spec has for a path, for a 405's Allow header; undefined for a path it does not have. */
export function methodsOf(path: string): string | undefined {
  const routes = templateOf(path)?.routes;
  return routes === undefined ? undefined : [...routes.keys()].join(", ");
}

/** Decodes a percent-encoded path segment; a malformed escape (`%ZZ`, a truncated UTF-8 sequence) is a 400. */
export function decodePathSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new HttpError(400, "The path has a malformed percent-escape");
  }
}
