import { InvalidResponseError } from "../errors.js";
import { encodePathSegment } from "../path-serializer.js";
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
  /** Refuse a response that announces a larger body, unread. */
  maxBytes: number;
}

/**
 * Sends one call of the spec through `fetch`: the facade's four endpoints need no router, and openapi-fetch
 * stays out of bundles that do not use it. The URL is the base plus the route's path with its parameters
 * encoded one segment each; the body is JSON. On success the body is parsed as JSON when `parse` is set (a
 * body that is not JSON is an InvalidResponseError); on failure it is kept as text for the error. A success
 * status other than the route's one still counts as success (servers answer 200 where the spec says 202).
 */
export async function typedCall<O, S>(fetch: FetchFn, baseUrl: string, route: SpecRoute<O, S>, request: TypedRequest<O>): Promise<TypedResult<ResponseBody<O, S>>> {
  const { headers, body, signal } = request;
  const params = request.path as Record<string, string> | undefined;
  const path = params === undefined ? route.path : route.path.replace(/\{([^{}]+)\}/g, (_, name: string) => encodePathSegment(String(params[name]), name));
  if (body !== undefined) headers["Content-Type"] = "application/json";
  // fetch(url, init) rather than fetch(new Request(...)): fetch builds a Request of its own either way, and
  // with a signal each Request follows it with listeners and a finalizer, so one Request costs half as much.
  const response = await fetch(baseUrl + path, { method: route.method, headers, body: body === undefined ? null : JSON.stringify(body), signal: signal ?? null });
  // A body that announces no length and never ends is bounded by the call's timeout instead: checking every
  // chunk would put a stream transform on the success path of every call.
  if (Number(response.headers.get("Content-Length")) > request.maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw new InvalidResponseError(`Response body over ${request.maxBytes} bytes.`, { status: response.status });
  }
  if (!response.ok) return { response, data: undefined, errorText: await response.text() };
  if (!request.parse) {
    await response.body?.cancel();
    return { response, data: undefined, errorText: "" };
  }
  try {
    return { response, data: await response.json(), errorText: "" };
  } catch (cause) {
    // By name: a SyntaxError from another realm (a worker, a test sandbox) is not instanceof ours.
    if ((cause as Error)?.name !== "SyntaxError") throw cause;
    throw new InvalidResponseError("The response is not JSON.", { status: response.status, cause });
  }
}
