import { encodePathSegment } from "../path-serializer.js";
import { sendJson } from "../transport/send-json.js";
import type { FetchFn } from "../transport/retry.js";
import type { PathParams, RequestBody, ResponseBody, SpecRoute } from "./spec-types.js";

/** What a typed call returns: the response, its body typed by the spec (on success), or the error text. */
export interface TypedResult<D> {
  response: Response;
  data: D | undefined;
  errorText: string;
}

/** The request of a typed call: path parameters, JSON body and headers, each typed by the spec. */
export interface TypedRequest<O> {
  path: PathParams<O>;
  body: RequestBody<O>;
  headers: Record<string, string>;
  signal: AbortSignal | undefined;
  /** Read and parse the success body (false: skip it, as for a revocation's 202). */
  parse: boolean;
}

/**
 * Sends one call of the spec through `fetch`. No router and no Request of its own: the URL is the base
 * plus the route's path with its parameters encoded one segment each, the body is JSON. A success
 * status other than the route's one still counts as success (servers answer 200 where the spec says
 * 202); the data is typed as the route's.
 */
export function typedCall<O, S>(fetch: FetchFn, baseUrl: string, route: SpecRoute<O, S>, request: TypedRequest<O>): Promise<TypedResult<ResponseBody<O, S>>> {
  const params = request.path as Record<string, string> | undefined;
  const path = params === undefined ? route.path : route.path.replace(/\{([^{}]+)\}/g, (_, name: string) => encodePathSegment(String(params[name]), name));
  return sendJson(fetch, baseUrl + path, { method: route.method, headers: request.headers, body: request.body, signal: request.signal }, request.parse) as Promise<TypedResult<ResponseBody<O, S>>>;
}
