/**
 * Whether a fetch body can be sent a second time as it is: fetch serialises these from the value on each
 * call (a FormData gets a new boundary, the same fields). A ReadableStream (or anything else) is read
 * while it is sent, so it cannot be replayed.
 */
export function isReplayableBody(body: unknown): boolean {
  return (
    body === undefined ||
    body === null ||
    typeof body === "string" ||
    body instanceof ArrayBuffer ||
    ArrayBuffer.isView(body) ||
    (typeof Blob !== "undefined" && body instanceof Blob) ||
    (typeof URLSearchParams !== "undefined" && body instanceof URLSearchParams) ||
    (typeof FormData !== "undefined" && body instanceof FormData)
  );
}
