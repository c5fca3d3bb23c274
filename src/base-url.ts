import { ValidationError } from "./errors.js";

/** Where the API lives: a NetSapiens host name, or a full base URL. */
export type ServerLocation = { server: string; baseUrl?: never } | { baseUrl: string; server?: never };

/** How a base URL may be given: options shared by `NsAuth` and `createNsApiClient`. */
export interface BaseUrlOptions {
  /**
   * Allow an `http://` base URL on a host that is not loopback. Tokens and passwords then cross the
   * network in clear text; meant for test rigs only.
   */
  allowInsecureHttp?: boolean | undefined;
}

const LOOPBACK = /^(localhost|.+\.localhost|\[::1\]|127(\.\d{1,3}){3})$/;

/**
 * Resolves `server` (→ `https://{server}/ns-api/v2`) or `baseUrl` to the base URL without a trailing
 * slash, refusing anything that would send credentials somewhere unexpected.
 */
export function resolveBaseUrl(location: Partial<ServerLocation>, options: BaseUrlOptions = {}): string {
  const { server, baseUrl } = location;
  const fail = (field: string, rule: string) => new ValidationError(`must be ${rule}.`, field);
  if (server !== undefined) {
    if (baseUrl !== undefined) throw fail("server", "given without baseUrl");
    if (!/^[a-z\d]([a-z\d.-]*[a-z\d])?(:\d{1,5})?$/i.test(server)) throw fail("server", "a bare host name");
    return `https://${server}/ns-api/v2`;
  }
  let url: URL | undefined;
  try {
    url = new URL(baseUrl ?? "");
  } catch {
    // reported below
  }
  if (!url || !/^https?:$/.test(url.protocol) || url.username || url.password || url.search || url.hash) {
    throw fail("baseUrl", "an http(s) URL without credentials, query or fragment");
  }
  if (url.protocol === "http:" && !LOOPBACK.test(url.hostname) && options.allowInsecureHttp !== true) {
    throw fail("baseUrl", "https:// (or loopback, or allowInsecureHttp)");
  }
  return `${url.origin}${url.pathname}`.replace(/\/+$/, "");
}
