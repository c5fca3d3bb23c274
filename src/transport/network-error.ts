import { NetworkError, NsApiError } from "../errors.js";
import { inBrowser } from "./client-headers.js";
import type { FetchFn } from "./retry.js";

/** The runtime's reason, as a code: Node and Bun set `code` (on the error or its cause); Deno writes `os error N`. */
function causeCode(error: unknown): string | undefined {
  const { code, cause, message } = (error ?? {}) as { code?: unknown; cause?: { code?: unknown }; message?: unknown };
  const found = cause?.code ?? code;
  if (typeof found === "string" && /^[\w.-]{1,40}$/.test(found)) return found;
  const os = typeof message === "string" ? /os error \d+/.exec(message) : null;
  return os?.[0];
}

/**
 * Wraps a fetch so that a request that got no response rejects with a NetworkError naming the host and the
 * runtime's cause code, never the URL (its query may hold anything). Browsers report a request their CORS
 * check refused exactly like a dead network (a bare TypeError), so there, and only there, the message says
 * so. An abort is left to the call's deadline, which tells timeouts from aborts.
 */
export function withNetworkErrors(fetch: FetchFn): FetchFn {
  return async (input, init) => {
    try {
      return await fetch(input, init);
    } catch (error) {
      if (error instanceof NsApiError || init?.signal?.aborted || (typeof input !== "string" && input.signal?.aborted)) throw error;
      let host = "";
      try {
        host = new URL(typeof input === "string" ? input : input.url).host;
      } catch {
        // a relative URL, which fetch itself refused
      }
      const code = causeCode(error);
      const where = host === "" ? "" : ` from ${host}`;
      const hint = inBrowser() ? " In a browser, a cross-origin request blocked by CORS looks the same." : "";
      throw new NetworkError(`No response${where}${code === undefined ? " (network failure)" : ` (${code})`}.${hint}`, { cause: error });
    }
  };
}
