// listen(): a wildcard host still yields a base URL a client can use; a port in use is a clear rejection.
import { createServer } from "node:net";
import { describe, expect, it } from "@jest/globals";
import { createMockServer, listen, MockListenError } from "../../src/mock/index.js";

const canListen = (host: string) =>
  new Promise<boolean>((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen(0, host, () => server.close(() => resolve(true)));
  });

describe("listen", () => {
  it.each([
    ["0.0.0.0", "http://127.0.0.1:"],
    ["::", "http://[::1]:"],
    ["127.0.0.1", "http://127.0.0.1:"],
    ["::1", "http://[::1]:"],
  ])("on %s reports a usable base URL (%s…)", async (host, prefix) => {
    if (!(await canListen(host))) return; // no IPv6 on this machine
    const server = await listen(createMockServer(), { host });
    try {
      expect(server.origin).toBe(`${prefix}${server.port}`);
      expect(server.baseUrl).toBe(`${server.origin}/ns-api/v2`);
      const response = await fetch(`${server.baseUrl}/jwt`);
      expect(response.status).toBe(401);
    } finally {
      await server.close();
    }
  });

  it("rejects a port in use with a MockListenError that names the host and port", async () => {
    const first = await listen(createMockServer());
    try {
      const second = listen(createMockServer(), { port: first.port });
      await expect(second).rejects.toThrow(MockListenError);
      await expect(second).rejects.toMatchObject({
        code: "EADDRINUSE",
        port: first.port,
        host: "127.0.0.1",
        message: `Port ${first.port} on 127.0.0.1 is already in use`,
      });
    } finally {
      await first.close();
    }
  });
});
