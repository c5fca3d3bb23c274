import { realpathSync } from "node:fs";
import { dirname, join } from "node:path";
import { COMMON_HELP, type Command } from "../command.js";
import type { CliIo } from "../context.js";
import { commandHelp } from "../help.js";

/**
 * `ns-api-jwt upstream-diff <export>`: the comparison of `npm run upstream:diff`, run from the installed
 * package against the spec it ships (dist/openapi.json), so that maintainers of clients in other languages
 * can check a NetSapiens export against the published spec. It takes a positional argument and has its
 * own exit codes (1 is drift), so it parses its own arguments (see `runArgs`) rather than the table's.
 */
export const upstreamDiff: Command & { runArgs(args: readonly string[], io: CliIo): Promise<number> } = {
  name: "upstream-diff",
  summary: "compare a NetSapiens OpenAPI export's JWT group with this package's spec",
  usage: "upstream-diff <netsapiens-export.json|.yaml> [--json] [--spec <spec.json|.yaml>]",
  connects: false,
  // Its own codes, as diff(1) has them (0 same, 1 drift, 2 trouble), stated in its help: not the session table's.
  exitCodes: [],
  options: { spec: { type: "string" } },
  help: `Reads a NetSapiens OpenAPI 3.0/3.1 export (a whole 2 MB export or only its JWT group; JSON, or
YAML when the optional \`yaml\` package is installed) and reports, variant by variant (the four POST /jwt
grants, GET /jwt, the three revocations), every difference from this package's spec that a generated
client or a server would feel: credentials, request body fields, parameters (path, query, header) and
response fields with their types, enums, patterns, lengths, bounds, formats, defaults and required-ness,
and the response statuses. Known, accepted differences are listed apart, each with its reason. Nothing
is sent anywhere.

Options:
  --spec FILE              compare with this spec instead of the package's own (dist/openapi.json)
${COMMON_HELP}

This command's exit codes: 0 no drift (only known differences), 1 drift, 2 bad input (one line on
stderr; with --json also one JSON object on stdout).`,

  async run() {
    throw new Error("upstream-diff parses its own arguments (runArgs)");
  },

  async runArgs(args, io) {
    if (args.includes("--help")) {
      io.stdout.write(`${commandHelp(upstreamDiff)}\n`);
      return 0;
    }
    // Loaded only here: the comparison brings a YAML parser that no other command needs.
    const { runUpstreamDiff } = await import("../../upstream/run.js");
    return runUpstreamDiff(args, io, shippedSpec(), "ns-api-jwt upstream-diff");
  },
};

/** dist/openapi.json beside the running bin (through npm's .bin symlink); a missing one is reported as unreadable. */
function shippedSpec(): string {
  const bin = process.argv[1] ?? "";
  try {
    return join(dirname(realpathSync(bin)), "openapi.json");
  } catch {
    return join(dirname(bin), "openapi.json");
  }
}
