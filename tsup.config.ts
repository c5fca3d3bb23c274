import { defineConfig, type Options } from "tsup";

const nodeOnly: Options = {
  sourcemap: true,
  target: "node18",
  platform: "node",
  tsconfig: "tsconfig.build-node.json",
  external: ["jose", "ajv", "ajv-formats", "openapi-fetch"],
};

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
  },
  // The mock server (Node only), importable from ESM and CommonJS test suites.
  { ...nodeOnly, entry: { mock: "src/mock/index.ts" }, format: ["esm", "cjs"], dts: true },
  // The CLI: one ESM file behind the bin.
  { ...nodeOnly, entry: { cli: "src/cli/main.ts" }, format: ["esm"] },
]);
