import { COMMON_HELP, type Command } from "../command.js";
import { EXIT, ListenError } from "../exit-codes.js";

export const mock: Command = {
  name: "mock",
  summary: "run the mock NetSapiens server; prints one JSON line",
  usage: "mock [--port N] [--host H] [--log]",
  connects: false,
  exitCodes: [EXIT.ok, EXIT.internal, EXIT.usage, EXIT.listen],
  options: { port: { type: "string" }, host: { type: "string" }, log: { type: "boolean" } },
  help: `Runs the mock NetSapiens JWT API over HTTP until Ctrl-C (SIGINT) or SIGTERM. It prints one JSON line
on stdout: {"baseUrl", "clientId", "clientSecret", "apiKey", "users"} — the seeded demo credentials,
which are not secrets. The API is served under /ns-api/v2 only.

Options:
  --port N                 the port (default: a free one)
  --host H                 the address to listen on (default 127.0.0.1); with 0.0.0.0 or ::, the
                           printed baseUrl uses loopback, which a client on this machine can use
  --log                    one line per request on stderr: method, path, status (never headers or bodies)
${COMMON_HELP}

`,

  async run(ctx) {
    const portText = ctx.string("port") ?? "0";
    const port = Number(portText);
    if (!/^\d+$/.test(portText) || port > 65_535) throw ctx.usage("--port must be a port number (0–65535).");
    const host = ctx.string("host") ?? "127.0.0.1";
    if (host === "" || /[\s/]/.test(host)) throw ctx.usage("--host must be an address or host name, such as 127.0.0.1 or 0.0.0.0.");
    // Loaded only here: the mock brings jose and ajv, which every other command would pay for at start-up.
    const { DEFAULT_API_KEY, DEFAULT_CLIENT, startMockServer } = await import("../../mock/index.js");
    let server: Awaited<ReturnType<typeof startMockServer>>;
    try {
      server = await startMockServer({ port, host });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "EADDRINUSE") throw new ListenError(`Port ${port} on ${host} is already in use.`);
      if (code === "EACCES") throw new ListenError(`Not allowed to listen on port ${port} on ${host}.`);
      if (code === "EADDRNOTAVAIL" || code === "ENOTFOUND" || code === "EAI_AGAIN") throw new ListenError(`Cannot listen on ${host}: no such local address.`);
      throw error;
    }
    const baseUrl = usableBaseUrl(server.baseUrl);
    if (ctx.flag("log")) {
      server.server.on("request", (req, res) => {
        const path = (req.url ?? "/").split("?")[0];
        res.once("finish", () => ctx.io.stderr.write(`${req.method} ${path} ${res.statusCode}\n`));
      });
    }
    const users = [...server.mock.users()].map((user) => ({
      username: `${user.user}@${user.domain}`,
      password: user.password,
      ...(user.passcode === undefined ? {} : { passcode: user.passcode }),
    }));
    ctx.io.stdout.write(`${JSON.stringify({ baseUrl, clientId: DEFAULT_CLIENT.clientId, clientSecret: DEFAULT_CLIENT.clientSecret, apiKey: DEFAULT_API_KEY, users })}\n`);
    ctx.out.note(`Mock NetSapiens listening on ${baseUrl}${host === "127.0.0.1" ? "" : ` (bound to ${host})`} (Ctrl-C to stop).`);
    await new Promise<void>((resolve) => {
      process.once("SIGINT", resolve);
      process.once("SIGTERM", resolve);
    });
    await server.close();
    return EXIT.ok;
  },
};

/** A base URL a client can connect to: the unspecified address (0.0.0.0, ::) becomes loopback. */
export function usableBaseUrl(baseUrl: string): string {
  const url = new URL(baseUrl);
  if (url.hostname === "0.0.0.0") url.hostname = "127.0.0.1";
  else if (url.hostname === "[::]" || url.hostname === "[::0]") url.hostname = "[::1]";
  return url.toString().replace(/\/$/, "");
}
