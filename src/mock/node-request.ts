// A node:http request as the mock's MockRequest, for listen(): one object with its methods on the
// prototype, not closures per request, and the URL cut at its `?` without a regex. Headers come from
// `req.headers`: node builds that object for every request anyway (its Host check reads it).
import type { IncomingMessage } from "node:http";
import { HttpError, type MockRequest } from "./exchange.js";

export class NodeRequest implements MockRequest {
  readonly method: string;
  readonly pathname: string;
  readonly search: string;

  constructor(
    readonly req: IncomingMessage,
    private readonly maxBodyBytes: number,
  ) {
    this.method = req.method ?? "GET";
    const url = req.url ?? "/";
    const query = url.indexOf("?");
    this.pathname = query === -1 ? url : url.slice(0, query);
    this.search = query === -1 ? "" : url.slice(query);
  }

  header(name: string): string | undefined {
    const value = this.req.headers[keyOf(name)];
    return Array.isArray(value) ? value.join(", ") : value;
  }

  text(): Promise<string> {
    return readBody(this.req, this.maxBodyBytes);
  }
}

// A header's key in `req.headers` (its name in lower case), made once per name: a name lower-cased on
// every call is a new string, which V8 has to find in its string table before it can read the property.
const KEYS = new Map<string, string>();

function keyOf(name: string): string {
  let key = KEYS.get(name);
  if (key === undefined) {
    key = name.toLowerCase();
    if (KEYS.size < 256) KEYS.set(name, key); // bounded: a custom route's handler may ask for any name
  }
  return key;
}

// Events rather than `for await`: an async iterator per request costs more than the rest of a login. A body
// over the limit is cut off: the connection cannot be reused, so the refusal closes it.
function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners("data");
        reject(new HttpError(400, "Request body is too large", { close: true }));
      } else chunks.push(chunk);
    });
    // `on`, not `once`: each comes at most once per request, and `once` wraps every listener in a closure.
    req.on("end", () => resolve(chunks.length === 1 ? chunks[0]!.toString("utf8") : Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}
