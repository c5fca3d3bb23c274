import { InvalidResponseError } from "../errors.js";
import type { FetchFn } from "./retry.js";

/**
 * Refuses a response that announces a body larger than `maxBytes` before reading any of it. A body
 * that announces no length and never ends is bounded by the call's timeout instead: checking every
 * chunk would put a stream transform on the success path of every call.
 */
export function withResponseLimit(fetch: FetchFn, maxBytes: number): FetchFn {
  return async (input, init) => {
    const response = await fetch(input, init);
    const length = response.headers.get("Content-Length");
    if (length !== null && Number(length) > maxBytes) {
      await response.body?.cancel().catch(() => undefined);
      throw new InvalidResponseError(`Response body over ${maxBytes} bytes.`, {
        status: response.status,
      });
    }
    return response;
  };
}
