// No input crashes upstream-diff: fast-check mutates real NetSapiens exports (a value anywhere replaced by
// arbitrary JSON or by a shape OpenAPI forbids, a key deleted, a $ref bent) and every result is a verdict
// (exit 0 or 1, with a report that renders) or BadInput (exit 2, one line) — never another error.
import { describe, expect, test } from "@jest/globals";
import fc from "fast-check";
import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { textOf } from "../../src/upstream/report.js";
import { diffDocuments } from "../../src/upstream/run.js";
import { BadInput } from "../../src/upstream/shape.js";
import { fixture, ourSpec, run, writeTmp } from "./support.js";

const ours = parse(readFileSync(ourSpec, "utf8")) as unknown;
const realExports = ["45.0-n8n", "44.4-like", "2.3.1.0-n8n"].map((name) => JSON.parse(readFileSync(fixture(name), "utf8")) as unknown);
// Our spec is mutated too (the last document): `--spec` takes any file.
realExports.push(ours);
const OURS = realExports.length - 1;

type Path = Array<string | number>;
/** Every place in a document (each object key, each array index), as paths from the root. */
function placesOf(value: unknown, at: Path = [], out: Path[] = []): Path[] {
  out.push(at);
  if (Array.isArray(value)) value.forEach((v, i) => placesOf(v, [...at, i], out));
  else if (value && typeof value === "object") for (const [k, v] of Object.entries(value)) placesOf(v, [...at, k], out);
  return out;
}
const places = realExports.map((doc) => placesOf(doc));
const texts = realExports.map((doc) => JSON.stringify(doc));

const nasty = fc.constantFrom<unknown>(
  {}, [], "str", null, 0, -1, 1e308, true, [{}], [null], [[]], { $ref: "#/components/schemas/JwtResponse" }, { $ref: "#/paths" },
  { $ref: "#/" }, { $ref: "#/components/schemas/%7E" }, { $ref: 5 }, { $ref: "other.json#/x" }, { type: ["string", {}] },
  { type: "object", properties: [] }, { required: "x" }, { oneOf: {} }, { allOf: [1] }, { items: [] }, { enum: "a" },
  { in: "header", name: "Authorization", required: true }, { in: "path", name: 3 }, { bearerAuth: "x" }, [{ bearerAuth: {} }],
  { "application/json": null }, { "application/json": { schema: false } }, { "__proto__": { a: 1 } }, { constructor: 1, hasOwnProperty: 2 },
  { minimum: "1" }, { exclusiveMinimum: "x" }, { pattern: 1 }, { default: { a: [1] } },
);
const mutation = fc.record({
  doc: fc.nat({ max: realExports.length - 1 }),
  at: fc.nat(),
  how: fc.constantFrom("replace", "nasty", "delete", "add-key"),
  value: fc.jsonValue({ maxDepth: 3 }),
  special: nasty,
  key: fc.constantFrom("$ref", "parameters", "security", "requestBody", "responses", "get", "post", "schema", "properties", "type", "oneOf", "nullable", "200", "x-1"),
});

type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never;

function mutate(m: Mutation): unknown {
  const doc = JSON.parse(texts[m.doc]!) as any;
  const list = places[m.doc]!;
  const path = list[m.at % list.length]!;
  if (path.length === 0) return m.how === "delete" ? undefined : m.how === "nasty" ? m.special : m.value;
  let parent = doc;
  for (const key of path.slice(0, -1)) parent = parent[key];
  const last = path[path.length - 1]!;
  if (m.how === "replace") parent[last] = m.value;
  else if (m.how === "nasty") parent[last] = m.special;
  else if (m.how === "delete") Array.isArray(parent) ? parent.splice(Number(last), 1) : delete parent[last];
  else if (parent[last] && typeof parent[last] === "object" && !Array.isArray(parent[last])) parent[last][m.key] = m.special;
  else parent[last] = { [m.key]: m.special };
  return doc;
}

describe("fuzz: mutations of real exports", () => {
  test("every mutation gives a verdict or BadInput, never a crash", () => {
    const seen = { verdict: 0, bad: 0 };
    fc.assert(
      fc.property(mutation, (m) => {
        const changed = mutate(m);
        try {
          const report = m.doc === OURS ? diffDocuments(realExports[0], changed, "export.json", "ours.json") : diffDocuments(changed, ours, "export.json", "ours.json");
          expect([0, 1]).toContain(report.exitCode);
          expect(textOf(report).length).toBeGreaterThan(1);
          JSON.stringify(report);
          seen.verdict++;
        } catch (error) {
          if (!(error instanceof BadInput)) throw error;
          expect((error as Error).message).not.toMatch(/\n/);
          seen.bad++;
        }
      }),
      { numRuns: 300, seed: Number(process.env.FUZZ_SEED ?? 22) },
    );
    if (process.env.FUZZ_SEED) console.log(seen);
    // Both outcomes are reached, so the mutations are neither all harmless nor all fatal.
    expect(seen.verdict).toBeGreaterThan(50);
    expect(seen.bad).toBeGreaterThan(50);
  });

  test("through the command line too: exit 0, 1 or 2, and one line on stderr for 2", async () => {
    await fc.assert(
      fc.asyncProperty(mutation, async (m) => {
        const file = writeTmp("fuzz.json", JSON.stringify(mutate(m)) ?? "");
        const { code, stdout, stderr } = await run(file);
        expect([0, 1, 2]).toContain(code);
        if (code === 2) expect(stderr).toMatch(/^upstream-diff: [^\n]+\n$/);
        else expect(stdout).toMatch(/(No drift|Drift: \d+ difference)/);
      }),
      { numRuns: 40, seed: 22 },
    );
  });
});
