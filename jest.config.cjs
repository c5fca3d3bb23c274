/** ts-jest in CommonJS mode, transpile only: `npm run typecheck` does the type checking. @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  transform: { "^.+\\.ts$": ["ts-jest", { tsconfig: "tsconfig.jest.json" }] },
  moduleNameMapper: { "^(\\.{1,2}/.*)\\.js$": "$1" },
  reporters: ["default", "<rootDir>/test/support/summary-reporter.cjs"],
  globalSetup: "<rootDir>/test/support/prism-setup.cjs",
  globalTeardown: "<rootDir>/test/support/prism-teardown.cjs",
};
