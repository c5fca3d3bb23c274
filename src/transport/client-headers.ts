import { VERSION } from "../version.js";

/**
 * Whether this runs in a browser (or a browser worker): every browser's `navigator.userAgent` starts with
 * `Mozilla/`, while Node (21+), Deno, Bun and workerd name themselves, and older Node has no navigator.
 */
export function inBrowser(): boolean {
  const agent = (globalThis as { navigator?: { userAgent?: unknown } }).navigator?.userAgent;
  return typeof agent === "string" && agent.startsWith("Mozilla/");
}

/**
 * The headers every request carries. `User-Agent: ns-api-jwt/<version> [suffix]` is sent only outside
 * browsers: a browser either ignores it or (Firefox) sends it and so asks for `user-agent` in every CORS
 * preflight, which a server allowing exactly `Authorization, Content-Type` refuses. In a browser the
 * client is not identified by a header.
 */
export function clientHeaders(userAgentSuffix: string | undefined, logTag: string | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  if (!inBrowser()) headers["User-Agent"] = `ns-api-jwt/${VERSION}${userAgentSuffix === undefined ? "" : ` ${userAgentSuffix}`}`;
  if (logTag !== undefined) headers["X-NetSapiens-Log"] = logTag;
  return headers;
}
