// Failures without a response name the host and the cause; `mock` listens where it says. The built bin.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer as createHttpsServer } from "node:https";
import { createServer, type Server, type Socket } from "node:net";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "@jest/globals";
import { fakeJwt } from "../support/tokens.js";
import { cli, expectNoLeaks, startMock, tempHome, type RunningMock } from "./support/built-cli.js";

const home = tempHome();
const servers: Array<Server | ReturnType<typeof createHttpsServer>> = [];
const mocks: RunningMock[] = [];
const sockets = new Set<Socket>();
const token = fakeJwt({ exp: Math.floor(Date.now() / 1000) + 3600 });

afterAll(async () => {
  await Promise.all(mocks.map((mock) => mock.stop()));
  for (const socket of sockets) socket.destroy();
  await Promise.all(servers.map((server) => new Promise((done) => server.close(done))));
  home.remove();
}, 15_000);

function listening<T extends Server | ReturnType<typeof createHttpsServer>>(server: T): Promise<number> {
  servers.push(server);
  // Closing waits for open connections: a hung or half-done one would hold the suite open.
  server.on("connection", (socket: Socket) => sockets.add(socket));
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve((server.address() as { port: number }).port)));
}

async function freePort(): Promise<number> {
  const server = createServer();
  const port = await new Promise<number>((resolve) => server.listen(0, "127.0.0.1", () => resolve((server.address() as { port: number }).port)));
  await new Promise((done) => server.close(done));
  return port;
}

const claims = (baseUrl: string, ...extra: string[]) => cli(["claims", "--base-url", baseUrl, ...extra], { env: { ...home.env, NS_TOKEN: token } });

describe("network failures say which host and why", () => {
  it("connection refused", async () => {
    const port = await freePort();
    const text = await claims(`http://127.0.0.1:${port}/ns-api/v2`);
    expect(text).toMatchObject({ code: 5, stdout: "", stderr: `NetworkError: Could not reach 127.0.0.1:${port}: ECONNREFUSED (connection refused).\n` });
    const json = await claims(`http://localhost:${port}/ns-api/v2`, "--json"); // localhost: an AggregateError of ::1 and 127.0.0.1
    expect(JSON.parse(json.stderr)).toEqual({ error: { name: "NetworkError", message: expect.stringContaining("ECONNREFUSED"), host: `localhost:${port}`, cause: "ECONNREFUSED" } });
  });

  it("no such host", async () => {
    const result = await cli(["claims", "--server", "no-such-host.invalid", "--json"], { env: { NS_TOKEN: token } });
    expect(result.code).toBe(5);
    // ENOTFOUND where a resolver answers; EAI_AGAIN on a machine with no resolver at all.
    expect(JSON.parse(result.stderr).error).toMatchObject({ host: "no-such-host.invalid", cause: expect.stringMatching(/^(ENOTFOUND|EAI_AGAIN)$/) });
  });

  it("a self-signed TLS certificate", async () => {
    const key = join(home.dir, "key.pem");
    const cert = join(home.dir, "cert.pem");
    execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "1", "-subj", "/CN=127.0.0.1"], { stdio: "ignore" });
    const port = await listening(createHttpsServer({ key: readFileSync(key), cert: readFileSync(cert) }, (_req, res) => res.end("{}")));
    const result = await claims(`https://127.0.0.1:${port}/ns-api/v2`);
    expect(result).toMatchObject({
      code: 5,
      stderr: `NetworkError: Could not reach 127.0.0.1:${port}: DEPTH_ZERO_SELF_SIGNED_CERT (TLS: the server's certificate is self-signed).\n`,
    });
  });

  it("a server that never answers: the timeout, with the host", async () => {
    const port = await listening(createServer(() => undefined));
    const result = await claims(`http://127.0.0.1:${port}/ns-api/v2`, "--timeout", "300");
    expect(result.code).toBe(5);
    expect(result.stderr).toBe(`TimeoutError: 127.0.0.1:${port} did not answer in time: Timed out after 300 ms. (see --timeout).\n`);
  });
});

describe("mock", () => {
  it("--host 0.0.0.0 prints a base URL a client can use", async () => {
    const mock = await startMock(["--host", "0.0.0.0"]);
    mocks.push(mock);
    expect(mock.info.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/ns-api\/v2$/);
    const other = tempHome();
    const login = await cli(["login", "--base-url", mock.info.baseUrl, "--username", "1001@example.com", "--json"], {
      env: { ...other.env, NS_CLIENT_ID: mock.info.clientId, NS_CLIENT_SECRET: mock.info.clientSecret, NS_PASSWORD: "demo-password-1001" },
    });
    other.remove();
    expect(login.code).toBe(0);
    expect(JSON.parse(login.stdout).sub).toBe("1001@example.com");
  });

  it("a port in use is one line and exit code 6", async () => {
    const port = await listening(createServer());
    const text = await cli(["mock", "--port", String(port)]);
    expect(text).toMatchObject({ code: 6, stdout: "", stderr: `ListenError: Port ${port} on 127.0.0.1 is already in use.\n` });
    const json = await cli(["mock", "--port", String(port), "--json"]);
    expect(json.code).toBe(6);
    expect(JSON.parse(json.stderr)).toEqual({ error: { name: "ListenError", message: `Port ${port} on 127.0.0.1 is already in use.` } });
  });

  it("serves the API under /ns-api/v2 only", async () => {
    const mock = mocks[0] ?? (await startMock());
    const origin = new URL(mock.info.baseUrl).origin;
    expect((await fetch(`${origin}/ns-api/v2/jwt`)).status).toBe(401);
    for (const path of ["/jwt", "/other/ns-api/v2/jwt", "/ns-api/v2x/jwt"]) expect([path, (await fetch(`${origin}${path}`)).status]).toEqual([path, 404]);
  });

  it("no run printed a token or a secret", () => {
    expectNoLeaks(["demo-client-secret", "demo-password-1001", "SENTINEL"], [token]);
  });
});
