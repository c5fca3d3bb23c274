import { copyFileSync, readFileSync } from "node:fs";
import { defineConfig, type Options } from "tsup";
import type { Plugin } from "esbuild";
// @ts-expect-error: a plain .mjs module shared with the scripts (no declarations)
import { CLI, ENTRY_POINTS } from "./scripts/entry-points.mjs";

type Entry = { source: string; dist: string; node: boolean };
const entries = ENTRY_POINTS as Entry[];
const openapiFetch = JSON.parse(readFileSync("node_modules/openapi-fetch/package.json", "utf8")) as { version: string; license: string };

// No source maps in the package: dist/ is unminified ES2022 with the original names, so stack traces and a
// debugger already land in readable code, while maps would point at src/*.ts files that are not shipped unless
// they embed the sources — over half of the unpacked size for what the plain JS already shows.
const nodeOnly: Options = {
  target: "node18",
  platform: "node",
  tsconfig: "tsconfig.build-node.json",
  // The mock's and the CLI's own dependencies (jose, ajv, ajv-formats and theirs) are carried inside their
  // entries, so installing the package brings only what the client uses. Their licences ship in
  // dist/THIRD-PARTY-NOTICES.md (scripts/third-party-notices.mjs). tsup keeps `dependencies` and
  // `peerDependencies` external — openapi-fetch (the client's types import it), and an optional peer such
  // as a Redis client — and bundles the rest; the list below only says so out loud.
  noExternal: ["jose", "ajv", "ajv-formats"],
};

/**
 * A Node-only entry that imports the client as `../index.js` (src/redis/) gets it from the package itself,
 * `ns-api-jwt`, rather than a second copy: its ESM build imports the ESM client and its CommonJS build
 * requires the CommonJS client, so in either module system there is one copy of the library and its error
 * classes are the ones users catch.
 */
const clientFromItsEntry: Plugin = {
  name: "client-from-its-entry",
  setup(build) {
    build.onResolve({ filter: /^\.\.\/index\.js$/ }, (args) =>
      /\/src\/[^/]+\/[^/]+$/.test(args.importer) && !args.importer.includes("/src/cli/") ? { path: "ns-api-jwt", external: true } : undefined,
    );
  },
};

/** Resolves the CLI's imports of src/mock/** to the built mock entry, which re-exports what the CLI uses. */
const mockFromItsEntry: Plugin = {
  name: "mock-from-its-entry",
  setup(build) {
    build.onResolve({ filter: /^(\.\.\/)+mock\/[^/]+\.js$/ }, (args) =>
      args.importer.includes("/src/cli/") ? { path: "./mock.js", external: true } : undefined,
    );
  },
};

export default defineConfig([
  {
    // The client: runs wherever fetch does, so no Node types and a neutral platform.
    entry: { index: "src/index.ts" },
    format: ["esm", "cjs"],
    dts: true,
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
  // Other entries that run wherever the client does (ns-api-jwt/browser): built like it, importing the client
  // as the package itself, so ESM imports ESM and CommonJS requires CommonJS, one copy of the client each.
  ...entries
    .filter((entry) => !entry.node && entry.source !== "src/index.ts")
    .map((entry): Options => ({
      entry: { [entry.dist]: entry.source },
      format: ["esm", "cjs"],
      dts: true,
      target: "es2022",
      platform: "neutral",
      tsconfig: "tsconfig.build.json",
      esbuildPlugins: [clientFromItsEntry],
    })),
  // Node-only entries (the mock server, …), importable from ESM and CommonJS test suites.
  ...entries
    .filter((entry) => entry.node)
    .map((entry): Options => ({
      ...nodeOnly,
      entry: { [entry.dist]: entry.source },
      format: ["esm", "cjs"],
      dts: true,
      esbuildPlugins: [clientFromItsEntry],
    })),
  // The CLI: one ESM file behind the bin. It loads the mock from dist/mock.js rather than carrying a third
  // copy of it (and of ajv and jose).
  { ...nodeOnly, entry: { [CLI.dist]: CLI.source }, format: ["esm"], esbuildPlugins: [mockFromItsEntry] },
]);
