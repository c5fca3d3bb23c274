// Child processes of the matrix: the mock (its own process, from the installed package) and the programs.
import { spawn } from "node:child_process";
import { join } from "node:path";

/** Runs a command to the end and returns its output; rejects with the tail of it on failure or timeout. */
export function run(command, args, { cwd, env, timeoutMs = 90_000 } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.once("error", (error) => (clearTimeout(timer), reject(error)));
    child.once("close", (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve(output);
      else reject(new Error(`${signal === "SIGKILL" ? "timed out" : `exit ${code}`}: ${output.trim().slice(-600)}`));
    });
  });
}

/** The flows' outcome from a program's output (its `MATRIX-RESULT {...}` line). */
export function outcomeOf(output) {
  const line = output.split("\n").find((text) => text.startsWith("MATRIX-RESULT "));
  if (line === undefined) throw new Error(`no result: ${output.trim().slice(-600)}`);
  const parsed = JSON.parse(line.slice("MATRIX-RESULT ".length));
  if (parsed.error !== undefined) throw new Error(parsed.error);
  return parsed;
}

/** Starts the mock in its own process with `options`; resolves to its config (base URL, credentials) and stop(). */
export function startMock(app, options = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(app, "mock-process.mjs"), JSON.stringify(options)], { cwd: app, stdio: ["pipe", "pipe", "inherit"] });
    let output = "";
    const stop = () =>
      new Promise((done) => {
        if (child.exitCode !== null) return done();
        child.once("exit", () => done());
        child.kill("SIGTERM");
      });
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`the mock exited (${code}) before it listened: ${output}`)));
    child.stdout.on("data", (chunk) => {
      output += chunk;
      const line = output.split("\n").find((text) => text.startsWith("MOCK "));
      if (line !== undefined) resolve({ config: JSON.parse(line.slice(5)), stop });
    });
  });
}
