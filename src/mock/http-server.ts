import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { errorResponse, HttpError, type MockResponse } from "./exchange.js";
import { DroppedConnection, type MockNetSapiens } from "./mock-server.js";

/** `listen()` could not bind: the port is in use, the host is not this machine's, or access was denied. */
export class MockListenError extends Error {
  /**
   * The system error code: `EADDRINUSE`, `EADDRNOTAVAIL` (or `ENOTFOUND` for a host name that does not
   * resolve), `EACCES`; `ERR_SOCKET_BAD_PORT` for a port that is not an integer in 0–65535 (nothing was tried).
   */
  readonly code: string;
  readonly host: string;
  readonly port: number;

  constructor(code: string, host: string, port: number, options?: { cause?: unknown }) {
    const where = `${port} on ${host}`;
    const message =
      code === "EADDRINUSE" ? `Port ${where} is already in use`
      : code === "EACCES" ? `Permission denied to listen on port ${where}`
      : code === "EADDRNOTAVAIL" || code === "ENOTFOUND" || code === "EAI_AGAIN" ? `${host} is not an address of this machine`
      : code === "ERR_SOCKET_BAD_PORT" ? `${port} is not a port number (0–65535)`
      : `Cannot listen on port ${where} (${code})`;
    super(message, options);
    this.name = "MockListenError";
    this.code = code;
    this.host = host;
    this.port = port;
  }
}

/** The address a client on this machine reaches a server bound to `host` by: loopback for a wildcard. */
function reachableHost(host: string): string {
  if (host === "0.0.0.0") return "127.0.0.1";
  if (host === "::" || host === "[::]") return "::1";
  return host;
}

/** A mock served over HTTP: where to reach it, and how to stop it. */
export interface ListeningMock {
  /** `http://127.0.0.1:PORT`: for a wildcard host (`0.0.0.0`, `::`), the loopback address a client here can use. */
  readonly origin: string;
  /** `http://127.0.0.1:PORT/ns-api/v2`: give it to the client as `baseUrl`. */
  readonly baseUrl: string;
  /** The port it listens on. */
  readonly port: number;
  /** The node:http server itself. */
  readonly server: Server;
  /** Stops listening and closes every open connection. */
  close(): Promise<void>;
}

// Events rather than `for await`: an async iterator per request costs more than the rest of a login.
function readBody(req: IncomingMessage, limit: number): Promise<string | "too-large"> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners("data");
        resolve("too-large");
      } else chunks.push(chunk);
    });
    req.once("end", () => resolve(chunks.length === 1 ? chunks[0]!.toString("utf8") : Buffer.concat(chunks).toString("utf8")));
    req.once("error", reject);
  });
}

function send(res: ServerResponse, { status, headers, body }: MockResponse, extra?: Record<string, string>): void {
  res.writeHead(status, { ...headers, ...extra, "Content-Length": String(Buffer.byteLength(body)) });
  res.end(body);
}

/**
 * Serves the mock over real HTTP (node:http, keep-alive), on loopback by default. Rejects with a
 * MockListenError when it cannot bind (a port in use: `code` "EADDRINUSE").
 */
export async function listen(mock: MockNetSapiens, options: { port?: number; host?: string } = {}): Promise<ListeningMock> {
  const host = options.host ?? "127.0.0.1";
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new MockListenError("ERR_SOCKET_BAD_PORT", host, port);
  const server = createServer(async (req, res) => {
    try {
      const answer = await mock.handle({
        method: req.method ?? "GET",
        pathname: (req.url ?? "/").split("?")[0] ?? "/",
        search: /\?.*$/s.exec(req.url ?? "")?.[0] ?? "",
        header: (name) => {
          const value = req.headers[name.toLowerCase()];
          return Array.isArray(value) ? value.join(", ") : value;
        },
        text: async () => {
          const read = await readBody(req, mock.maxBodyBytes);
          if (read === "too-large") throw new HttpError(400, "Request body is too large", { close: true });
          return read;
        },
      });
      send(res, answer);
    } catch (error) {
      if (error instanceof DroppedConnection) {
        res.socket?.destroy();
        return;
      }
      const refusal = error instanceof HttpError ? error : undefined;
      if (refusal?.close) res.setHeader("Connection", "close");
      send(res, errorResponse(refusal?.status ?? 500, refusal?.message ?? "The mock failed"), mock.cors.headersFor(req.headers.origin));
      if (refusal?.close) req.destroy();
    }
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", (cause: NodeJS.ErrnoException) => reject(new MockListenError(cause.code ?? "UNKNOWN", host, port, { cause })));
    server.listen(port, host, () => resolve());
  });
  const bound = (server.address() as AddressInfo).port;
  const reachable = reachableHost(host);
  const origin = `http://${reachable.includes(":") ? `[${reachable}]` : reachable}:${bound}`;
  return {
    origin,
    baseUrl: `${origin}/ns-api/v2`,
    port: bound,
    server,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
