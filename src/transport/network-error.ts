import { NetworkError } from "../errors.js";
import { inBrowser } from "./client-headers.js";

type RuntimeError = { code?: unknown; cause?: { code?: unknown }; message?: string } | undefined;

/**
 * The NetworkError for a request to `target` that got no response: it names the host and the runtime's
 * cause code (Node and Bun set `code`, on the error or its cause; Deno writes `os error N`), never the URL,
 * whose query may hold anything. Browsers report a request their CORS check refused exactly like a dead
 * network (a bare TypeError), so there, and only there, the message says so. Made only once a call failed:
 * nothing of it is on the success path.
 */
export function networkError(error: unknown, target: string): NetworkError {
  const { code, cause, message } = (error ?? {}) as NonNullable<RuntimeError>;
  const reason = cause?.code ?? code ?? /os error \d+/.exec(String(message))?.[0] ?? "network failure";
  const host = /^[a-z][\w+.-]*:\/\/([^/?#]*)/i.exec(target)?.[1] || "the server";
  const hint = inBrowser() ? " In a browser, a cross-origin request blocked by CORS looks the same." : "";
  return new NetworkError(`No response from ${host} (${reason}).${hint}`, { cause: error });
}
