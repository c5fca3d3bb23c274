// Scripts that count allocations run as esbuild bundles, the way users run the package's built code. Under
// tsx every function is wrapped by `__name` (keepNames), which allocates on each closure a call makes, so a
// design that makes closures per call would be charged for something the built package never does.
import { join } from "node:path";
import { build } from "esbuild";

// Loaded by jest (CommonJS, with __dirname) and by tsx as ESM (run from the project root).
const root = typeof __dirname === "string" && __dirname.endsWith("support") ? join(__dirname, "..", "..") : process.cwd();

/** Bundles `bench/<name>.ts` for Node into build/bench/<name>.mjs and returns that path. */
export async function builtBenchScript(name: string): Promise<string> {
  const outfile = join(root, "build", "bench", `${name}.mjs`);
  await build({
    entryPoints: [join(root, "bench", `${name}.ts`)],
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node18",
    outfile,
    logLevel: "warning",
    // The mock's CommonJS dependencies (ajv) call require(); an ES module has none of its own.
    banner: { js: 'import { createRequire } from "node:module"; const require = createRequire(import.meta.url);' },
  });
  return outfile;
}
