// Bundles each tiny app (bench/apps/) for the browser, minified, and gzips it: what a page would download.
import { gzipSync } from "node:zlib";
import { join } from "node:path";
import { build } from "esbuild";

const root = join(import.meta.dirname ?? __dirname, "..");
export const APPS = ["facade", "openapi-fetch", "axios"] as const;

export async function bundleSize(app: (typeof APPS)[number]): Promise<{ app: string; minified: number; gzip: number }> {
  const result = await build({
    entryPoints: [join(root, "bench", "apps", `${app}.ts`)],
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    write: false,
    logLevel: "silent",
    alias: { "ns-api-jwt": join(root, "src", "index.ts") },
    // axios' package.json points browsers at its browser build.
    mainFields: ["browser", "module", "main"],
  });
  const code = result.outputFiles[0]!.contents;
  return { app, minified: code.length, gzip: gzipSync(code, { level: 9 }).length };
}
