import { copyFileSync, readFileSync } from "node:fs";
import { defineConfig, type Options } from "tsup";

const nodeOnly: Options = {
  sourcemap: true,
  target: "node18",
  platform: "node",
  tsconfig: "tsconfig.build-node.json",
  external: ["jose", "ajv", "ajv-formats", "openapi-fetch"],
};

/** In src/redis, `../index.js` is the client entry: resolved as the package `ns-api-jwt` (external). */
const coreAsPackage: NonNullable<Options["esbuildPlugins"]>[number] = {
  name: "core-as-package",
  setup(build) {
    build.onResolve({ filter: /^\.\.\/index\.js$/ }, (args) => (args.importer.includes("/src/redis/") ? { path: "ns-api-jwt", external: true } : undefined));
  },
};

const openapiFetch = JSON.parse(readFileSync("node_modules/openapi-fetch/package.json", "utf8")) as { version: string; license: string };

export default defineConfig([
  {
    // The client: runs wherever fetch does, so no Node types and a neutral platform.
    entry: { index: "src/index.ts" },
    format: ["esm", "cjs"],
    dts: true,
    sourcemap: true,
    clean: true,
    target: "es2022",
    platform: "neutral",
    tsconfig: "tsconfig.build.json",
    // openapi-fetch's runtime is carried inside the entry: resolving and loading it as a second package
    // cost ~4 ms of a cold import (bench/cold-start.ts). Its types still come from the dependency, which
    // is pinned to the same exact version. A plain comment, not a /*! legal one: bundlers keep those in apps
    // that tree-shake openapi-fetch away (the facade does not use it).
    noExternal: ["openapi-fetch"],
    banner: { js: `/* Includes openapi-fetch ${openapiFetch.version} (${openapiFetch.license} licence: openapi-fetch.LICENSE) */` },
    onSuccess: async () => copyFileSync("node_modules/openapi-fetch/LICENSE", "dist/openapi-fetch.LICENSE"),
  },
  // The mock server (Node only), importable from ESM and CommonJS test suites.
  { ...nodeOnly, entry: { mock: "src/mock/index.ts" }, format: ["esm", "cjs"], dts: true },
  // ns-api-jwt/redis (Node only): the core is imported from the package itself, not bundled again, so its
  // error classes are the ones users catch; the Redis client is the user's, so no Redis package is imported.
  { ...nodeOnly, entry: { redis: "src/redis/index.ts" }, format: ["esm", "cjs"], dts: true, external: ["ns-api-jwt"], esbuildPlugins: [coreAsPackage] },
  // The CLI: one ESM file behind the bin.
  { ...nodeOnly, entry: { cli: "src/cli/main.ts" }, format: ["esm"] },
]);
