/** ts-jest in CommonJS mode, transpile only: `npm run typecheck` does the type checking. @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  transform: {
    "^.+\\.ts$": ["ts-jest", { tsconfig: "tsconfig.jest.json" }],
    // jose ships only ES modules; jest runs CommonJS, so its files are transpiled too.
    "^.+/node_modules/jose/.+\\.js$": ["ts-jest", { tsconfig: { allowJs: true, module: "CommonJS", verbatimModuleSyntax: false } }],
  },
  transformIgnorePatterns: ["/node_modules/(?!jose/)"],
  moduleNameMapper: { "^(\\.{1,2}/.*)\\.js$": "$1" },
  setupFilesAfterEnv: ["<rootDir>/test/support/secret-guard.ts"],
  reporters: ["default", "<rootDir>/test/support/summary-reporter.cjs"],
  globalSetup: "<rootDir>/test/support/prism-setup.cjs",
  globalTeardown: "<rootDir>/test/support/prism-teardown.cjs",
};
