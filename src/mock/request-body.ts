import { HttpError, type MockRequest } from "./exchange.js";

/** Reads a JSON request body within `maxBytes`; anything else is a 400. */
export async function readJson(request: MockRequest, maxBytes: number): Promise<unknown> {
  const type = request.header("Content-Type") ?? "";
  if (!/^application\/json\s*(;|$)/i.test(type)) throw new HttpError(400, "Content-Type must be application/json");
  const declared = Number(request.header("Content-Length") ?? "0");
  if (declared > maxBytes) throw new HttpError(400, "Request body is too large");
  const text = await request.text();
  // UTF-8 takes at most 3 bytes per UTF-16 unit: only a body near the limit needs encoding to be measured.
  if (text.length * 3 > maxBytes && new TextEncoder().encode(text).length > maxBytes) {
    throw new HttpError(400, "Request body is too large");
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError(400, "Request body is not valid JSON");
  }
}
