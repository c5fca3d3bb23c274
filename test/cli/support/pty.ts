// The CLI at a real terminal: a pseudo-terminal made by tmux (a private server per test file), the bin
// run in it by `sh -c` (no interactive shell that would reset the terminal for us), and the screen read
// back as a person sees it (`capture-pane`), not the bytes written.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cliPath, root } from "./built-cli.js";

const quote = (value: string) => `'${value.replace(/'/g, `'\\''`)}'`;

export interface Terminal {
  /** What the screen shows now, trailing blank lines dropped. */
  screen(): string;
  /** Types text; `keys` are tmux key names (Enter, C-c, BSpace). */
  type(text: string): void;
  keys(...keys: string[]): void;
  /** Resolves once the screen matches `pattern`; rejects with the screen after 10 s. */
  waitFor(pattern: RegExp): Promise<string>;
  close(): void;
}

/**
 * Runs `ns-api-jwt args…` in a new 100×30 terminal with only `env` (and PATH) set. When it exits the
 * shell prints `EXIT=<code>` and the terminal's modes (`stty -a`): a program that leaves raw mode or
 * echo off shows there.
 */
export function openTerminal(args: readonly string[], env: Record<string, string>): Terminal {
  const dir = mkdtempSync(join(tmpdir(), "ns-api-jwt-pty-"));
  const socket = join(dir, "tmux.sock");
  const tmux = (...tmuxArgs: string[]) => execFileSync("tmux", ["-S", socket, ...tmuxArgs], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  const assignments = Object.entries({ PATH: process.env.PATH ?? "", ...env }).map(([name, value]) => `${name}=${quote(value)}`);
  const command = `cd ${quote(root)} && env -i ${assignments.join(" ")} ${quote(process.execPath)} ${[cliPath(), ...args].map(quote).join(" ")}; echo "EXIT=$?"; stty -a; sleep 60`;
  tmux("-f", "/dev/null", "new-session", "-d", "-x", "100", "-y", "30", "sh", "-c", command);
  const screen = () => tmux("capture-pane", "-p").replace(/\s+$/, "");
  return {
    screen,
    type: (text) => void tmux("send-keys", "-l", text),
    keys: (...keys) => void tmux("send-keys", ...keys),
    waitFor: async (pattern) => {
      const deadline = Date.now() + 10_000;
      for (;;) {
        const now = screen();
        if (pattern.test(now)) return now;
        if (Date.now() > deadline) throw new Error(`The screen never matched ${pattern}:\n${now}`);
        await new Promise((wake) => setTimeout(wake, 50));
      }
    },
    close: () => {
      try {
        tmux("kill-server");
      } catch {
        // already gone
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
