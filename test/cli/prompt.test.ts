// Prompts as a person meets them: the built bin in a real pseudo-terminal (tmux), the screen read back.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "@jest/globals";
import { cli, startMock, tempHome, type RunningMock } from "./support/built-cli.js";
import { openTerminal, type Terminal } from "./support/pty.js";

let mock: RunningMock;
const home = tempHome();
let terminal: Terminal | undefined;

beforeAll(async () => {
  mock = await startMock();
}, 30_000);

afterEach(() => {
  terminal?.close();
  terminal = undefined;
});

afterAll(async () => {
  await mock.stop();
  home.remove();
});

const mfaUser = () => mock.info.users.find((user) => user.passcode !== undefined)!;
const modes = (screen: string) => screen.slice(screen.indexOf("EXIT=")).split(/\s+/);

describe("at a terminal", () => {
  it("login with MFA: every question stays on screen, nothing typed is echoed, the terminal is left as found", async () => {
    const user = mfaUser();
    terminal = openTerminal(["login", "--base-url", mock.info.baseUrl, "--username", user.username], home.env);
    await terminal.waitFor(/Client ID:$/);
    terminal.type(mock.info.clientId);
    terminal.keys("Enter");
    await terminal.waitFor(/Client secret:$/);
    terminal.type(mock.info.clientSecret);
    terminal.keys("Enter");
    await terminal.waitFor(/Password:$/);
    terminal.type(`${user.password}x`);
    terminal.keys("BSpace", "Enter"); // a typo, corrected
    await terminal.waitFor(/Passcode:$/);
    terminal.type(user.passcode!);
    terminal.keys("Enter");
    const screen = await terminal.waitFor(/EXIT=\d+/);
    const lines = screen.split("\n");
    expect(lines.slice(0, 5)).toEqual([
      "Client ID:",
      "Client secret:",
      "Password:",
      "Multi-factor authentication required (google authenticator).",
      "Passcode:",
    ]);
    expect(screen).toMatch(/Logged in as 1002@example\.com \(Basic User\)/);
    expect(screen).toContain("EXIT=0");
    for (const typed of [mock.info.clientId, mock.info.clientSecret, user.password, user.passcode!]) expect(screen).not.toContain(typed);
    expect(modes(screen)).toEqual(expect.arrayContaining(["echo", "icanon"]));
    process.stdout.write(`login with MFA as a person sees it:\n${screen.slice(0, screen.indexOf("EXIT="))}\n`);
  }, 30_000);

  it("Ctrl-C at a prompt: exit 130, echo and line editing back on, nothing sent", async () => {
    terminal = openTerminal(["login", "--base-url", mock.info.baseUrl, "--username", "1000@example.com"], {
      ...home.env,
      NS_CLIENT_ID: mock.info.clientId,
      NS_CLIENT_SECRET: mock.info.clientSecret,
    });
    await terminal.waitFor(/Password:$/);
    // Counted once the prompt is up: the log lines of the previous test's requests have arrived by then.
    const before = mock.requests().length;
    terminal.type("half-typed");
    terminal.keys("C-c");
    const screen = await terminal.waitFor(/EXIT=\d+/);
    expect(screen).toContain("InterruptedError: Interrupted at the prompt (Ctrl-C): nothing was sent.");
    expect(screen).toContain("EXIT=130");
    expect(screen).not.toContain("half-typed");
    expect(modes(screen)).toEqual(expect.arrayContaining(["echo", "icanon", "isig"]));
    await new Promise((wake) => setTimeout(wake, 300)); // time for a request, had one been sent, to be logged
    expect(mock.requests().length).toBe(before);
  }, 30_000);
});

describe("piped standard input", () => {
  it("reads one secret per line and writes no prompt anywhere", async () => {
    const user = mfaUser();
    const run = await cli(["login", "--base-url", mock.info.baseUrl, "--username", user.username], {
      env: home.env,
      input: `${mock.info.clientId}\n${mock.info.clientSecret}\n${user.password}\n${user.passcode}\n`,
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe("");
    expect(run.stderr).not.toMatch(/Client ID:|Client secret:|Password:|Passcode:/);
    expect(run.stderr).toContain("Multi-factor authentication required");
  });
});
