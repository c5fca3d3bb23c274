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
  // A plain object, the common case: copied without a Headers object (a third of a call's allocations).
  const headers: Record<string, string> = {};
  const names: string[] = [];
  for (const name in given) {
    const value = (given as Record<string, string | undefined>)[name];
    if (value === undefined) continue;
    headers[name] = value;
    names.push(name.toLowerCase());
  }
  for (const name in defaults) if (!names.includes(name.toLowerCase())) headers[name] = defaults[name]!;
  return { headers, ownAuthorization: names.includes("authorization") };
}
