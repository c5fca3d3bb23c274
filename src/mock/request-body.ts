import { HttpError, type MockRequest } from "./exchange.js";
import { then, type Now } from "./maybe-now.js";

// The mock's one body reader: the spec's routes (readJson) and custom routes (bodyReader) both read here.

/** Refuses a body whose declared length is over the limit before reading any of it. */
function declaredWithin(request: MockRequest, maxBytes: number): void {
  if (Number(request.header("Content-Length") ?? "0") > maxBytes) throw new HttpError(400, "Request body is too large");
}

function readWithin(text: string, maxBytes: number): string {
  // UTF-8 takes at most 3 bytes per UTF-16 unit: only a body near the limit needs encoding to be measured.
  if (text.length * 3 > maxBytes && Buffer.byteLength(text) > maxBytes) throw new HttpError(400, "Request body is too large");
  return text;
}

/** The body as text within `maxBytes`; larger is a 400 (thrown at once when the declared length says so). */
function textWithin(request: MockRequest, maxBytes: number): Now<string> {
  declaredWithin(request, maxBytes);
  return then(request.text(), (text) => readWithin(text, maxBytes));
}

/** The body as text within `maxBytes`; larger is a 400. */
export async function readText(request: MockRequest, maxBytes: number): Promise<string> {
  return textWithin(request, maxBytes);
}

/** Parses a body as JSON; anything else is a 400. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError(400, "Request body is not valid JSON");
  }
}

/**
 * Reads a JSON request body (Content-Type application/json) within `maxBytes`; anything else is a 400,
 * thrown at once when the headers already say so.
 */
export function readJson(request: MockRequest, maxBytes: number): Now<unknown> {
  const type = request.header("Content-Type") ?? "";
  if (!/^application\/json\s*(;|$)/i.test(type)) throw new HttpError(400, "Content-Type must be application/json");
  return then(textWithin(request, maxBytes), parseJson);
}

/** Reads the body once, for a custom route's `text()` and `json()`. */
export function bodyReader(request: MockRequest, maxBytes: number): { text(): Promise<string>; json(): Promise<unknown> } {
  let read: Promise<string> | undefined;
  const text = () => (read ??= readText(request, maxBytes));
  return { text, json: async () => parseJson(await text()) };
}
