// Help, usage errors, --json errors, messages in CLI terms and refusals before sending: the built bin.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { SECRETS, fakeJwt } from "../support/tokens.js";
import { EXIT_TABLE } from "../../src/cli/exit-codes.js";
import { cli, expectNoLeaks, root, runs, startMock, tempHome, type RunningMock } from "./support/built-cli.js";

let mock: RunningMock;
const home = tempHome();
const COMMANDS = ["login", "status", "claims", "decode", "refresh", "delegate", "revoke", "logout", "mock"];
const LIBRARY_TERMS = /\b(timeoutMs|baseUrl|clientId|clientSecret|apiKey|allowInsecureHttp)\b/;

beforeAll(async () => {
  mock = await startMock();
}, 30_000);

afterAll(async () => {
  await mock.stop();
  home.remove();
});

const creds = { NS_CLIENT_ID: "ns-api-jwt-demo", NS_CLIENT_SECRET: "demo-client-secret" };
const posts = () => mock.requests().filter((line) => line.startsWith("POST ")).length;

/** Sends a request the mock logs, and waits for it: every request sent before it is logged by then. */
async function settle(): Promise<void> {
  const before = mock.requests().filter((line) => line.startsWith("GET ")).length;
  await cli(["claims", "--base-url", mock.info.baseUrl], { env: { ...home.env, NS_TOKEN: fakeJwt() } });
  await mock.waitFor(/^GET /);
  while (mock.requests().filter((line) => line.startsWith("GET ")).length <= before) await mock.waitFor(/^GET /);
}

describe("help and version", () => {
  it("--version prints the package's version", async () => {
    const { version } = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version: string };
    expect(await cli(["--version"])).toMatchObject({ code: 0, stdout: `ns-api-jwt ${version}\n`, stderr: "" });
  });

  it("--help lists every command, where secrets come from, and every exit code", async () => {
    const result = await cli(["--help"]);
    expect(result.code).toBe(0);
    for (const command of COMMANDS) expect(result.stdout).toMatch(new RegExp(`^  ${command} `, "m"));
    expect(result.stdout).toContain("never from flags");
    for (const variable of ["NS_CLIENT_ID", "NS_CLIENT_SECRET", "NS_PASSWORD", "NS_PASSCODE", "NS_API_KEY", "NS_TOKEN", "NS_REFRESH"]) expect(result.stdout).toContain(variable);
    expect(result.stdout).toContain("$XDG_CONFIG_HOME/ns-api-jwt/session.json");
    for (const code of [0, 1, 2, 3, 4, 5, 6, 130]) expect(result.stdout).toMatch(new RegExp(`^ +${code}  \\S`, "m"));
    // Every error name the CLI prints, with its code: the table is the help's, the names its rows.
    for (const row of EXIT_TABLE) for (const name of row.names) expect(result.stdout).toMatch(new RegExp(`^ +${row.code}  .*\\n {7}.*\\b${name}\\b`, "m"));
  });

  it.each(["README.md", "docs/guides/cli.md"])("%s's exit-code table has the help's codes and error names", (document) => {
    const text = readFileSync(join(root, document), "utf8");
    const rows = [...text.matchAll(/^\| `(\d+)` \|(.*)$/gm)].map(([, code, rest]) => ({ code: Number(code), names: [...rest!.matchAll(/`([A-Z]\w+Error)`/g)].map((m) => m[1]) }));
    expect(rows).toEqual(EXIT_TABLE.map(({ code, names }) => ({ code, names: [...names] })));
  });

  it("a command's help lists only the exit codes it can end with", async () => {
    const codes = async (command: string) => [...(await cli([command, "--help"])).stdout.matchAll(/^ +(\d+)  \S/gm)].map((match) => Number(match[1]));
    expect(await codes("mock")).toEqual([0, 1, 2, 6]);
    expect(await codes("status")).toEqual([0, 1, 2, 3]);
    expect(await codes("claims")).toEqual([0, 1, 2, 3, 4, 5, 130]);
  });

  it.each(COMMANDS)("%s --help shows that command's usage and options", async (command) => {
    const result = await cli([command, "--help"]);
    expect(result.code).toBe(0);
    expect(result.stdout.startsWith(`Usage: ns-api-jwt ${command}`)).toBe(true);
    expect(result.stdout).toContain("Exit codes (and the error names printed with them):");
    expect(result.stdout).toContain("--json");
  });

  it("`help <command>` is the same text as `<command> --help`", async () => {
    expect((await cli(["help", "refresh"])).stdout).toBe((await cli(["refresh", "--help"])).stdout);
  });
});

describe("usage errors: one line pointing at --help; with --json, one JSON object and nothing else", () => {
  it.each([
    [[], "ns-api-jwt --help", "Give a command"],
    [["frobnicate"], "ns-api-jwt --help", "Unknown command: frobnicate"],
    [["login", "--server", "x.example", "--password", "p"], "ns-api-jwt login --help", "secrets never come from flags"],
    [["login", "--server", "x.example"], "ns-api-jwt login --help", "login needs --username"],
    [["claims", "--frob"], "ns-api-jwt claims --help", "claims has no option --frob"],
    [["claims", "extra"], "ns-api-jwt claims --help", "Unexpected argument"],
    [["claims", "--timeout"], "ns-api-jwt claims --help", "--timeout needs a value"],
    [["claims", "--server", "x.example", "--timeout", "soon"], "ns-api-jwt claims --help", "--timeout must be a positive number of milliseconds"],
    [["claims", "--server", "x.example", "--timeout", "0"], "ns-api-jwt claims --help", "--timeout must be a positive number of milliseconds"],
    [["claims", "--server", "https://x.example"], "ns-api-jwt claims --help", "--server must be a bare host name"],
    [["claims", "--base-url", "ftp://x.example"], "ns-api-jwt claims --help", "--base-url must be an http(s) URL"],
    [["claims", "--server", "a.example", "--base-url", "https://b.example"], "ns-api-jwt claims --help", "--server must be given without --base-url"],
    [["claims"], "ns-api-jwt claims --help", "claims needs --server HOST or --base-url URL"],
    [["mock", "--port", "70000"], "ns-api-jwt mock --help", "--port must be a port number"],
  ])("%j", async (args, help, message) => {
    const text = await cli(args as string[], { env: { ...home.env, NS_TOKEN: fakeJwt() } });
    expect(text).toMatchObject({ code: 2, stdout: "" });
    expect(text.stderr.split("\n")).toHaveLength(2); // one line and its newline
    expect(text.stderr).toContain(message);
    expect(text.stderr).toContain(`See \`${help}\``);
    expect(text.stderr).not.toContain("Usage:");
    expect(text.stderr).not.toMatch(LIBRARY_TERMS);

    const json = await cli([...(args as string[]), "--json"], { env: { ...home.env, NS_TOKEN: fakeJwt() } });
    expect(json).toMatchObject({ code: 2, stdout: "" });
    expect(json.stderr.trim().split("\n")).toHaveLength(1);
    expect(JSON.parse(json.stderr)).toEqual({ error: { name: "UsageError", message: expect.stringContaining(message), help } });
  });

  it("a plain http:// base URL off loopback needs --allow-insecure-http, which lets it through", async () => {
    const args = ["claims", "--base-url", "http://192.0.2.1/ns-api/v2", "--timeout", "300"];
    const refused = await cli(args, { env: { NS_TOKEN: fakeJwt() } });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("--base-url must be https:// (or loopback, or --allow-insecure-http)");
    // Allowed, it is sent: TEST-NET-1 does not answer, so the call times out (or finds no route).
    const allowed = await cli([...args, "--allow-insecure-http", "--json"], { env: { NS_TOKEN: fakeJwt() } });
    expect(allowed.code).toBe(5);
    expect(JSON.parse(allowed.stderr).error).toMatchObject({ name: expect.stringMatching(/^(TimeoutError|NetworkError)$/), host: "192.0.2.1" });
  });

  it("the facade's own checks come out in CLI terms too", async () => {
    const result = await cli(["delegate", "--print-token", "--base-url", mock.info.baseUrl, "--user", "1001", "--domain", "example.com"], { env: { NS_API_KEY: "not ascii: é" } });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^ValidationError: NS_API_KEY must be printable ASCII/);
  });
});

describe("refused before anything is sent", () => {
  it("a malformed --passcode: no password grant reaches the mock", async () => {
    await settle();
    const before = posts();
    for (const passcode of ["12ab56", "12345", "1234567", " 123456"]) {
      const result = await cli(["login", "--base-url", mock.info.baseUrl, "--username", "1002@example.com", "--passcode", passcode], {
        env: { ...creds, NS_PASSWORD: SECRETS.password },
      });
      expect(result).toMatchObject({ code: 2, stdout: "" });
      expect(result.stderr).toContain("--passcode must be 6 digits");
    }
    const fromEnv = await cli(["login", "--base-url", mock.info.baseUrl, "--username", "1002@example.com"], { env: { ...creds, NS_PASSWORD: SECRETS.password, NS_PASSCODE: "abc" } });
    expect(fromEnv.stderr).toContain("NS_PASSCODE must be 6 digits");
    await settle();
    expect(posts()).toBe(before);
    // The check can fail: a well-formed passcode does send the password grant.
    await cli(["login", "--base-url", mock.info.baseUrl, "--username", "1002@example.com", "--passcode", "000000"], { env: { ...creds, NS_PASSWORD: SECRETS.password } });
    await settle();
    expect(posts()).toBe(before + 1);
  }, 30_000);
});

describe("refusals from the server keep what it said, and never echo a secret", () => {
  it.each([
    ["a wrong password", { ...creds, NS_PASSWORD: SECRETS.password }, "401: Invalid username or password"],
    ["a wrong client secret", { ...creds, NS_CLIENT_SECRET: SECRETS.clientSecret, NS_PASSWORD: "demo-password-1000" }, "401: Invalid client credentials"],
  ])("%s: exit 3", async (_what, env, message) => {
    const result = await cli(["login", "--base-url", mock.info.baseUrl, "--username", "1000@example.com"], { env: { ...home.env, ...env } });
    expect(result).toMatchObject({ code: 3, stdout: "", stderr: `AuthenticationError: ${message}\n` });
    const json = await cli(["login", "--base-url", mock.info.baseUrl, "--username", "1000@example.com", "--json"], { env: { ...home.env, ...env } });
    expect(JSON.parse(json.stderr)).toEqual({ error: { name: "AuthenticationError", message, status: 401, code: 401 } });
  });

  it("a wrong API key: exit 3", async () => {
    const result = await cli(["delegate", "--print-token", "--base-url", mock.info.baseUrl, "--user", "1001", "--domain", "example.com"], { env: { NS_API_KEY: SECRETS.apiKey } });
    expect(result).toMatchObject({ code: 3, stdout: "" });
    expect(result.stderr).toContain("401: Delegated access requires a valid API key");
  });

  it("a bad JWT ID: exit 2 before sending", async () => {
    const result = await cli(["revoke", "--base-url", mock.info.baseUrl, "--jti", "../../etc"], { env: { NS_TOKEN: fakeJwt() } });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("UsageError: --jti must be 40 lowercase hex digits");
  });

  it("no run printed a secret or a library option name", () => {
    expectNoLeaks([...Object.values(SECRETS), "SENTINEL", mock.info.apiKey, "demo-password-1000"], []);
    for (const run of runs.filter((r) => !r.args.includes("--help") && r.args[0] !== "help")) expect(run.stderr).not.toMatch(LIBRARY_TERMS);
  });
});
