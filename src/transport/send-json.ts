import { InvalidResponseError } from "../errors.js";
import type { FetchFn } from "./retry.js";

/** A response and its body: parsed JSON on success (when asked for), the raw text on failure. Untyped: src/typed/ types it. */
export interface JsonResult {
  response: Response;
  data: unknown;
  errorText: string;
}

/**
 * Sends one request with an optional JSON body. On success the body is parsed as JSON when `parse` is
 * set (a body that is not JSON is an InvalidResponseError) and skipped otherwise; on failure it is kept
 * as text for the error. The typed layer (src/typed/) sends the facade's calls through
 * this: four endpoints need no router, and openapi-fetch stays out of bundles that do not use it.
 */
export async function sendJson(
  fetch: FetchFn,
  url: string,
  init: { method: string; headers: Record<string, string>; body?: unknown; signal: AbortSignal | undefined },
  parse: boolean,
): Promise<JsonResult> {
  const { method, headers, body, signal } = init;
  let payload: string | undefined;
  if (body !== undefined) {
    headers["Content-Type"] = "application/json";
    payload = JSON.stringify(body);
  }
  // fetch(url, init) rather than fetch(new Request(...)): fetch builds a Request of its own either way, and
  // with a signal each Request follows it with listeners and a finalizer, so one Request costs half as much.
  const response = await fetch(url, { method, headers, body: payload ?? null, signal: signal ?? null });
  if (!response.ok) return { response, data: undefined, errorText: await response.text() };
  if (!parse) {
    await response.body?.cancel();
    return { response, data: undefined, errorText: "" };
  }
  try {
    return { response, data: await response.json(), errorText: "" };
  } catch (cause) {
    // By name: a SyntaxError from another realm (a worker, a test sandbox) is not instanceof ours.
    if ((cause as Error)?.name !== "SyntaxError") throw cause;
    throw new InvalidResponseError("The response is not JSON.", { status: response.status, cause });
  }
}
