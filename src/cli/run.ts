import { parseArgs } from "node:util";
import { decodeClaims } from "../decode-claims.js";
import { NsAuth, type Authenticated } from "../ns-auth.js";
import { DEFAULT_API_KEY, DEFAULT_CLIENT } from "../mock/defaults.js";
import { startMockServer } from "../mock/index.js";
import { EXIT, exitCodeFor, UsageError } from "./exit-codes.js";
import { SecretInput } from "./secret-input.js";

export interface CliIo {
  env: NodeJS.ProcessEnv;
  stdin: NodeJS.ReadStream;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WriteStream;
}

export const USAGE = `Usage: ns-api-jwt <command> [options]

Commands:
  login --username U [--passcode N]   log in with a password (NS_PASSWORD); MFA passcode asked when needed
  refresh                             trade a refresh JWT (NS_REFRESH) for a new pair
  delegate --user U --domain D        get a token for another user with an API key (NS_API_KEY)
  claims                              the current token's claims from the server (NS_TOKEN)
  decode                              the token's claims decoded locally, NOT verified (NS_TOKEN)
  revoke [--jti J | --uid U]          revoke the current token (NS_TOKEN), one by JWT ID, or a user's
  mock [--port N] [--host H]          run the mock NetSapiens server; prints one JSON line

Options:
  --server HOST        NetSapiens API host (https://HOST/ns-api/v2)
  --base-url URL       full base URL instead of --server
  --json               machine-readable output
  --timeout MS         per-call timeout (default 30000)
  --help               this text

Secrets come from NS_CLIENT_ID, NS_CLIENT_SECRET, NS_PASSWORD, NS_API_KEY, NS_TOKEN, NS_REFRESH,
or else from standard input, one per line in that order of need (prompted on a terminal).
Tokens go to stdout, everything else to stderr.
Exit codes: 0 ok, 2 usage or invalid input, 3 refused (401/403/expired), 4 other API error,
5 network, timeout or invalid response, 1 unexpected.`;

const OPTIONS = {
  server: { type: "string" },
  "base-url": { type: "string" },
  json: { type: "boolean", default: false },
  timeout: { type: "string" },
  help: { type: "boolean", default: false },
  username: { type: "string" },
  passcode: { type: "string" },
  user: { type: "string" },
  domain: { type: "string" },
  jti: { type: "string" },
  uid: { type: "string" },
  port: { type: "string" },
  host: { type: "string" },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>["values"];

/** Runs the CLI; resolves to the exit code. */
export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  let values: Values;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true }));
  } catch (error) {
    io.stderr.write(`${(error as Error).message}\n\n${USAGE}\n`);
    return EXIT.usage;
  }
  const [command, ...rest] = positionals;
  if (values.help || command === undefined) {
    (values.help ? io.stdout : io.stderr).write(`${USAGE}\n`);
    return values.help ? EXIT.ok : EXIT.usage;
  }
  try {
    if (rest.length > 0) throw new UsageError(`Unexpected argument: ${rest[0]}`);
    const secrets = new SecretInput(io.env, io.stdin, io.stderr);
    const out = new Output(io, values.json === true);
    switch (command) {
      case "login":
        return await login(values, secrets, io, out);
      case "refresh":
        return await refresh(values, secrets, io, out);
      case "delegate":
        return await delegate(values, secrets, io, out);
      case "claims": {
        const auth = facade(values);
        auth.useTokens({ token: await need(secrets, "NS_TOKEN", "Token: ") });
        out.json(await auth.claims(callOptions(values)));
        return EXIT.ok;
      }
      case "decode": {
        const token = await need(secrets, "NS_TOKEN", "Token: ");
        io.stderr.write("Decoded locally and NOT verified: only the server can check the signature (use `claims`).\n");
        out.json(decodeClaims(token));
        return EXIT.ok;
      }
      case "revoke":
        return await revoke(values, secrets, io, out);
      case "mock":
        return await mock(values, io);
      default:
        throw new UsageError(`Unknown command: ${command}`);
    }
  } catch (error) {
    const code = exitCodeFor(error);
    if (values.json) io.stderr.write(`${JSON.stringify({ error: errorJson(error) })}\n`);
    else io.stderr.write(`${(error as Error).name ?? "Error"}: ${(error as Error).message}\n`);
    if (error instanceof UsageError) io.stderr.write(`\n${USAGE}\n`);
    return code;
  }
}

function errorJson(error: unknown): unknown {
  const toJSON = (error as { toJSON?: () => unknown }).toJSON;
  return typeof toJSON === "function" ? toJSON.call(error) : { name: (error as Error).name, message: (error as Error).message };
}

class Output {
  constructor(
    private readonly io: CliIo,
    private readonly asJson: boolean,
  ) {}

  json(value: unknown): void {
    this.io.stdout.write(`${JSON.stringify(value, null, this.asJson ? undefined : 2)}\n`);
  }

  /** Prints a session's tokens: the token, then the refresh JWT, one per line; or one JSON object. */
  session(session: Authenticated, token: string, refresh: string | undefined): void {
    if (this.asJson) {
      this.json({ token, refresh, expiresAt: session.expiresAt?.toISOString(), claims: session.claims });
      return;
    }
    this.io.stdout.write(`${token}\n${refresh === undefined ? "" : `${refresh}\n`}`);
    const claims = session.claims;
    this.io.stderr.write(
      `Authenticated as ${String(claims.sub ?? "?")} (${String(claims.user_scope ?? "?")}), expires ${session.expiresAt?.toISOString() ?? "never"}` +
        `${refresh === undefined ? "; the server issued no refresh JWT" : ""}.\n`,
    );
  }
}

function facade(values: Values, extra: { clientId?: string; clientSecret?: string; apiKey?: string } = {}): NsAuth {
  if (values.server === undefined && values["base-url"] === undefined) throw new UsageError("Give --server HOST or --base-url URL.");
  return new NsAuth({
    server: values.server,
    baseUrl: values["base-url"],
    ...extra,
    retry: { retries: 2 },
    userAgent: "cli",
    ...(values.timeout === undefined ? {} : { timeoutMs: Number(values.timeout) }),
  });
}

function callOptions(values: Values) {
  return values.timeout === undefined ? {} : { timeoutMs: Number(values.timeout) };
}

async function need(secrets: SecretInput, variable: string, prompt: string): Promise<string> {
  const value = await secrets.get(variable, prompt);
  if (value === undefined) throw new UsageError(`${variable} is not set and standard input gave no value.`);
  return value;
}

// The facade keeps the refresh JWT to itself; handing it to the user is the CLI's job, so it listens for it.
const currentRefresh = new WeakMap<NsAuth, string | undefined>();
function trackRefresh(auth: NsAuth): NsAuth {
  auth.onTokensChange((tokens) => currentRefresh.set(auth, tokens?.refresh));
  return auth;
}

async function printSession(auth: NsAuth, session: Authenticated, out: Output): Promise<void> {
  out.session(session, await auth.accessToken(), currentRefresh.get(auth));
}

async function login(values: Values, secrets: SecretInput, io: CliIo, out: Output): Promise<number> {
  if (values.username === undefined) throw new UsageError("login needs --username.");
  const clientId = await need(secrets, "NS_CLIENT_ID", "Client ID: ");
  const clientSecret = await need(secrets, "NS_CLIENT_SECRET", "Client secret: ");
  const password = await need(secrets, "NS_PASSWORD", "Password: ");
  const auth = trackRefresh(facade(values, { clientId, clientSecret }));
  const result = await auth.login({ username: values.username, password }, callOptions(values));
  let session: Authenticated;
  if (result.status === "mfa_required") {
    io.stderr.write(`Multi-factor authentication required (${result.mfaVendor} ${result.mfaType}).\n`);
    const passcode = values.passcode ?? (await need(secrets, "NS_PASSCODE", "Passcode: "));
    session = await result.complete(passcode, callOptions(values));
  } else {
    session = result;
  }
  await printSession(auth, session, out);
  return EXIT.ok;
}

async function refresh(values: Values, secrets: SecretInput, io: CliIo, out: Output): Promise<number> {
  const refreshJwt = await need(secrets, "NS_REFRESH", "Refresh JWT: ");
  const auth = trackRefresh(facade(values));
  const session = await auth.refreshFrom(refreshJwt, callOptions(values));
  await printSession(auth, session, out);
  return EXIT.ok;
}

async function delegate(values: Values, secrets: SecretInput, io: CliIo, out: Output): Promise<number> {
  if (values.user === undefined || values.domain === undefined) throw new UsageError("delegate needs --user and --domain.");
  const apiKey = await need(secrets, "NS_API_KEY", "API key: ");
  const auth = trackRefresh(facade(values, { apiKey }));
  const session = await auth.delegate({ user: values.user, domain: values.domain }, callOptions(values));
  await printSession(auth, session, out);
  return EXIT.ok;
}

async function revoke(values: Values, secrets: SecretInput, io: CliIo, out: Output): Promise<number> {
  if (values.jti !== undefined && values.uid !== undefined) throw new UsageError("Give --jti or --uid, not both.");
  const auth = facade(values);
  auth.useTokens({ token: await need(secrets, "NS_TOKEN", "Token: ") });
  const options = callOptions(values);
  let what: string;
  if (values.jti !== undefined) {
    await auth.revokeToken(values.jti, options);
    what = `token ${values.jti}`;
  } else if (values.uid !== undefined) {
    await auth.revokeUser(values.uid, options);
    what = `every token of ${values.uid}`;
  } else {
    await auth.revoke(options);
    what = "the current token";
  }
  if (values.json) out.json({ revoked: values.jti ?? values.uid ?? "current" });
  else io.stderr.write(`Revoked ${what}.\n`);
  return EXIT.ok;
}

async function mock(values: Values, io: CliIo): Promise<number> {
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new UsageError("--port must be a port number.");
  const server = await startMockServer({ port, ...(values.host === undefined ? {} : { host: values.host }) });
  const users = [...server.mock.users()].map((user) => ({
    username: `${user.user}@${user.domain}`,
    password: user.password,
    ...(user.passcode === undefined ? {} : { passcode: user.passcode }),
  }));
  io.stdout.write(
    `${JSON.stringify({ baseUrl: server.baseUrl, clientId: DEFAULT_CLIENT.clientId, clientSecret: DEFAULT_CLIENT.clientSecret, apiKey: DEFAULT_API_KEY, users })}\n`,
  );
  io.stderr.write(`Mock NetSapiens listening on ${server.baseUrl} (Ctrl-C to stop).\n`);
  await new Promise<void>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });
  await server.close();
  return EXIT.ok;
}
