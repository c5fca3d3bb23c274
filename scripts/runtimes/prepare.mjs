// Builds and packs the package once, installs the tarball by name into a throwaway project under
// build/runtimes/app, and lays out the program there for each kind of runtime: transpiled for Node, Bun and
// Deno; bundled for workerd and for browsers (as an app's bundler would); as TypeScript for the consumers.
import { execFileSync } from "node:child_process";
import { copyFileSync, cpSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const sh = (cwd, command, args) => execFileSync(command, args, { cwd, stdio: ["ignore", "pipe", "inherit"], encoding: "utf8" });

export function prepareApp(root, pins, { build = true, log }) {
  const out = join(root, "build/runtimes");
  const app = join(out, "app");
  rmSync(app, { recursive: true, force: true });
  mkdirSync(app, { recursive: true });
  if (build) {
    log("npm run build");
    sh(root, "npm", ["run", "-s", "build"]);
  }
  for (const old of readdirSync(out).filter((name) => name.endsWith(".tgz"))) rmSync(join(out, old));
  const tarball = JSON.parse(sh(root, "npm", ["pack", "--json", "--pack-destination", out]))[0].filename;
  log(`packed ${tarball}; installing it into build/runtimes/app`);

  writeFileSync(join(app, "package.json"), JSON.stringify({ name: "matrix-app", private: true, type: "module" }, null, 2));
  sh(app, "npm", ["install", "--no-audit", "--no-fund", "--loglevel=error", join(out, tarball),
    `typescript@${pins.typescript}`, `@types/node@${pins["@types/node"]}`]);
  copyFileSync(join(root, "scripts/runtimes/mock-process.mjs"), join(app, "mock-process.mjs"));

  const program = join(root, "scripts/runtimes/program");
  const esbuild = (args) => sh(app, join(root, "node_modules/.bin/esbuild"), ["--log-level=warning", ...args]);
  // Node, Bun, Deno: the program as plain ES modules, imports left as they are ("ns-api-jwt" by name).
  esbuild([join(program, "flows.ts"), join(program, "main.ts"), "--format=esm", "--target=es2022", `--outdir=${join(app, "js")}`]);
  // workerd: one module, resolved with the conditions Wrangler uses.
  esbuild([join(program, "worker.ts"), "--bundle", "--format=esm", "--platform=neutral", "--conditions=workerd,worker,browser",
    "--main-fields=module,main", `--outfile=${join(app, "worker/worker.mjs")}`]);
  // Browsers: one script, as a browser app's bundler would make it.
  esbuild([join(program, "page.ts"), "--bundle", "--format=esm", "--platform=browser", `--outfile=${join(app, "page/page.js")}`]);
  // Bare globals: one script for a node:vm context that has only the globals README lists.
  esbuild([join(program, "bare.ts"), "--bundle", "--format=iife", "--platform=neutral", "--main-fields=module,main", `--outfile=${join(app, "bare/bare.js")}`]);
  writeConsumers(app, program);
  return { app, tarball };
}

/** Strict TypeScript consumers of the installed package: node16 as ESM and as CommonJS, and bundler. */
function writeConsumers(app, program) {
  const strict = { strict: true, exactOptionalPropertyTypes: true, noUncheckedIndexedAccess: true, target: "es2022", skipLibCheck: false };
  const consumers = {
    "ts-node16-esm": { type: "module", compilerOptions: { ...strict, module: "node16", moduleResolution: "node16", lib: ["es2022"], types: ["node"] } },
    "ts-node16-cjs": { type: "commonjs", compilerOptions: { ...strict, module: "node16", moduleResolution: "node16", lib: ["es2022"], types: ["node"] } },
    "ts-bundler": { type: "module", compilerOptions: { ...strict, module: "esnext", moduleResolution: "bundler", lib: ["es2022", "dom"], types: [] } },
  };
  for (const [name, { type, compilerOptions }] of Object.entries(consumers)) {
    const dir = join(app, name);
    cpSync(join(program, "flows.ts"), join(dir, "src/flows.ts"));
    cpSync(join(program, "main.ts"), join(dir, "src/main.ts"));
    writeFileSync(join(dir, "package.json"), JSON.stringify({ private: true, type }));
    writeFileSync(join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions: { ...compilerOptions, rootDir: "src", outDir: "out" }, include: ["src"] }, null, 2));
  }
  return Object.keys(consumers);
}
