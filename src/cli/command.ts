import type { Context } from "./context.js";
import { EXIT } from "./exit-codes.js";

export type OptionSpec = Record<string, { type: "string" | "boolean" }>;

/** One command: its help, its flags and what it does. `run` resolves to the exit code. */
export interface Command {
  readonly name: string;
  /** One line for the overview. */
  readonly summary: string;
  /** The synopsis after `ns-api-jwt `. */
  readonly usage: string;
  /** The body of `ns-api-jwt <command> --help`. */
  readonly help: string;
  /** The command's own flags (`--json` and `--help` come with every command). */
  readonly options: OptionSpec;
  /** Whether it takes --server, --base-url, --allow-insecure-http and --timeout. */
  readonly connects: boolean;
  /** The exit codes it can end with, as its `--help` lists them. */
  readonly exitCodes: readonly number[];
  run(ctx: Context): Promise<number>;
}

/** What a command that sends requests can end with (every code but mock's listen failure). */
export const SERVER_EXITS = [EXIT.ok, EXIT.internal, EXIT.usage, EXIT.refused, EXIT.api, EXIT.unreachable, EXIT.interrupted] as const;

export const COMMON_OPTIONS: OptionSpec = { json: { type: "boolean" }, help: { type: "boolean" } };

export const CONNECT_OPTIONS: OptionSpec = {
  server: { type: "string" },
  "base-url": { type: "string" },
  "allow-insecure-http": { type: "boolean" },
  timeout: { type: "string" },
};

export const CONNECT_HELP = `  --server HOST            the NetSapiens API host: https://HOST/ns-api/v2
  --base-url URL           the full base URL instead (https://, or http:// on loopback)
  --allow-insecure-http    allow an http:// base URL on a host that is not loopback (test rigs only)
  --timeout MS             give up on a call after MS milliseconds (default 30000)`;

export const COMMON_HELP = `  --json                   output one JSON object; errors as one JSON object on stderr, and nothing else
  --help                   this text`;

export const SESSION_HELP = `Without NS_TOKEN, the token comes from the session file \`login\` wrote (with its base URL; a
different --server/--base-url is refused), else from standard input with --server/--base-url.`;
