import { ValidationError } from "./errors.js";

/** Where the API lives: a NetSapiens host name, or a full base URL. */
export type ServerLocation =
  | { server: string; baseUrl?: never }
  | { baseUrl: string; server?: never };

export interface BaseUrlOptions {
  /**
   * Allow an `http://` base URL on a host that is not loopback. Tokens and passwords then cross the
   * network in clear text; meant for test rigs only.
   */
  allowInsecureHttp?: boolean | undefined;
}

const HOST_NAME = /^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?(:\d{1,5})?$/;

function isLoopback(hostname: string): boolean {
  return (
    hostname === "localhost" ||
    hostname.endsWith(".localhost") ||
    hostname === "[::1]" ||
    /^127(\.\d{1,3}){3}$/.test(hostname)
  );
}

/**
 * Resolves `server` (→ `https://{server}/ns-api/v2`) or `baseUrl` to the base URL without a trailing
 * slash, refusing anything that would send credentials somewhere unexpected.
 */
export function resolveBaseUrl(location: Partial<ServerLocation>, options: BaseUrlOptions = {}): string {
  const { server, baseUrl } = location;
  if (server !== undefined && baseUrl !== undefined) {
    throw new ValidationError("Give either `server` or `baseUrl`, not both.", "server");
  }
  if (server !== undefined) {
    if (typeof server !== "string" || !HOST_NAME.test(server)) {
      throw new ValidationError("`server` must be a host name such as `pbx.example.com` (no scheme or path).", "server");
    }
    return `https://${server}/ns-api/v2`;
  }
  if (typeof baseUrl !== "string" || baseUrl.length === 0) {
    throw new ValidationError("Give `server` (a host name) or `baseUrl`.", "baseUrl");
  }
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new ValidationError("`baseUrl` is not an absolute URL.", "baseUrl");
  }
  if (url.username || url.password) {
    throw new ValidationError("`baseUrl` must not carry a user name or password.", "baseUrl");
  }
  if (url.search || url.hash) {
    throw new ValidationError("`baseUrl` must not have a query or a fragment.", "baseUrl");
  }
  if (url.protocol === "http:" && !isLoopback(url.hostname) && options.allowInsecureHttp !== true) {
    throw new ValidationError(
      "`baseUrl` uses http:// on a host that is not loopback; use https://, or set `allowInsecureHttp: true` for a test rig.",
      "baseUrl",
    );
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new ValidationError("`baseUrl` must be an http:// or https:// URL.", "baseUrl");
  }
  return `${url.origin}${url.pathname}`.replace(/\/+$/, "");
}
