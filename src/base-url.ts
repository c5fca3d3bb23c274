import { ValidationError } from "./errors.js";

/** Where the API lives: a NetSapiens host name (`server`), or a full base URL (`baseUrl`); exactly one of them. */
export type ServerLocation =
  | {
      /** The NetSapiens API host, giving `https://{server}/ns-api/v2`. */
      server: string;
      baseUrl?: never;
    }
  | {
      /** The full base URL, such as `https://pbx.example.com/ns-api/v2`. */
      baseUrl: string;
      server?: never;
    };

/** How a base URL may be given. */
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
export function resolveBaseUrl(location: Partial<Record<"server" | "baseUrl", unknown>>, options: BaseUrlOptions = {}): string {
  const { server, baseUrl } = location;
  const fail = (field: string, rule: string) => new ValidationError(`must be ${rule}.`, field);
  if (server !== undefined) {
    if (baseUrl !== undefined) throw fail("server", "given without baseUrl");
    if (typeof server !== "string" || !/^[a-z\d]([a-z\d.-]*[a-z\d])?(:\d{1,5})?$/i.test(server)) throw fail("server", "a bare host name");
    return `https://${server}/ns-api/v2`;
  }
  if (baseUrl === undefined) throw new ValidationError("or baseUrl is needed: where the API lives.", "server");
  let url: URL | undefined;
  try {
    url = new URL(String(baseUrl));
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
