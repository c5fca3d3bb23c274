// The package's public entry points, in one place: tsup builds them, the tarball test, TypeDoc and
// API Extractor read them. To add one: a line here, and the matching block in package.json `exports`
// (test/tarball.test.ts fails until both agree).
//   subpath — the name users import (`ns-api-jwt` + subpath)
//   source  — the TypeScript entry; dist — the built file name in dist/ (dist/<dist>.js, .cjs, .d.ts, .d.cts)
//   node    — Node-only (node: imports allowed; its own dependencies bundled in, see tsup.config.ts)
export const ENTRY_POINTS = [
  { subpath: ".", source: "src/index.ts", dist: "index", node: false },
  { subpath: "./mock", source: "src/mock/index.ts", dist: "mock", node: true },
  { subpath: "./redis", source: "src/redis/index.ts", dist: "redis", node: true },
  { subpath: "./browser", source: "src/browser/index.ts", dist: "browser", node: false },
];

/** The command line: one ESM file behind package.json `bin`. */
export const CLI = { source: "src/cli/main.ts", dist: "cli" };

/** The import name of an entry point: "ns-api-jwt", "ns-api-jwt/mock". */
export const importName = (entry) => (entry.subpath === "." ? "ns-api-jwt" : `ns-api-jwt/${entry.subpath.slice(2)}`);
