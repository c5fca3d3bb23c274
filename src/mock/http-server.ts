import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { DroppedConnection, type MockNetSapiens } from "./mock-server.js";

export interface ListeningMock {
  /** `http://127.0.0.1:PORT` */
  readonly origin: string;
  /** `http://127.0.0.1:PORT/ns-api/v2`: give it to the client as `baseUrl`. */
  readonly baseUrl: string;
  readonly port: number;
  readonly server: Server;
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage, limit: number): Promise<Buffer | "too-large"> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) return "too-large";
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

async function send(res: ServerResponse, response: Response): Promise<void> {
  const body = Buffer.from(await response.arrayBuffer());
  res.writeHead(response.status, { ...Object.fromEntries(response.headers), "Content-Length": String(body.length) });
  res.end(body);
}

/** Serves the mock's fetch handler over real HTTP (node:http, keep-alive), on loopback by default. */
export async function listen(mock: MockNetSapiens, options: { port?: number; host?: string } = {}): Promise<ListeningMock> {
  const host = options.host ?? "127.0.0.1";
  const server = createServer(async (req, res) => {
    try {
      const url = `http://${host}${req.url ?? "/"}`;
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) {
        if (typeof value === "string") headers.set(name, value);
        else if (Array.isArray(value)) for (const v of value) headers.append(name, v);
      }
      let body: Buffer | undefined;
      if (req.method !== "GET" && req.method !== "HEAD") {
        const read = await readBody(req, mock.maxBodyBytes);
        if (read === "too-large") {
          res.writeHead(400, { "Content-Type": "application/json", Connection: "close" });
          res.end(JSON.stringify({ code: 400, message: "Request body is too large" }));
          req.destroy();
          return;
        }
        body = read;
      }
      const request = new Request(url, { method: req.method ?? "GET", headers, ...(body === undefined ? {} : { body: new Uint8Array(body) }) });
      await send(res, await mock.fetch(request));
    } catch (error) {
      if (error instanceof DroppedConnection) {
        res.socket?.destroy();
        return;
      }
      res.writeHead(500, { "Content-Type": "application/json" });
      res.end(JSON.stringify({ code: 500, message: "The mock failed" }));
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
