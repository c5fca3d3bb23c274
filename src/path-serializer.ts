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

/** openapi-fetch path serializer: fills each `{name}` with its encoded value. */
export function serializePath(url: string, params: Record<string, unknown>): string {
  return url.replace(/\{([^{}]+)\}/g, (placeholder, name: string) => {
    const value = params[name];
    return value === undefined || value === null ? placeholder : encodePathSegment(String(value), name);
  });
}
