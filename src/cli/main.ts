#!/usr/bin/env node
import { run } from "./run.js";

run(process.argv.slice(2), { env: process.env, stdin: process.stdin, stdout: process.stdout, stderr: process.stderr }).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // run() reports every error itself; this is a last resort, and shows no message (it could hold anything).
    process.stderr.write(`Unexpected failure: ${(error as Error)?.name ?? "Error"}\n`);
    process.exitCode = 1;
  },
);
