/** The headers to send: the caller's, plus each default the caller did not set (names compared case-insensitively). */
export interface MergedHeaders {
  headers: Record<string, string> | Headers;
  /** The caller set its own Authorization: the request is sent as it is and never replayed. */
  ownAuthorization: boolean;
}

export function mergeHeaders(defaults: Record<string, string>, given: HeadersInit | undefined): MergedHeaders {
  if (given === undefined || given === null) return { headers: { ...defaults }, ownAuthorization: false };
  if (given instanceof Headers || Array.isArray(given)) {
    const headers = new Headers(given);
    for (const name in defaults) if (!headers.has(name)) headers.set(name, defaults[name]!);
    return { headers, ownAuthorization: headers.has("Authorization") };
  }
  // A plain object, the common case: copied without a Headers object.
  const headers: Record<string, string> = {};
  const names: string[] = [];
  let ownAuthorization = false;
  for (const name in given) {
    const value = (given as Record<string, string>)[name];
    if (value === undefined) continue;
    headers[name] = value;
    const lower = name.toLowerCase();
    names.push(lower);
    if (lower === "authorization") ownAuthorization = true;
  }
  for (const name in defaults) if (!names.includes(name.toLowerCase())) headers[name] = defaults[name]!;
  return { headers, ownAuthorization };
}

/** Sets Authorization on headers from `mergeHeaders` (they are the call's own copy, and fetch copies them when it sends). */
export function setAuthorization(headers: Record<string, string> | Headers, value: string): void {
  if (headers instanceof Headers) headers.set("Authorization", value);
  else headers.Authorization = value;
}
