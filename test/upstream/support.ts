// Runs upstream-diff in process (the same code as `npm run upstream:diff` and `ns-api-jwt upstream-diff`),
// on the fixtures in test/fixtures/upstream/ and on copies of them with one change.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import type { Difference } from "../../src/upstream/compare.js";
import { runUpstreamDiff } from "../../src/upstream/run.js";

// The JSON report carries the same Difference objects compare() makes.
export type { Difference };

export const root = join(__dirname, "..", "..");
export const ourSpec = join(root, "openapi", "ns-api-jwt.yaml");
export const fixture = (name: string) => join(root, "test", "fixtures", "upstream", `netsapiens-${name}.json`);
export const tmp = mkdtempSync(join(tmpdir(), "upstream-diff-"));
/** Our spec as JSON (what the package ships): read ten times faster than the YAML, run after run. */
const ourSpecJson = join(tmp, "ns-api-jwt.json");
writeFileSync(ourSpecJson, JSON.stringify(parse(readFileSync(ourSpec, "utf8"))));

export interface Report {
  exitCode: number;
  drift: Difference[];
  accepted: Difference[];
  variants: Array<{ variant: string; upstreamKey: string | null }>;
  error?: string;
}

export async function run(...args: string[]) {
  let stdout = "";
  let stderr = "";
  const io = { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) } };
  const code = await runUpstreamDiff(args, io, ourSpecJson);
  return { code, stdout, stderr };
}

export async function report(file: string): Promise<Report> {
  const { code, stdout } = await run(file, "--json");
  const parsed = JSON.parse(stdout) as Report;
  if (parsed.exitCode !== code) throw new Error(`exit ${code} but the report says ${parsed.exitCode}`);
  return parsed;
}

let n = 0;
/** A copy of a fixture with a change applied. */
export function changed(name: string, change: (doc: any) => void): string {
  const doc = JSON.parse(readFileSync(fixture(name), "utf8"));
  change(doc);
  const file = join(tmp, `${name}-${++n}.json`);
  writeFileSync(file, JSON.stringify(doc));
  return file;
}
export const writeTmp = (name: string, text: string | Buffer) => {
  const file = join(tmp, name);
  writeFileSync(file, text);
  return file;
};

/** "variant kind [status] [place] [field] [fact]", for readable expectations. */
export const brief = (d: Difference) => [d.variant, d.kind, d.status, d.place, d.field, d.fact].filter(Boolean).join(" ");
