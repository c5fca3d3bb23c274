// Bundles each tiny app (bench/apps/) for the browser, minified, and gzips it: what a page would download.
import { gzipSync } from "node:zlib";
import { join } from "node:path";
import { build } from "esbuild";

// Loaded by jest (CommonJS, with __dirname) and by tsx as ESM (run from the project root).
const root = typeof __dirname === "string" && __dirname.endsWith("bench") ? join(__dirname, "..") : process.cwd();
export const APPS = ["facade", "openapi-fetch", "axios"] as const;

export async function bundleSize(app: (typeof APPS)[number]): Promise<{ app: string; minified: number; gzip: number; modules: string[] }> {
  const result = await build({
    entryPoints: [join(root, "bench", "apps", `${app}.ts`)],
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    write: false,
    metafile: true,
    logLevel: "silent",
    alias: { "ns-api-jwt": join(root, "src", "index.ts") },
    // axios' package.json points browsers at its browser build.
    mainFields: ["browser", "module", "main"],
  });
  const code = result.outputFiles[0]!.contents;
  // The modules that put code into the bundle (tree-shaken ones are listed with 0 bytes).
  const output = Object.values(result.metafile.outputs)[0]!;
  const modules = Object.entries(output.inputs).filter(([, input]) => input.bytesInOutput > 0).map(([path]) => path);
  return { app, minified: code.length, gzip: gzipSync(code, { level: 9 }).length, modules };
}
