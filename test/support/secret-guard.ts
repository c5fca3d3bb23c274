// Loaded before every test file: fails the run if a sentinel secret reaches the console.
import { inspect } from "node:util";
import { afterAll, expect } from "@jest/globals";
import { SECRETS } from "./tokens.js";

const sentinels = [...Object.values(SECRETS), "SENTINEL"];
const leaks: string[] = [];

for (const method of ["log", "info", "warn", "error", "debug"] as const) {
  const original = console[method].bind(console);
  console[method] = (...args: unknown[]) => {
    const text = args.map((arg) => (typeof arg === "string" ? arg : inspect(arg, { depth: 6 }))).join(" ");
    if (sentinels.some((secret) => text.includes(secret))) leaks.push(text.slice(0, 200));
    original(...args);
  };
}

afterAll(() => {
  expect(leaks).toEqual([]);
});
