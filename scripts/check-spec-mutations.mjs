#!/usr/bin/env node
// Proves that a spec change reaches the compiler. Each mutation below alters a copy of the spec; the types are
// regenerated from it into a temporary tree that mirrors the repository (a copy of src/, the altered generated/,
// node_modules linked), and tsc checks the hand-written code (src/: facade, CLI, mock) against them. The
// unaltered spec must compile; every mutation must not. A mutation that compiles is a failure of this check.
//
//   npm run check:mutations                   all mutations
//   npm run check:mutations -- --only claim   those whose name contains "claim"
//   npm run check:mutations -- --noop         adds a mutation that changes nothing, to see the check fail
//   npm run check:mutations -- --verbose      every error message; --keep leaves the temporary trees
import { execFile } from "node:child_process";
import { cp, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { parse, stringify } from "yaml";
import { generate, root, specPath } from "./generate.mjs";

// ---- mutations: small functions on the parsed spec; each throws when what it alters is not there ----------

function operation(doc, path, method) {
  const found = doc.paths?.[path]?.[method];
  if (found === undefined) throw new Error(`the spec has no ${method.toUpperCase()} ${path}`);
  return found;
}

/** Renames a path, keeping its place among the paths. */
const movePath = (from, to) => (doc) => {
  if (doc.paths[from] === undefined) throw new Error(`the spec has no path ${from}`);
  doc.paths = Object.fromEntries(Object.entries(doc.paths).map(([key, item]) => [key === from ? to : key, item]));
};

/** Moves one operation to another method and/or path (a new path item takes the old one's parameters). */
const moveOperation = (fromPath, fromMethod, toPath, toMethod) => (doc) => {
  const moved = operation(doc, fromPath, fromMethod);
  const source = doc.paths[fromPath];
  delete source[fromMethod];
  doc.paths[toPath] ??= source.parameters === undefined ? {} : { parameters: structuredClone(source.parameters) };
  if (doc.paths[toPath][toMethod] !== undefined) throw new Error(`the spec already has ${toMethod.toUpperCase()} ${toPath}`);
  doc.paths[toPath][toMethod] = moved;
  if (Object.keys(source).every((key) => key === "parameters")) delete doc.paths[fromPath];
};

/** Renames a property of a component schema: in `properties`, `required` and the examples. */
const renameProperty = (schemaName, from, to) => (doc) => {
  const schema = doc.components.schemas[schemaName];
  if (schema?.properties?.[from] === undefined) throw new Error(`${schemaName} has no property ${from}`);
  const rename = (object) => Object.fromEntries(Object.entries(object).map(([key, value]) => [key === from ? to : key, value]));
  schema.properties = rename(schema.properties);
  if (schema.required) schema.required = schema.required.map((name) => (name === from ? to : name));
  if (schema.examples) schema.examples = schema.examples.map(rename);
};

/** Adds a required string property to a component schema. */
const addRequiredProperty = (schemaName, name) => (doc) => {
  const schema = doc.components.schemas[schemaName];
  if (schema?.properties === undefined || schema.properties[name] !== undefined) throw new Error(`cannot add ${name} to ${schemaName}`);
  schema.properties[name] = { type: "string", minLength: 1, description: "Added by the mutation check." };
  schema.required = [...(schema.required ?? []), name];
  delete schema.examples;
};

/** Answers an operation with another status, everything else alike. */
const changeStatus = (path, method, from, to) => (doc) => {
  const { responses } = operation(doc, path, method);
  if (responses[from] === undefined || responses[to] !== undefined) throw new Error(`cannot move ${method.toUpperCase()} ${path} ${from} to ${to}`);
  responses[to] = responses[from];
  delete responses[from];
};

const claim = (from, to) => [`claim renamed: ${from} → ${to}`, renameProperty("Claims", from, to)];

/** Each: [name, mutate(doc)]. */
const MUTATIONS = [
  ["path moved: /jwt/{id} → /tokens/{id}", movePath("/jwt/{id}", "/tokens/{id}")],
  ["method changed: DELETE /jwt → POST /jwt/revoke", moveOperation("/jwt", "delete", "/jwt/revoke", "post")],
  ["method changed: DELETE /jwt/{id} → POST /jwt/{id}", moveOperation("/jwt/{id}", "delete", "/jwt/{id}", "post")],
  ["method changed: GET /jwt → PUT /jwt", moveOperation("/jwt", "get", "/jwt", "put")],
  claim("user_scope", "scope"),
  claim("mfa_vendor", "mfa_provider"),
  claim("mfa_type", "mfa_method"),
  claim("exp", "expires_at"),
  claim("jti", "token_id"),
  claim("sub", "subject"),
  ["status changed: POST /jwt 200 → 201", changeStatus("/jwt", "post", "200", "201")],
  ["status changed: GET /jwt 200 → 203", changeStatus("/jwt", "get", "200", "203")],
  ["status changed: DELETE /jwt 202 → 200", changeStatus("/jwt", "delete", "202", "200")],
  ["status changed: DELETE /jwt/{id} 202 → 200", changeStatus("/jwt/{id}", "delete", "202", "200")],
  ["response field renamed: TokenPair token → jwt", renameProperty("TokenPair", "token", "jwt")],
  ["response field renamed: TokenPair refresh → refresh_token", renameProperty("TokenPair", "refresh", "refresh_token")],
  ["grant field added: PasswordGrant requires tenant", addRequiredProperty("PasswordGrant", "tenant")],
  ["grant field added: MfaGrant requires device_id", addRequiredProperty("MfaGrant", "device_id")],
  ["grant field renamed: RefreshGrant refresh → refresh_token", renameProperty("RefreshGrant", "refresh", "refresh_token")],
];
const NOOP = ["no-op (a description changed): must be reported as compiling", (doc) => void (doc.info.description += " ")];

// ---- running -------------------------------------------------------------------------------------------------

const { values: args } = parseArgs({
  options: { only: { type: "string" }, noop: { type: "boolean" }, verbose: { type: "boolean" }, keep: { type: "boolean" } },
});
const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
const PARALLEL = 2; // the machine's cores; tsc is CPU-bound

const selected = [...MUTATIONS, ...(args.noop ? [NOOP] : [])].filter(([name]) => args.only === undefined || name.includes(args.only));
const cases = [["baseline (the spec as committed)", () => {}], ...selected];
const spec = parse(await readFile(specPath, "utf8"));
const work = await mkdtemp(join(tmpdir(), "ns-api-jwt-mutations-"));
// What each tree shares: the hand-written code as it is now, the repository's compiler settings.
const tsconfig = { extends: join(root, "tsconfig.json"), compilerOptions: { noEmit: true, paths: {} }, include: ["src", "generated"] };

/** Builds the tree for one case and type-checks it: the errors, as {file, line, code, message}. */
async function check([name, mutate], index) {
  const dir = join(work, String(index).padStart(2, "0"));
  await mkdir(dir, { recursive: true });
  const doc = structuredClone(spec);
  mutate(doc);
  const mutatedSpec = join(dir, "ns-api-jwt.yaml");
  await writeFile(mutatedSpec, stringify(doc));
  await Promise.all([
    generate(join(dir, "generated"), mutatedSpec),
    cp(join(root, "src"), join(dir, "src"), { recursive: true }),
    cp(join(root, "package.json"), join(dir, "package.json")), // "type": "module", as NodeNext resolution reads it
    symlink(join(root, "node_modules"), join(dir, "node_modules"), "dir"),
    writeFile(join(dir, "tsconfig.json"), JSON.stringify(tsconfig)),
  ]);
  const output = await new Promise((resolve, reject) => {
    execFile(process.execPath, [tsc, "--noEmit", "--pretty", "false", "-p", "tsconfig.json"], { cwd: dir, maxBuffer: 64 << 20 }, (error, stdout) => {
      if (error && typeof error.code !== "number") reject(error);
      else resolve(stdout);
    });
  });
  const errors = [...output.matchAll(/^(.+?)\((\d+),\d+\): error (TS\d+): (.*)$/gm)].map(([, file, line, code, message]) => ({ file, line: Number(line), code, message }));
  if (errors.length === 0 && output.trim() !== "") throw new Error(`${name}: tsc failed without a diagnostic:\n${output}`);
  return { name, errors };
}

/** Runs `task` over `items`, at most `limit` at a time, keeping the order of the results. */
async function pool(items, limit, task) {
  const results = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index], index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

const started = performance.now();
let results;
try {
  results = await pool(cases, PARALLEL, check);
} finally {
  if (!args.keep) await rm(work, { recursive: true, force: true });
}

const places = (errors, max) => {
  const unique = [...new Set(errors.map((e) => `${e.file}:${e.line}`))];
  return unique.length <= max ? unique.join(", ") : `${unique.slice(0, max).join(", ")} (+${unique.length - max} more)`;
};
const [baseline, ...mutated] = results;
const rows = [["mutation", "compiles?", "verdict", "first errors (file:line)"]];
rows.push([baseline.name, baseline.errors.length === 0 ? "yes" : "NO", baseline.errors.length === 0 ? "ok" : "FAILED: must compile", places(baseline.errors, 4) || "—"]);
let passed = 0;
for (const { name, errors } of mutated) {
  const inHandWritten = errors.filter((e) => e.file.startsWith("src/"));
  const caught = inHandWritten.length > 0;
  if (caught) passed += 1;
  const verdict = caught ? "caught" : errors.length > 0 ? "FAILED: only generated/ breaks" : "FAILED: compiles";
  rows.push([name, errors.length === 0 ? "yes" : "no", verdict, places(inHandWritten.length > 0 ? inHandWritten : errors, 4) || "—"]);
}
const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
for (const [i, row] of rows.entries()) {
  console.log(`| ${row.map((cell, column) => cell.padEnd(widths[column])).join(" | ")} |`);
  if (i === 0) console.log(`|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`);
}
if (args.verbose) {
  for (const { name, errors } of results) {
    if (errors.length === 0) continue;
    console.log(`\n${name}:`);
    for (const e of errors) console.log(`  ${e.file}:${e.line} ${e.code} ${e.message}`);
  }
}
const failed = mutated.length - passed;
console.log(`\n(${cases.length} type checks, ${PARALLEL} at a time, in ${((performance.now() - started) / 1000).toFixed(1)} s)`);
if (baseline.errors.length > 0) console.log("baseline: the unmutated spec does not compile, so no mutation result means anything");
console.log(`mutations: ${passed} passed, ${failed} failed`);
process.exitCode = failed > 0 || baseline.errors.length > 0 ? 1 : 0;
