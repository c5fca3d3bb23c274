import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { DroppedConnection, type MockNetSapiens } from "./mock-server.js";

/** The body grew past the mock's limit while it was read. */
class BodyTooLarge extends Error {}

/** A mock served over HTTP on loopback (`listen`, `startMockServer`). */
export interface ListeningMock {
  /** `http://127.0.0.1:PORT` */
  readonly origin: string;
  /** `http://127.0.0.1:PORT/ns-api/v2`: give it to the client as `baseUrl`. */
  readonly baseUrl: string;
  readonly port: number;
  readonly server: Server;
  /** Stops the server and closes its connections. */
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

function send(res: ServerResponse, status: number, headers: Record<string, string>, body: string): void {
  res.writeHead(status, { ...headers, "Content-Length": String(Buffer.byteLength(body)) });
  res.end(body);
}

/** Serves the mock over real HTTP (node:http, keep-alive), on loopback by default. */
export async function listen(mock: MockNetSapiens, options: { port?: number; host?: string } = {}): Promise<ListeningMock> {
  const host = options.host ?? "127.0.0.1";
  const server = createServer(async (req, res) => {
    try {
      const answer = await mock.handle({
        method: req.method ?? "GET",
        pathname: (req.url ?? "/").split("?")[0] ?? "/",
        header: (name) => {
          const value = req.headers[name.toLowerCase()];
          return Array.isArray(value) ? value.join(", ") : value;
        },
        text: async () => {
          const read = await readBody(req, mock.maxBodyBytes);
          if (read === "too-large") throw new BodyTooLarge();
          return read;
        },
      });
      send(res, answer.status, answer.headers, answer.body);
    } catch (error) {
      if (error instanceof DroppedConnection) {
        res.socket?.destroy();
      } else if (error instanceof BodyTooLarge) {
        res.setHeader("Connection", "close");
        send(res, 400, { "Content-Type": "application/json" }, JSON.stringify({ code: 400, message: "Request body is too large" }));
        req.destroy();
      } else {
        send(res, 500, { "Content-Type": "application/json" }, JSON.stringify({ code: 500, message: "The mock failed" }));
      }
    }
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const origin = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
  return {
    origin,
    baseUrl: `${origin}/ns-api/v2`,
    port,
    server,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
