import { createServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { errorResponse, HttpError, type MockResponse } from "./exchange.js";
import { attempt } from "./maybe-now.js";
import { answerNow, DroppedConnection, type MockNetSapiens } from "./mock-server.js";
import { NodeRequest } from "./node-request.js";

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

function send(res: ServerResponse, { status, headers, body }: MockResponse): void {
  // writeHead's flat-array form: no object spread per answer, and node walks an array faster than keys.
  const flat: Array<string | number> = [];
  for (const name in headers) {
    if (name.length === 14 && name.toLowerCase() === "content-length") return sendMerged(res, { status, headers, body });
    flat.push(name, headers[name]!);
  }
  flat.push("Content-Length", Buffer.byteLength(body));
  res.writeHead(status, flat);
  res.end(body);
}

// The answers the server makes itself (and a custom route's own Content-Length): the headers merged as objects.
function sendMerged(res: ServerResponse, { status, headers, body }: MockResponse, extra?: Record<string, string>): void {
  res.writeHead(status, { ...headers, ...extra, "Content-Length": String(Buffer.byteLength(body)) });
  res.end(body);
}

/** Answers a request with the mock's answer; a failure (a fault's drop, a body cut off, a bug) as the server's own. */
function answer(mock: MockNetSapiens, request: NodeRequest, res: ServerResponse): void {
  void attempt(
    () => answerNow(mock, request),
    (answered) => sent(mock, request, res, answered),
    (error) => fail(mock, request, res, error),
  );
}

function sent(mock: MockNetSapiens, request: NodeRequest, res: ServerResponse, response: MockResponse): void {
  try {
    send(res, response);
  } catch (error) {
    fail(mock, request, res, error);
  }
}

function fail(mock: MockNetSapiens, request: NodeRequest, res: ServerResponse, error: unknown): void {
  if (error instanceof DroppedConnection) {
    res.socket?.destroy();
    return;
  }
  const refusal = error instanceof HttpError ? error : undefined;
  if (refusal?.close) res.setHeader("Connection", "close");
  sendMerged(res, errorResponse(refusal?.status ?? 500, refusal?.message ?? "The mock failed"), mock.cors.headersFor(request.header("Origin")));
  if (refusal?.close) request.req.destroy();
}

/**
 * Serves the mock over real HTTP (node:http, keep-alive), on loopback by default. Rejects with a
 * MockListenError when it cannot bind (a port in use: `code` "EADDRINUSE").
 */
export async function listen(mock: MockNetSapiens, options: { port?: number; host?: string } = {}): Promise<ListeningMock> {
  const host = options.host ?? "127.0.0.1";
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new MockListenError("ERR_SOCKET_BAD_PORT", host, port);
  // Not an async handler: an answer that needs nothing to wait for is written before the handler returns.
  const server = createServer((req, res) => answer(mock, new NodeRequest(req, mock.maxBodyBytes), res));
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
