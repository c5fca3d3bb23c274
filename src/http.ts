import { InvalidResponseError } from "./errors.js";
import type { FetchFn } from "./retry.js";

/**
 * Sends one request with an optional JSON body and reads the whole answer as text. The facade's own
 * calls use this directly: four endpoints need no router, and the typed client stays out of bundles
 * that do not use it.
 */
export async function sendJson(
  fetch: FetchFn,
  url: string,
  init: { method: string; headers: Record<string, string>; body?: unknown; signal: AbortSignal },
): Promise<{ response: Response; text: string }> {
  const { body, ...rest } = init;
  if (body !== undefined) rest.headers["Content-Type"] = "application/json";
  const response = await fetch(new Request(url, body === undefined ? rest : { ...rest, body: JSON.stringify(body) }));
  return { response, text: await response.text() };
}

/** Parses a successful response's JSON body; anything else is an InvalidResponseError. */
export function parseJson(text: string, status: number): unknown {
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new InvalidResponseError("The response is not JSON.", { status, cause });
  }
}
