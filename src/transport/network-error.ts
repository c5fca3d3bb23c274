import { NetworkError, NsApiError } from "../errors.js";
import { inBrowser } from "./client-headers.js";
import type { FetchFn } from "./retry.js";

type RuntimeError = { code?: unknown; cause?: { code?: unknown }; message?: string } | undefined;

/**
 * Wraps a fetch so that a request that got no response rejects with a NetworkError naming the host and the
 * runtime's cause code (Node and Bun set `code`, on the error or its cause; Deno writes `os error N`), never
 * the URL: its query may hold anything. Browsers report a request their CORS check refused exactly like a
 * dead network (a bare TypeError), so there, and only there, the message says so. An abort is left to the
 * call's deadline, which tells timeouts from aborts.
 */
export const withNetworkErrors =
  (fetch: FetchFn): FetchFn =>
  (input, init) =>
    fetch(input, init).catch((error: RuntimeError) => {
      if (error instanceof NsApiError || (init?.signal ?? (input as Request).signal)?.aborted) throw error;
      const code = error?.cause?.code ?? error?.code ?? /os error \d+/.exec(error?.message ?? "")?.[0] ?? "network failure";
      const hint = inBrowser() ? " In a browser, a request refused by CORS looks the same." : "";
      throw new NetworkError(`No response from ${new URL((input as Request).url ?? input).host} (${code}).${hint}`, { cause: error });
    });
