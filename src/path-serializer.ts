import { ValidationError } from "./errors.js";

/**
 * Encodes one path segment so that no value can change which path is called: `/`, `?`, `#`, `%` and
 * spaces are percent-encoded and `@` stays literal, as NetSapiens writes uids in paths. Values that
 * no encoding can keep in place are refused: URL parsers resolve `.` and `..` (even as `%2E`) away,
 * and an empty value would call the parent path.
 */
export function encodePathSegment(value: string, name = "path parameter"): string {
  if (value === "" || /^(\.|%2e){1,2}$/i.test(value)) {
    throw new ValidationError("must not be empty, . or ..", name);
  }
  return encodeURIComponent(value).replace(/%40/g, "@");
}

/** Fills each `{name}` of a path with its encoded value. */
export function serializePath(url: string, params: Record<string, unknown>): string {
  return url.replace(/\{([^{}]+)\}/g, (placeholder, name: string) => {
    const value = params[name];
    return value === undefined || value === null ? placeholder : encodePathSegment(String(value), name);
  });
}

// A value that openapi-fetch's own path serializer would send otherwise than `encodePathSegment`: with `@`
// (it sends `%40`), or one that must be refused (empty, `.`, `..`).
const ENCODED_OTHERWISE = /@|^(\.|%2e){0,2}$/i;

/**
 * THE rule for a spec path key on the wire, for every openapi-fetch client (the package's typed clients and
 * a client of your own with `createAuthMiddleware`): NetSapiens' export keys variants of one path as
 * `/domains/{domain}/cdrs#2`, and openapi-fetch appends the query after that `#`, where it would never be
 * sent. The request goes to the path without `#N`, with the query kept and path values encoded by
 * `encodePathSegment` (`@` literal). A request that needs none of this is returned as it is, unread.
 */
export function toWireRequest(request: Request, schemaPath: string, pathParams: Record<string, unknown> | undefined, baseUrl: string): Request {
  const hash = schemaPath.indexOf("#");
  let rebuild = hash !== -1;
  if (!rebuild && pathParams !== undefined) {
    for (const name in pathParams) {
      const value = pathParams[name];
      if (value !== undefined && value !== null && ENCODED_OTHERWISE.test(String(value))) rebuild = true;
    }
  }
  if (!rebuild) return request;
  const path = serializePath(hash === -1 ? schemaPath : schemaPath.slice(0, hash), pathParams ?? {});
  const url = request.url;
  const query = url.indexOf("?");
  return new Request(baseUrl + path + (query === -1 ? "" : url.slice(query)), request);
}
