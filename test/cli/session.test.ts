// The session file workflow, through the built bin against `ns-api-jwt mock` over HTTP.
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { createServer, type AddressInfo } from "node:net";
import { dirname } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { SECRETS } from "../support/tokens.js";
import { cli, expectNoLeaks, startMock, tempHome, type RunningMock } from "./support/built-cli.js";

let mock: RunningMock;
const home = tempHome();
const tokens = new Set<string>();

beforeAll(async () => {
  mock = await startMock();
}, 30_000);

afterAll(async () => {
  await mock.stop();
  home.remove();
});

const user = (name: string) => mock.info.users.find((u) => u.username === name)!;
const creds = () => ({ ...home.env, NS_CLIENT_ID: mock.info.clientId, NS_CLIENT_SECRET: mock.info.clientSecret });
const stored = () => {
  const session = JSON.parse(readFileSync(home.sessionFile, "utf8")) as { baseUrl: string; token: string; refresh?: string };
  tokens.add(session.token);
  if (session.refresh) tokens.add(session.refresh);
  return session;
};
/** A port nothing listens on: one the system just gave out and took back. */
const closedPort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
const mode = (path: string) => statSync(path).mode & 0o777;

describe("login saves the session; the other commands use it", () => {
  it.each([["status"], ["claims"], ["refresh"], ["revoke"], ["logout"], ["decode"]])("%s before login: NotLoggedInError, exit 3", async (command) => {
    const result = await cli([command], { env: home.env });
    expect(result).toMatchObject({ code: 3, stdout: "" });
    expect(result.stderr).toMatch(/^NotLoggedInError: Not logged in \(no session file at .*\): run `ns-api-jwt login`, or set NS_TOKEN\./);
  });

  it("login writes the session file 0600 in a 0700 directory, atomically, and prints no token", async () => {
    const result = await cli(["login", "--base-url", mock.info.baseUrl, "--username", "1000@example.com"], {
      env: { ...creds(), NS_PASSWORD: user("1000@example.com").password },
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain("Logged in as 1000@example.com (Office Manager)");
    expect(result.stderr).toContain(home.sessionFile);
    expect(mode(home.sessionFile)).toBe(0o600);
    expect(mode(dirname(home.sessionFile))).toBe(0o700);
    expect(readdirSync(dirname(home.sessionFile))).toEqual(["session.json"]); // no temporary file left behind
    const session = stored();
    expect(session.baseUrl).toBe(mock.info.baseUrl);
    expect(session.token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(session.refresh).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
  });

  it("status shows who, until when, and that it can refresh; --json too; no token", async () => {
    const text = await cli(["status"], { env: home.env });
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/Logged in to http:\/\/127\.0\.0\.1:\d+\/ns-api\/v2 as 1000@example\.com \(Office Manager\)/);
    expect(text.stdout).toMatch(/Token expires \d{4}-\d\d-\d\dT/);
    expect(text.stdout).toContain("Can refresh");
    const json = await cli(["status", "--json"], { env: home.env });
    expect(JSON.parse(json.stdout)).toMatchObject({ loggedIn: true, sub: "1000@example.com", expired: false, canRefresh: true, sessionFile: home.sessionFile });
    expect(json.stderr).toBe("");
  });

  it("claims and decode use the session file without NS_TOKEN", async () => {
    const claims = await cli(["claims", "--json"], { env: home.env });
    expect(claims).toMatchObject({ code: 0, stderr: "" });
    expect(JSON.parse(claims.stdout)).toMatchObject({ sub: "1000@example.com", jti: expect.stringMatching(/^[0-9a-f]{40}$/) });
    const decoded = await cli(["decode"], { env: home.env });
    expect(decoded.code).toBe(0);
    expect(JSON.parse(decoded.stdout).jti).toBe(JSON.parse(claims.stdout).jti);
    expect(decoded.stderr).toContain("NOT verified");
  });

  it("a --base-url other than the session's is refused: its tokens never go to another host", async () => {
    const before = mock.requests().length;
    const result = await cli(["claims", "--base-url", "http://127.0.0.1:1/ns-api/v2"], { env: home.env });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`The session is for ${mock.info.baseUrl}`);
    expect(mock.requests().length).toBe(before);
  });

  it("refresh rotates the pair and writes it back; the spent refresh JWT is refused", async () => {
    const before = stored();
    const result = await cli(["refresh"], { env: home.env });
    expect(result).toMatchObject({ code: 0, stdout: "" });
    const after = stored();
    expect(after.token).not.toBe(before.token);
    expect(after.refresh).not.toBe(before.refresh);
    expect(mode(home.sessionFile)).toBe(0o600);
    const reused = await cli(["refresh", "--print-token", "--base-url", mock.info.baseUrl], { env: { ...home.env, NS_REFRESH: before.refresh! } });
    expect(reused.code).toBe(3);
    expect(reused.stderr).toContain("401: The refresh JWT is invalid, expired, revoked or already used");
    expect(reused.stdout).toBe("");
  });

  it("after the session's token is revoked elsewhere, claims renews it with the refresh JWT and saves the new pair", async () => {
    const before = stored();
    const elsewhere = { ...home.env, NS_TOKEN: before.token };
    expect(await cli(["revoke", "--base-url", mock.info.baseUrl], { env: elsewhere })).toMatchObject({ code: 0, stderr: "Revoked the current token.\n" });
    const result = await cli(["claims", "--json"], { env: home.env });
    expect(result).toMatchObject({ code: 0, stderr: "" });
    const after = stored();
    expect(after.token).not.toBe(before.token);
    expect(after.refresh).not.toBe(before.refresh);
    expect(JSON.parse(result.stdout).jti).toBe(JSON.parse(Buffer.from(after.token.split(".")[1]!, "base64url").toString()).jti);
  });

  it("without XDG_CONFIG_HOME the session goes to ~/.config/ns-api-jwt; a relative XDG_CONFIG_HOME is ignored", async () => {
    const other = tempHome();
    const env = { HOME: other.dir, XDG_CONFIG_HOME: "relative/dir", NS_CLIENT_ID: mock.info.clientId, NS_CLIENT_SECRET: mock.info.clientSecret, NS_PASSWORD: user("1001@example.com").password };
    const result = await cli(["login", "--base-url", mock.info.baseUrl, "--username", "1001@example.com"], { env });
    const path = `${other.dir}/.config/ns-api-jwt/session.json`;
    const session = JSON.parse(readFileSync(path, "utf8"));
    tokens.add(session.token).add(session.refresh);
    expect(result.code).toBe(0);
    expect(mode(path)).toBe(0o600);
    expect((await cli(["status", "--json"], { env: { HOME: other.dir } })).stdout).toContain(path);
    other.remove();
  });

  it("refresh from NS_REFRESH without --print-token refuses before sending", async () => {
    const before = mock.requests().length;
    const result = await cli(["refresh", "--base-url", mock.info.baseUrl], { env: { ...home.env, NS_REFRESH: stored().refresh! } });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("add --print-token");
    expect(mock.requests().length).toBe(before);
  });

  it("login --print-token prints the token and the refresh JWT, one per line", async () => {
    const other = tempHome();
    const result = await cli(["login", "--base-url", mock.info.baseUrl, "--username", "1001@example.com", "--print-token"], {
      env: { ...creds(), ...other.env, NS_PASSWORD: user("1001@example.com").password },
    });
    other.remove();
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split("\n");
    expect(lines).toHaveLength(2);
    for (const line of lines) {
      expect(line).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
      tokens.add(line);
    }
  });

  it("an MFA login takes the password from stdin and the passcode from --passcode; --json prints no token unless asked", async () => {
    const other = tempHome();
    const mfa = mock.info.users.find((u) => u.passcode !== undefined)!;
    const result = await cli(["login", "--base-url", mock.info.baseUrl, "--username", mfa.username, "--passcode", mfa.passcode!, "--json"], {
      env: { ...creds(), ...other.env },
      input: `${mfa.password}\n`,
    });
    other.remove();
    expect(result).toMatchObject({ code: 0, stderr: "" });
    const session = JSON.parse(result.stdout);
    expect(session).toMatchObject({ sub: mfa.username, userScope: "Basic User", canRefresh: true });
    expect(session).not.toHaveProperty("token");
  });

  it("a revoked token is reported as the server said, not as an expired session", async () => {
    const printed = await cli(["delegate", "--print-token", "--json", "--base-url", mock.info.baseUrl, "--user", "1001", "--domain", "example.com"], {
      env: { ...home.env, NS_API_KEY: mock.info.apiKey },
    });
    expect(printed.code).toBe(0);
    const bob = JSON.parse(printed.stdout) as { token: string; refresh: string; claims: { jti: string; sub: string } };
    expect(bob.claims.sub).toBe("1001@example.com");
    tokens.add(bob.token);
    tokens.add(bob.refresh);
    const revoked = await cli(["revoke", "--jti", bob.claims.jti], { env: home.env }); // Ada (Office Manager) revokes Bob's token
    expect(revoked).toMatchObject({ code: 0, stderr: `Revoked token ${bob.claims.jti}.\n` });
    const text = await cli(["claims", "--base-url", mock.info.baseUrl], { env: { ...home.env, NS_TOKEN: bob.token } });
    expect(text.code).toBe(3);
    expect(text.stderr).toContain("401: The JWT has been revoked");
    const json = await cli(["claims", "--base-url", mock.info.baseUrl, "--json"], { env: { ...home.env, NS_TOKEN: bob.token } });
    expect(JSON.parse(json.stderr).error).toMatchObject({ status: 401, message: "401: The JWT has been revoked" });
  });

  it("revoke --uid, and delegate without --print-token refuses before sending", async () => {
    const byUid = await cli(["revoke", "--uid", "1001@example.com", "--json"], { env: home.env });
    expect(byUid).toMatchObject({ code: 0, stderr: "" });
    expect(JSON.parse(byUid.stdout)).toEqual({ revoked: "1001@example.com" });
    const before = mock.requests().length;
    const refused = await cli(["delegate", "--base-url", mock.info.baseUrl, "--user", "1001", "--domain", "example.com"], { env: { NS_API_KEY: SECRETS.apiKey } });
    expect(refused.code).toBe(2);
    expect(mock.requests().length).toBe(before);
  });

  it("when the server refuses the session's refresh JWT too, claims says what it answered, then deletes the file", async () => {
    const other = tempHome();
    await cli(["login", "--base-url", mock.info.baseUrl, "--username", "1001@example.com"], { env: { ...creds(), ...other.env, NS_PASSWORD: user("1001@example.com").password } });
    const session = JSON.parse(readFileSync(other.sessionFile, "utf8"));
    tokens.add(session.token).add(session.refresh);
    // Every token of the user, the refresh JWT included, is revoked from another session.
    expect((await cli(["revoke", "--uid", "1001@example.com", "--base-url", mock.info.baseUrl], { env: { NS_TOKEN: session.token } })).code).toBe(0);
    const result = await cli(["claims"], { env: other.env });
    expect(result.code).toBe(3);
    expect(result.stderr).toBe("SessionExpiredError: 401: The refresh JWT is invalid, expired, revoked or already used. The session is over: log in again (`ns-api-jwt login`).\n");
    const json = await cli(["claims", "--json"], { env: other.env });
    expect(JSON.parse(json.stderr).error.name).toBe("NotLoggedInError"); // the file went with the session
    other.remove();
  });

  it("logout with the server unreachable still deletes the file, says the token stays valid, and exits 5", async () => {
    const other = tempHome();
    await cli(["login", "--base-url", mock.info.baseUrl, "--username", "1001@example.com"], { env: { ...creds(), ...other.env, NS_PASSWORD: user("1001@example.com").password } });
    const session = JSON.parse(readFileSync(other.sessionFile, "utf8"));
    tokens.add(session.token).add(session.refresh);
    const closed = await closedPort();
    writeFileSync(other.sessionFile, JSON.stringify({ ...session, baseUrl: `http://127.0.0.1:${closed}/ns-api/v2` }));
    const exp = new Date(JSON.parse(Buffer.from(session.token.split(".")[1], "base64url").toString()).exp * 1000).toISOString();
    const result = await cli(["logout"], { env: other.env });
    expect(result.code).toBe(5);
    expect(() => statSync(other.sessionFile)).toThrow();
    expect(result.stderr).toContain(`${other.sessionFile} deleted, but the server was not told: the token was not revoked and stays valid until ${exp}`);
    expect(result.stderr).toContain(`NetworkError: Could not reach 127.0.0.1:${closed}: ECONNREFUSED (connection refused).`);
    other.remove();
  });

  it("logout revokes the session's tokens on the server and deletes the file", async () => {
    const session = stored();
    const result = await cli(["logout"], { env: home.env });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain("Logged out");
    expect(() => statSync(home.sessionFile)).toThrow();
    const token = await cli(["claims", "--base-url", mock.info.baseUrl], { env: { NS_TOKEN: session.token } });
    expect(token.code).toBe(3);
    const refresh = await cli(["refresh", "--print-token", "--base-url", mock.info.baseUrl], { env: { NS_REFRESH: session.refresh! } });
    expect(refresh.code).toBe(3);
    expect((await cli(["status"], { env: home.env })).code).toBe(3);
    expect((await cli(["logout"], { env: home.env })).code).toBe(3);
  });

  it("a session file others can read is refused", async () => {
    const other = tempHome();
    await cli(["login", "--base-url", mock.info.baseUrl, "--username", "1000@example.com"], { env: { ...creds(), ...other.env, NS_PASSWORD: user("1000@example.com").password } });
    const { chmodSync } = await import("node:fs");
    chmodSync(other.sessionFile, 0o644);
    const result = await cli(["claims"], { env: other.env });
    JSON.parse(readFileSync(other.sessionFile, "utf8"), (key, value) => (key === "token" || key === "refresh" ? tokens.add(value) && value : value));
    other.remove();
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("open to other users (mode 0644)");
  });

  it("no run printed a secret, or a token it was not asked for", () => {
    const demo = mock.info.users.map((u) => u.password);
    expectNoLeaks([mock.info.clientSecret, mock.info.apiKey, ...demo, ...Object.values(SECRETS), "SENTINEL"], [...tokens]);
  });
});
