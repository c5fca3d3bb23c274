import type { MockRequestRecord } from "../../mock/mock-server.js";
import { COMMON_HELP, type Command } from "../command.js";
import type { Context } from "../context.js";
import { EXIT, ListenError } from "../exit-codes.js";

export const mock: Command = {
  name: "mock",
  summary: "run the mock NetSapiens server; prints one JSON line",
  usage: "mock [--port N] [--host H] [--log] [--token-ttl S] [--refresh-ttl S] [--mfa-ttl S]",
  connects: false,
  exitCodes: [EXIT.ok, EXIT.internal, EXIT.usage, EXIT.listen],
  options: {
    port: { type: "string" },
    host: { type: "string" },
    log: { type: "boolean" },
    "token-ttl": { type: "string" },
    "refresh-ttl": { type: "string" },
    "mfa-ttl": { type: "string" },
  },
  help: `Runs the mock NetSapiens JWT API over HTTP until Ctrl-C (SIGINT) or SIGTERM. It prints one JSON line
on stdout: {"baseUrl", "clientId", "clientSecret", "apiKey", "users"} — the seeded demo credentials,
which are not secrets. The API is served under /ns-api/v2 only.

Options:
  --port N                 the port (default: a free one)
  --host H                 the address to listen on (default 127.0.0.1); with 0.0.0.0 or ::, the
                           printed baseUrl uses loopback, which a client on this machine can use
  --log                    one line per request on stderr once it is answered, readable as it runs:
                           time, method, path, the grant of a POST /jwt (password, mfa, refresh,
                           delegation) or "preflight", status, duration; never headers or bodies
  --token-ttl S            access-token lifetime in seconds (default 86400, NetSapiens' 24 h)
  --refresh-ttl S          refresh-JWT lifetime in seconds (default 2592000, 30 days)
  --mfa-ttl S              lifetime of the pre-MFA token in seconds (default 300)
${COMMON_HELP}`,

  async run(ctx) {
    const portText = ctx.string("port");
    const lifetimes = { tokenTtlSeconds: seconds(ctx, "token-ttl"), refreshTtlSeconds: seconds(ctx, "refresh-ttl"), mfaTokenTtlSeconds: seconds(ctx, "mfa-ttl") };
    // The port and host are the mock's to check: its MockListenError code says which way it failed.
    const port = portText === undefined ? 0 : /^\d+$/.test(portText) ? Number(portText) : Number.NaN;
    const host = ctx.string("host") ?? "127.0.0.1";
    // Loaded only here: the mock brings jose and ajv, which every other command would pay for at start-up.
    const { DEFAULT_API_KEY, DEFAULT_CLIENT, MockListenError, startMockServer } = await import("../../mock/index.js");
    let server: Awaited<ReturnType<typeof startMockServer>>;
    try {
      server = await startMockServer({ port, host, ...definedOnly(lifetimes) });
    } catch (error) {
      if (!(error instanceof MockListenError)) throw error;
      if (error.code === "ERR_SOCKET_BAD_PORT") throw ctx.usage(`--port must be a port number (0–65535), not ${portText}.`);
      throw new ListenError(`${error.message}.`);
    }
    const baseUrl = usableBaseUrl(server.baseUrl);
    if (ctx.flag("log")) server.mock.onRequest((record) => ctx.io.stderr.write(`${formatRecord(record)}\n`));
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

/** A lifetime flag in whole seconds (≥ 1), or undefined when not given. */
function seconds(ctx: Context, flag: string): number | undefined {
  const text = ctx.string(flag);
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text) || Number(text) < 1 || !Number.isSafeInteger(Number(text))) throw ctx.usage(`--${flag} must be a whole number of seconds (1 or more).`);
  return Number(text);
}

function definedOnly<T extends object>(value: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as { [K in keyof T]?: Exclude<T[K], undefined> };
}

/**
 * One request as `--log` prints it, once answered: time, method, path, what it was (the grant of a
 * POST /jwt, `preflight`, or the route), status and duration. Never headers or bodies.
 */
export function formatRecord(record: MockRequestRecord): string {
  const kind = record.grant ?? (record.route === "preflight" ? "preflight" : undefined);
  const time = new Date(record.at).toISOString().slice(11, 23);
  return `${time} ${record.method} ${record.path}${kind === undefined ? "" : ` ${kind}`} ${record.status} ${record.ms.toFixed(1)}ms`;
}

/** A base URL a client can connect to: the unspecified address (0.0.0.0, ::) becomes loopback. */
export function usableBaseUrl(baseUrl: string): string {
  const url = new URL(baseUrl);
  if (url.hostname === "0.0.0.0") url.hostname = "127.0.0.1";
  else if (url.hostname === "[::]" || url.hostname === "[::0]") url.hostname = "[::1]";
  return url.toString().replace(/\/$/, "");
}
