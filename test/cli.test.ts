// The real CLI, run as a process against the mock it starts itself (`ns-api-jwt mock`) over HTTP.
import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";

const root = join(__dirname, "..");
const main = join(root, "src", "cli", "main.ts");
const nodeArgs = ["--import", "tsx", main];

interface MockInfo {
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  apiKey: string;
  users: Array<{ username: string; password: string; passcode?: string }>;
}

function cli(args: string[], options: { env?: Record<string, string>; input?: string } = {}) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [...nodeArgs, ...args], {
      cwd: root,
      env: { PATH: process.env.PATH ?? "", ...options.env },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.stdin.end(options.input ?? "");
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

let mockProcess: ChildProcess;
let info: MockInfo;
const outputs: string[] = [];

beforeAll(async () => {
  mockProcess = spawn(process.execPath, [...nodeArgs, "mock", "--port", "0"], { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
  info = await new Promise<MockInfo>((resolve, reject) => {
    let buffer = "";
    mockProcess.stdout?.on("data", (chunk) => {
      buffer += chunk;
      const line = buffer.split("\n")[0];
      if (buffer.includes("\n") && line) resolve(JSON.parse(line));
    });
    mockProcess.once("exit", (code) => reject(new Error(`mock exited with ${code}`)));
  });
}, 30_000);

afterAll(async () => {
  await new Promise((resolve) => {
    mockProcess.once("exit", resolve);
    mockProcess.kill("SIGTERM");
  });
});

const admin = () => info.users.find((u) => u.username === "1000@example.com")!;
const mfaUser = () => info.users.find((u) => u.passcode !== undefined)!;
const creds = () => ({ NS_CLIENT_ID: info.clientId, NS_CLIENT_SECRET: info.clientSecret });
const record = <T extends { stdout: string; stderr: string }>(result: T) => (outputs.push(result.stderr), result);

describe("ns-api-jwt CLI", () => {
  it("mock prints one JSON line with everything needed to log in", () => {
    expect(info.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/ns-api\/v2$/);
    expect(info.users.length).toBeGreaterThanOrEqual(3);
    expect(mfaUser().passcode).toMatch(/^\d{6}$/);
  });

  it("login prints the token and the refresh JWT on stdout, a message on stderr", async () => {
    const result = record(await cli(["login", "--base-url", info.baseUrl, "--username", admin().username], { env: { ...creds(), NS_PASSWORD: admin().password } }));
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split("\n");
    expect(lines).toHaveLength(2);
    for (const line of lines) expect(line).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(result.stderr).toContain("Authenticated as 1000@example.com");
  });

  it("login takes the password from stdin and the MFA passcode from --passcode, and --json", async () => {
    const user = mfaUser();
    const result = record(
      await cli(["login", "--base-url", info.baseUrl, "--username", user.username, "--passcode", user.passcode ?? "", "--json"], {
        env: creds(),
        input: `${user.password}\n`,
      }),
    );
    expect(result.code).toBe(0);
    const session = JSON.parse(result.stdout);
    expect(session).toMatchObject({ claims: { sub: user.username, user_scope: "Basic User" }, token: expect.any(String), refresh: expect.any(String) });
    expect(result.stderr).toContain("Multi-factor authentication required");
  });

  it("login reads the MFA passcode from stdin after the password when no flag gives it", async () => {
    const user = mfaUser();
    const result = await cli(["login", "--base-url", info.baseUrl, "--username", user.username], {
      env: creds(),
      input: `${user.password}\n${user.passcode}\n`,
    });
    expect(result.code).toBe(0);
  });

  it("claims, decode, refresh, delegate and revoke work on the tokens login printed", async () => {
    const login = await cli(["login", "--base-url", info.baseUrl, "--username", admin().username], { env: { ...creds(), NS_PASSWORD: admin().password } });
    const [token, refresh] = login.stdout.trim().split("\n") as [string, string];

    const claims = await cli(["claims", "--base-url", info.baseUrl, "--json"], { env: { NS_TOKEN: token } });
    expect(claims.code).toBe(0);
    expect(JSON.parse(claims.stdout)).toMatchObject({ sub: "1000@example.com" });

    const decoded = await cli(["decode"], { input: `${token}\n` });
    expect(decoded.code).toBe(0);
    expect(JSON.parse(decoded.stdout).jti).toBe(JSON.parse(claims.stdout).jti);
    expect(decoded.stderr).toContain("NOT verified");

    const refreshed = await cli(["refresh", "--base-url", info.baseUrl, "--json"], { env: { NS_REFRESH: refresh } });
    expect(refreshed.code).toBe(0);
    const pair = JSON.parse(refreshed.stdout);
    const again = record(await cli(["refresh", "--base-url", info.baseUrl], { env: { NS_REFRESH: refresh } }));
    expect(again.code).toBe(3);

    const delegated = await cli(["delegate", "--base-url", info.baseUrl, "--user", "1001", "--domain", "example.com", "--json"], { env: { NS_API_KEY: info.apiKey } });
    expect(delegated.code).toBe(0);
    const bob = JSON.parse(delegated.stdout);
    expect(bob.claims.sub).toBe("1001@example.com");

    const byJti = await cli(["revoke", "--base-url", info.baseUrl, "--jti", bob.claims.jti], { env: { NS_TOKEN: pair.token } });
    expect(byJti).toMatchObject({ code: 0, stderr: expect.stringContaining(`Revoked token ${bob.claims.jti}`) });
    expect((await cli(["claims", "--base-url", info.baseUrl], { env: { NS_TOKEN: bob.token } })).code).toBe(3);

    const byUid = await cli(["revoke", "--base-url", info.baseUrl, "--uid", "1001@example.com", "--json"], { env: { NS_TOKEN: pair.token } });
    expect(byUid.code).toBe(0);
    expect(JSON.parse(byUid.stdout)).toEqual({ revoked: "1001@example.com" });

    expect((await cli(["revoke", "--base-url", info.baseUrl], { env: { NS_TOKEN: pair.token } })).code).toBe(0);
    const after = record(await cli(["claims", "--base-url", info.baseUrl, "--json"], { env: { NS_TOKEN: pair.token } }));
    expect(after.code).toBe(3);
    // A revoked token alone (no refresh JWT) is reported as what the server said.
    expect(JSON.parse(after.stderr).error).toMatchObject({ name: "AuthenticationError", status: 401 });
  }, 30_000);

  it("a wrong password exits 3 and never echoes it", async () => {
    const result = record(await cli(["login", "--base-url", info.baseUrl, "--username", admin().username], { env: { ...creds(), NS_PASSWORD: "SENTINEL-wrong-password" } }));
    expect(result.code).toBe(3);
    expect(result.stderr).toContain("AuthenticationError");
    expect(result.stdout).toBe("");
  });

  it.each([
    [[], "no command"],
    [["frobnicate", "--server", "x.example"], "an unknown command"],
    [["login", "--server", "x.example", "--password", "p"], "a --password flag (secrets never come from flags)"],
    [["login", "--server", "x.example"], "a login without --username"],
    [["claims"], "no --server or --base-url"],
  ])("exits 2 on %j (%s)", async (args) => {
    const result = await cli(args as string[], { env: { NS_TOKEN: "a.b.c" } });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("Usage: ns-api-jwt");
  });

  it("refuses a bad JWT ID with exit 2 before sending", async () => {
    const result = await cli(["revoke", "--base-url", info.baseUrl, "--jti", "../../etc"], { env: { NS_TOKEN: "a.b.c" } });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("ValidationError");
  });

  it("no secret appears on stderr", () => {
    const secrets = [info.clientSecret, info.apiKey, admin().password, mfaUser().password, "SENTINEL"];
    for (const text of outputs) for (const secret of secrets) expect(text).not.toContain(secret);
    expect(outputs.length).toBeGreaterThan(3);
  });
});
