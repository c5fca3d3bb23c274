#!/usr/bin/env node
import { run } from "./run.js";

run(process.argv.slice(2), { env: process.env, stdin: process.stdin, stdout: process.stdout, stderr: process.stderr }).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`Unexpected failure: ${(error as Error)?.name ?? "Error"}\n`);
    process.exitCode = 1;
  },
);
