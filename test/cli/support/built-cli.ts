// The CLI as users run it: the bundled bin, spawned as a process. By default it is built here with
// esbuild, bundled as tsup bundles dist/cli.js (ESM split into chunks, node18, the runtime and peer
// dependencies left external); NS_API_JWT_CLI=dist/cli.js runs the suite on tsup's own output (CI does, after
// `npm run build`). esbuild runs as a child process: its JS API refuses jest's sandboxed globals.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { expect } from "@jest/globals";

export const root = resolve(__dirname, "..", "..", "..");

let built: string | undefined;

/** The path of the CLI to spawn; built once per jest worker. */
export function cliPath(): string {
  if (process.env.NS_API_JWT_CLI) return resolve(root, process.env.NS_API_JWT_CLI);
  if (built !== undefined) return built;
  // Under node_modules so that the external dependencies resolve, as they do from dist/.
  const dir = join(root, "node_modules", ".cache", "ns-api-jwt-cli-test", String(process.pid));
  mkdirSync(dir, { recursive: true });
  const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { dependencies: object; peerDependencies?: object };
  const external = [...Object.keys(pkg.dependencies), ...Object.keys(pkg.peerDependencies ?? {})].map((name) => `--external:${name}`);
  const esbuild = join(root, "node_modules", ".bin", "esbuild");
  // tsup splits ESM by default: the mock, imported only by `mock`, becomes a chunk of its own.
  const args = ["cli=src/cli/main.ts", "--bundle", "--splitting", "--platform=node", "--target=node18", "--format=esm", ...external, `--outdir=${dir}`, "--log-level=error"];
  const result = spawnSync(esbuild, args, {
    cwd: root,
    encoding: "utf8",
  });
  if (result.status !== 0) throw new Error(`esbuild failed: ${result.stderr}`);
  built = join(dir, "cli.js");
  return built;
}

export interface Run {
  args: string[];
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Every run of this test file, checked for secrets at the end. */
export const runs: Run[] = [];

/** A throwaway XDG_CONFIG_HOME (and HOME), so no run touches the real ~/.config. */
export function tempHome(): { dir: string; env: Record<string, string>; sessionFile: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), "ns-api-jwt-cli-"));
  return {
    dir,
    env: { XDG_CONFIG_HOME: join(dir, "config"), HOME: dir },
    sessionFile: join(dir, "config", "ns-api-jwt", "session.json"),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Runs the CLI to completion; only PATH and the given variables are in its environment. */
export function cli(args: string[], options: { env?: Record<string, string>; input?: string } = {}): Promise<Run> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [cliPath(), ...args], { cwd: root, env: { PATH: process.env.PATH ?? "", ...options.env }, stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.stdin.on("error", () => undefined); // a CLI that exits before reading its stdin
    child.stdin.end(options.input ?? "");
    child.once("error", reject);
    child.on("close", (code) => {
      const run = { args, code, stdout, stderr };
      runs.push(run);
      resolvePromise(run);
    });
  });
}

export interface MockInfo {
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  apiKey: string;
  users: Array<{ username: string; password: string; passcode?: string }>;
}

export interface RunningMock {
  info: MockInfo;
  process: ChildProcess;
  /** The request lines `mock --log` printed so far, as `METHOD path [kind] status` (time and duration dropped). */
  requests(): string[];
  /** Resolves once a request line matching `pattern` has been printed. */
  waitFor(pattern: RegExp): Promise<void>;
  stop(): Promise<void>;
}

/** `ns-api-jwt mock --log …` as a process; resolves with the JSON line it prints. */
export async function startMock(args: string[] = []): Promise<RunningMock> {
  const child = spawn(process.execPath, [cliPath(), "mock", "--log", ...args], { cwd: root, env: { PATH: process.env.PATH ?? "" }, stdio: ["ignore", "pipe", "pipe"] });
  let log = "";
  const waiters: Array<() => void> = [];
  child.stderr!.on("data", (chunk) => {
    log += chunk;
    for (const wake of waiters.splice(0)) wake();
  });
  const info = await new Promise<MockInfo>((resolvePromise, reject) => {
    let buffer = "";
    child.stdout!.on("data", (chunk) => {
      buffer += chunk;
      if (buffer.includes("\n")) resolvePromise(JSON.parse(buffer.split("\n")[0]!) as MockInfo);
    });
    child.once("exit", (code) => reject(new Error(`mock exited with ${code}: ${log}`)));
  });
  // `--log` lines are `time METHOD path [grant|preflight] status duration`; kept as `METHOD path [kind] status`.
  const requests = () => log.split("\n").flatMap((line) => /^\d\d:\d\d:\d\d\.\d{3} ([A-Z]+ \S+(?: [a-z]+)? -?\d+) \d+\.\dms$/.exec(line)?.[1] ?? []);
  return {
    info,
    process: child,
    requests,
    waitFor: async (pattern) => {
      const deadline = Date.now() + 5_000;
      while (!requests().some((line) => pattern.test(line))) {
        if (Date.now() > deadline) throw new Error(`no request matching ${pattern} in ${log}`);
        await new Promise<void>((wake) => {
          waiters.push(wake);
          setTimeout(wake, 100);
        });
      }
    },
    stop: () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null) return done();
        child.once("exit", () => done());
        child.kill("SIGTERM");
      }),
  };
}

/**
 * Fails if any run printed one of `secrets`, or a token outside a run that asked for it
 * (--print-token). Tokens are learnt from the session files and the runs that printed them.
 */
export function expectNoLeaks(secrets: readonly string[], tokens: readonly string[]): void {
  expect(runs.length).toBeGreaterThan(0);
  const leaks: string[] = [];
  for (const run of runs) {
    const text = run.stdout + run.stderr;
    for (const secret of secrets) if (text.includes(secret)) leaks.push(`${run.args.join(" ")}: a secret (${secret.slice(0, 12)}…)`);
    if (run.args.includes("--print-token")) continue;
    for (const token of tokens) if (text.includes(token)) leaks.push(`${run.args.join(" ")}: a token`);
  }
  expect(leaks).toEqual([]);
}
