// `upstream-diff <netsapiens-export> [--json] [--spec <our spec>]`: how the JWT group of a NetSapiens
// OpenAPI export differs from our spec, variant by variant. Shared by `npm run upstream:diff` and the
// CLI's `ns-api-jwt upstream-diff`. Exit codes: 0 no drift (only known, accepted differences), 1 drift,
// 2 bad input (one line on stderr; with --json, also one JSON object on stdout).
import { parseArgs } from "node:util";
import { compare } from "./compare.js";
import { readDocument } from "./read.js";
import { reportOf, textOf } from "./report.js";
import { BadInput, checkRoot } from "./shape.js";
import { variantsOf } from "./variants.js";

export interface Io {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}

export const USAGE = "upstream-diff <netsapiens-export.json|.yaml> [--json] [--spec <our spec.json|.yaml>]";

/** The comparison itself; throws BadInput on input it cannot compare. */
export async function upstreamDiff(exportFile: string, specFile: string) {
  return diffDocuments(await readDocument(exportFile), await readDocument(specFile), exportFile, specFile);
}

/** The comparison of two parsed documents (anything JSON or YAML can hold); throws BadInput on what it cannot compare. */
export function diffDocuments(upstream: unknown, ourSpec: unknown, exportFile: string, specFile: string) {
  const upstreamDoc = checkRoot(upstream, exportFile);
  const theirs = variantsOf(upstreamDoc);
  const ourDoc = checkRoot(ourSpec, specFile);
  const ours = variantsOf(ourDoc);
  return reportOf({ exportFile, specFile, upstreamDoc, ourDoc, ours, theirs, differences: compare(ours, theirs) });
}

/** Parses the arguments, runs, writes the report; resolves to the exit code. Never throws. */
export async function runUpstreamDiff(argv: readonly string[], io: Io, defaultSpec: string, name = "upstream-diff"): Promise<number> {
  const json = argv.includes("--json");
  const fail = (message: string) => {
    // With --json, stdout still carries the one JSON object a caller parses; stderr the one line a person reads.
    if (json) io.stdout.write(`${JSON.stringify({ exitCode: 2, error: message })}\n`);
    io.stderr.write(`${name}: ${message}\n`);
    return 2;
  };
  let files: string[];
  let spec: string | undefined;
  try {
    const parsed = parseArgs({ args: [...argv], options: { json: { type: "boolean" }, spec: { type: "string" }, help: { type: "boolean" } }, allowPositionals: true, strict: true });
    if (parsed.values.help === true) {
      io.stdout.write(`usage: ${USAGE}\n`);
      return 0;
    }
    files = parsed.positionals;
    spec = parsed.values.spec;
  } catch (error) {
    const message = String((error as Error).message).split("\n")[0] ?? "";
    const flag = /'(-[^' ]+)/.exec(message)?.[1];
    const code = (error as { code?: string }).code;
    if (code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE") return fail(`${flag ?? "--spec"} needs a value (usage: ${USAGE})`);
    return fail(`${code === "ERR_PARSE_ARGS_UNKNOWN_OPTION" && flag ? `unknown option ${flag}` : message} (usage: ${USAGE})`);
  }
  if (spec === "" || spec?.startsWith("--")) return fail(`--spec needs a value (usage: ${USAGE})`);
  if (files.length !== 1) return fail(`${files.length === 0 ? "give one export file" : `give one export file, not ${files.length}`} (usage: ${USAGE})`);
  try {
    const report = await upstreamDiff(files[0]!, spec ?? defaultSpec);
    io.stdout.write(`${json ? JSON.stringify(report, null, 2) : textOf(report).join("\n")}\n`);
    return report.exitCode;
  } catch (error) {
    if (error instanceof BadInput) return fail(error.message);
    // A bug, not a verdict: still one line, still not the drift code.
    return fail(`unexpected failure (please report it): ${String((error as Error)?.message ?? error).split("\n")[0]}`);
  }
}
