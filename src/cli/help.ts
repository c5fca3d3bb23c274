import { exitCodesHelp } from "./exit-codes.js";
import type { Command } from "./command.js";

export const SECRETS_HELP = `Secrets (client ID and secret, password, API key, tokens) come from environment variables
(NS_CLIENT_ID, NS_CLIENT_SECRET, NS_PASSWORD, NS_PASSCODE, NS_API_KEY, NS_TOKEN, NS_REFRESH), or else
from standard input, one per line in the order needed (asked without echo on a terminal), or from the
session file that login writes — never from flags, which other users can see in \`ps\`. The one flag is
--passcode: an MFA passcode is single-use.`;

export const SESSION_FILE_HELP = `The session file is $XDG_CONFIG_HOME/ns-api-jwt/session.json (~/.config/ns-api-jwt/session.json by
default): mode 0600 in a 0700 directory, replaced atomically. It holds the base URL and the tokens.`;

/** `ns-api-jwt --help`. */
export function overview(commands: readonly Command[]): string {
  const width = Math.max(...commands.map((command) => command.name.length)) + 2;
  return `Usage: ns-api-jwt <command> [options]

Commands:
${commands.map((command) => `  ${command.name.padEnd(width)}${command.summary}`).join("\n")}

Run \`ns-api-jwt <command> --help\` for a command's options; \`ns-api-jwt --version\` prints the version.

${SECRETS_HELP}
Tokens are printed only when asked (--print-token); results go to stdout, messages to stderr.

${SESSION_FILE_HELP}

${exitCodesHelp()}`;
}

/** `ns-api-jwt <command> --help`. */
export function commandHelp(command: Command): string {
  return `Usage: ns-api-jwt ${command.usage}

${command.help}

${exitCodesHelp(command.exitCodes)}`;
}
