import { parseArgs } from "node:util";
import { VERSION } from "../version.js";
import { COMMON_OPTIONS, CONNECT_OPTIONS, type Command } from "./command.js";
import { claims, decode } from "./commands/claims.js";
import { delegate } from "./commands/delegate.js";
import { login } from "./commands/login.js";
import { mock } from "./commands/mock.js";
import { refresh } from "./commands/refresh.js";
import { revoke } from "./commands/revoke.js";
import { logout, status } from "./commands/session.js";
import { upstreamDiff } from "./commands/upstream-diff.js";
import { Context, type CliIo, type FlagValues } from "./context.js";
import { EXIT, exitCodeFor, UsageError } from "./exit-codes.js";
import { commandHelp, overview } from "./help.js";
import { formatReport, reportOf } from "./report.js";

export type { CliIo } from "./context.js";

/** Every command, in the order `--help` lists them. */
export const COMMANDS: readonly Command[] = [login, status, claims, decode, refresh, delegate, revoke, logout, mock, upstreamDiff];

/** Runs the CLI; resolves to the exit code. Never throws. */
export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  // Known before parsing, so that even a parse error comes out as JSON.
  const json = argv.includes("--json");
  const fail = (error: unknown, ctx?: Context) => {
    io.stderr.write(formatReport(reportOf(error, ctx?.baseUrl), json));
    return exitCodeFor(error);
  };
  // `--json` may also come before the command (`ns-api-jwt --json claims`).
  const leading = argv.findIndex((arg) => arg !== "--json");
  const [first, ...rest] = leading === -1 ? [] : [argv[leading]!, ...argv.slice(0, leading), ...argv.slice(leading + 1)];
  if (first === undefined) return fail(new UsageError("Give a command."));
  if (first === "--version" || first === "-V") {
    io.stdout.write(json ? `${JSON.stringify({ version: VERSION })}\n` : `ns-api-jwt ${VERSION}\n`);
    return EXIT.ok;
  }
  if (first === "--help" || first === "-h") {
    io.stdout.write(`${overview(COMMANDS)}\n`);
    return EXIT.ok;
  }
  if (first === "help") {
    const topic = rest[0] === undefined ? undefined : COMMANDS.find((command) => command.name === rest[0]);
    if (rest[0] !== undefined && topic === undefined) return fail(new UsageError(`Unknown command: ${rest[0]}.`));
    io.stdout.write(`${topic === undefined ? overview(COMMANDS) : commandHelp(topic)}\n`);
    return EXIT.ok;
  }
  if (first === upstreamDiff.name) return upstreamDiff.runArgs(rest, io);
  const command = COMMANDS.find((candidate) => candidate.name === first);
  if (command === undefined) {
    return fail(new UsageError(first.startsWith("-") ? `Give the command first: ns-api-jwt <command> ${first}…` : `Unknown command: ${first}.`));
  }

  let values: FlagValues;
  try {
    const options = { ...COMMON_OPTIONS, ...(command.connects ? CONNECT_OPTIONS : {}), ...command.options };
    ({ values } = parseArgs({ args: rest, options, allowPositionals: false, strict: true }));
  } catch (error) {
    return fail(new UsageError(parseProblem(error, command), command.name));
  }
  if (values.help === true) {
    io.stdout.write(`${commandHelp(command)}\n`);
    return EXIT.ok;
  }
  const ctx = new Context(io, command.name, values);
  try {
    return await command.run(ctx);
  } catch (error) {
    return fail(error, ctx);
  }
}

const SECRET_FLAGS: Record<string, string> = {
  "--password": "NS_PASSWORD",
  "--client-secret": "NS_CLIENT_SECRET",
  "--client-id": "NS_CLIENT_ID",
  "--api-key": "NS_API_KEY",
  "--token": "NS_TOKEN",
  "--refresh": "NS_REFRESH",
};

/** parseArgs' message, made one line in the CLI's words. */
function parseProblem(error: unknown, command: Command): string {
  const { code, message } = error as { code?: string; message?: string };
  const flag = /'(-[^' ]+)/.exec(message ?? "")?.[1]?.split("=")[0];
  if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION" && flag !== undefined) {
    const variable = SECRET_FLAGS[flag];
    if (variable !== undefined) return `There is no ${flag} flag: secrets never come from flags (\`ps\` shows them). Set ${variable}, or give it on standard input.`;
    return `${command.name} has no option ${flag}.`;
  }
  if (code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE" && flag !== undefined) {
    return (CONNECT_OPTIONS[flag.slice(2)] ?? command.options[flag.slice(2)])?.type === "boolean" ? `${flag} takes no value.` : `${flag} needs a value.`;
  }
  if (code === "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL") {
    const argument = /'([^']*)'/.exec(message ?? "")?.[1];
    return `Unexpected argument${argument === undefined ? "" : `: ${argument}`}.`;
  }
  return `Cannot read the options of ${command.name}.`;
}
