// Bad input: exit 2 and one line on stderr, never a stack trace; with --json also one JSON object on stdout.
// Good input in any of its forms (YAML, a BOM) reads the same as the JSON it stands for.
import { describe, expect, test } from "@jest/globals";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { stringify } from "yaml";
import { changed, fixture, report, run, tmp, writeTmp } from "./support.js";

const ok = () => fixture("44.4-like");
const CASES: Array<[string, () => string[], RegExp]> = [
  ["not JSON", () => [writeTmp("bad.json", '{"openapi": ')], /bad\.json is not valid JSON: /],
  ["neither JSON nor YAML", () => [writeTmp("bad.yaml", "openapi: [3.0\n  paths: {")], /bad\.yaml is neither JSON nor valid YAML: /],
  ["empty", () => [writeTmp("empty.json", "\uFEFF \n")], /empty\.json is empty/],
  ["not an object", () => [writeTmp("list.json", "[1]")], /not an OpenAPI document \(it is an array/],
  ["not OpenAPI", () => [writeTmp("plain.json", '{"hello": 1}')], /no `openapi` version string/],
  ["Swagger 2.0, refused by name", () => [writeTmp("swagger.json", JSON.stringify({ swagger: "2.0", info: {}, paths: { "/jwt": { get: { responses: {} } } } }))], /is Swagger 2\.0 \(OpenAPI 2\), not OpenAPI 3\.0\/3\.1/],
  ["OpenAPI 4", () => [changed("44.4-like", (d) => (d.openapi = "4.0.0"))], /is OpenAPI 4\.0\.0; only 3\.0 and 3\.1 are read/],
  ["no paths", () => [changed("44.4-like", (d) => delete d.paths)], /^upstream-diff: \/paths must be an object, found nothing/],
  ["no JWT paths", () => [changed("44.4-like", (d) => (d.paths = { "/domains": {} }))], /no JWT operations/],
  ["`parameters: {}` in an operation", () => [changed("44.4-like", (d) => (d.paths["/jwt"].get.parameters = {}))], /\/paths\/~1jwt\/get\/parameters must be an array, found an object/],
  ["`security: {}` in an operation", () => [changed("44.4-like", (d) => (d.paths["/jwt"].get.security = {}))], /\/paths\/~1jwt\/get\/security must be an array, found an object/],
  ["a security requirement that is not an object", () => [changed("44.4-like", (d) => (d.paths["/jwt"].get.security = ["bearerAuth"]))], /get\/security\/0 must be an object, found a string/],
  ["a global security that is not a list", () => [changed("44.4-like", (d) => (d.security = { bearerAuth: [] }))], /^upstream-diff: \/security must be an array/],
  ["an unknown security scheme", () => [changed("44.4-like", (d) => (d.paths["/jwt"].get.security = [{ nope: [] }]))], /security scheme nope is not in \/components\/securitySchemes/],
  ["`get: \"str\"` (no phantom variant)", () => [changed("44.4-like", (d) => (d.paths["/jwt"].get = "str"))], /\/paths\/~1jwt\/get must be an object, found a string/],
  ["a path item that is not an object", () => [changed("44.4-like", (d) => (d.paths["/jwt#2"] = [1]))], /\/paths\/~1jwt#2 must be an object, found an array/],
  ["a path item outside the group that is not an object", () => [changed("44.4-like", (d) => (d.paths["/domains"] = 3))], /\/paths\/~1domains must be an object, found a number/],
  ["a parameter without a name", () => [changed("44.4-like", (d) => (d.paths["/jwt/{uid}"].delete.parameters[0].name = 7))], /parameters\/0\/name must be a string/],
  ["a parameter in nowhere", () => [changed("44.4-like", (d) => (d.paths["/jwt/{uid}"].delete.parameters[0].in = "body"))], /in must be query, header, path or cookie/],
  ["an unresolved $ref", () => [changed("44.4-like", (d) => (d.paths["/jwt"].get.responses["200"] = { $ref: "#/components/responses/Nope" }))], /unresolved \$ref #\/components\/responses\/Nope/],
  ["a circular $ref", () => [changed("44.4-like", (d) => (d.components.schemas.JwtResponse = { $ref: "#/components/schemas/JwtResponse" }))], /circular \$ref/],
  ["a remote $ref", () => [changed("44.4-like", (d) => (d.components.schemas.JwtResponse = { $ref: "https://example.com/x.json" }))], /only local \$refs/],
  ["a schema type that is a number", () => [changed("44.4-like", (d) => (d.components.schemas.JwtResponse.properties.exp = { type: 5 }))], /exp\/type must be a string or an array of strings/],
  ["responses that are a list", () => [changed("44.4-like", (d) => (d.paths["/jwt"].get.responses = []))], /get\/responses must be an object, found an array/],
  ["a status that is not one", () => [changed("44.4-like", (d) => (d.paths["/jwt"].get.responses["20"] = { description: "" }))], /"20" is not a status code/],
  ["a missing file", () => [join(tmp, "absent.json")], /cannot read .*absent\.json: ENOENT/],
  ["a directory", () => [tmp], /cannot read .*: EISDIR/],
  ["our spec unreadable", () => [ok(), "--spec", join(tmp, "absent.yaml")], /cannot read .*absent\.yaml: ENOENT/],
  ["an unknown flag (--jsn)", () => [ok(), "--jsn"], /unknown option --jsn \(usage: upstream-diff /],
  ["--spec without a value", () => [ok(), "--spec"], /--spec needs a value/],
  ["--spec followed by a flag", () => [ok(), "--spec", "--help"], /--spec needs a value/],
  ["no file", () => [], /give one export file \(usage/],
  ["two files", () => [ok(), ok()], /give one export file, not 2/],
];

describe("bad input: exit 2 and one line", () => {
  test.each(CASES)("%s", async (_name, args, message) => {
    const { code, stdout, stderr } = await run(...args());
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr.split("\n")).toEqual([expect.stringMatching(/^upstream-diff: /), ""]);
    expect(stderr).toMatch(message);
    expect(stderr).not.toMatch(/\n\s+at |TypeError|\uFEFF/);
  });

  test.each(CASES)("with --json, %s is one JSON object on stdout too", async (_name, args, message) => {
    const { code, stdout, stderr } = await run(...args(), "--json");
    expect(code).toBe(2);
    const lines = stdout.split("\n");
    expect(lines).toHaveLength(2);
    const parsed = JSON.parse(lines[0]!) as { exitCode: number; error: string };
    expect(parsed.exitCode).toBe(2);
    expect(parsed.error).toMatch(message.source.startsWith("^upstream-diff: ") ? new RegExp(message.source.slice("^upstream-diff: ".length)) : message);
    expect(stderr.split("\n")).toHaveLength(2);
  });
});

describe("every form of a good export reads the same", () => {
  const json = readFileSync(fixture("45.0-n8n"), "utf8");
  const same = async (file: string) => {
    const expected = await report(fixture("45.0-n8n"));
    const r = await report(file);
    expect(r.exitCode).toBe(expected.exitCode);
    expect(r.drift).toEqual(expected.drift);
    expect(r.accepted).toEqual(expected.accepted);
  };
  test("JSON with a UTF-8 BOM", () => same(writeTmp("bom.json", `\uFEFF${json}`)));
  test("YAML", () => same(writeTmp("export.yaml", stringify(JSON.parse(json)))));
  test("YAML with a BOM", () => same(writeTmp("bom.yaml", `\uFEFF${stringify(JSON.parse(json))}`)));
  test("our spec as YAML (openapi/) gives the verdict its JSON (what the package ships, and the other tests use) gives", async () => {
    const { stdout } = await run(fixture("45.0-n8n"), "--json", "--spec", join(__dirname, "..", "..", "openapi", "ns-api-jwt.yaml"));
    expect(JSON.parse(stdout).drift).toEqual((await report(fixture("45.0-n8n"))).drift);
  });
});
