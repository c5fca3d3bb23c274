// Runs the bundled program in a node:vm context with ECMAScript's built-ins and ONLY the host globals that
// docs/guides/reference.md lists, each behind a getter that records its use; prints the outcome and which of them were used.
// Arguments: the bundle (an IIFE), the config (JSON).
import { readFileSync } from "node:fs";
import { createContext, runInContext } from "node:vm";

/** The list in docs/guides/reference.md, "Where it runs". Keep the two in step: this row fails if the client needs another. */
export const HOST_GLOBALS = ["fetch", "Request", "Response", "Headers", "URL", "URLSearchParams", "FormData",
  "AbortController", "AbortSignal", "atob", "TextDecoder", "setTimeout", "clearTimeout"];

const [bundle, config] = process.argv.slice(2);
const used = new Set();
const sandbox = {};
for (const name of HOST_GLOBALS) {
  Object.defineProperty(sandbox, name, { enumerable: true, get: () => (used.add(name), globalThis[name]) });
}
const done = new Promise((resolve) => (sandbox.matrixReport = resolve));
sandbox.matrixConfig = JSON.parse(config);
const context = createContext(sandbox);
runInContext(readFileSync(bundle, "utf8"), context, { filename: "bundle.js" });
const outcome = await done;
console.log(`MATRIX-RESULT ${JSON.stringify(outcome)}`);
console.log(`GLOBALS-USED ${JSON.stringify(HOST_GLOBALS.filter((name) => used.has(name)))}`);
