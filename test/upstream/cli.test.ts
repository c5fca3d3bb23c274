// `ns-api-jwt upstream-diff`: the CLI's subcommand, run as the bundled bin (built as tsup builds dist/cli.js,
// see test/cli/support/built-cli.ts), with the comparison loaded from its own chunk. The tarball test runs
// it from the installed package against the spec the package ships.
import { describe, expect, test } from "@jest/globals";
import { spawnSync } from "node:child_process";
import { cliPath } from "../cli/support/built-cli.js";
import { fixture, ourSpec, writeTmp } from "./support.js";

const cli = (...args: string[]) => {
  const r = spawnSync(process.execPath, [cliPath(), ...args], { encoding: "utf8" });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};

describe("ns-api-jwt upstream-diff", () => {
  test("no drift: exit 0; drift: exit 1 with the report", () => {
    expect(cli("upstream-diff", fixture("44.4-like"), "--spec", ourSpec)).toMatchObject({ code: 0, stdout: expect.stringMatching(/No drift\.\n$/) });
    const drift = cli("upstream-diff", fixture("45.0-n8n"), "--spec", ourSpec, "--json");
    expect(drift.code).toBe(1);
    expect(JSON.parse(drift.stdout).drift.length).toBe(18);
  });

  test("bad input: exit 2, one line named after the command; --json puts it on stdout as JSON", () => {
    const bad = writeTmp("cli-bad.json", JSON.stringify({ openapi: "3.0.3", paths: { "/jwt": { get: { parameters: {} } } } }));
    expect(cli("upstream-diff", bad, "--spec", ourSpec)).toEqual({ code: 2, stdout: "", stderr: "ns-api-jwt upstream-diff: /paths/~1jwt/get/parameters must be an array, found an object\n" });
    const json = cli("upstream-diff", bad, "--spec", ourSpec, "--json");
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stdout)).toEqual({ exitCode: 2, error: "/paths/~1jwt/get/parameters must be an array, found an object" });
    expect(cli("upstream-diff", "--jsn", fixture("44.4-like"))).toMatchObject({ code: 2, stderr: expect.stringMatching(/^ns-api-jwt upstream-diff: unknown option --jsn/) });
  });

  test("listed in --help, with its own help and exit codes", () => {
    expect(cli("--help").stdout).toMatch(/^ {2}upstream-diff +compare a NetSapiens OpenAPI export/m);
    const help = cli("upstream-diff", "--help");
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/This command's exit codes: 0 no drift \(only known differences\), 1 drift, 2 bad input/);
    expect(cli("help", "upstream-diff").stdout).toBe(help.stdout);
  });
});
