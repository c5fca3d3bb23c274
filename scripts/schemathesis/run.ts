// `npm run fuzz:api`: schemathesis against the mock over HTTP with our spec, every operation, positive
// and negative data, all checks, a fixed seed and a bounded number of examples. Ends with one summary line.
import { spawn } from "node:child_process";
import { mkdir, readFile, rm } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { createMockServer, DEFAULT_API_KEY, DEFAULT_CLIENT, DEFAULT_USERS, listen } from "../../src/mock/index.js";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "../..");
const st = join(root, "tools/schemathesis-venv/bin/st");
const reportDir = join(root, "build/schemathesis");
const seed = process.env.FUZZ_SEED ?? "20261201";
const maxExamples = process.env.FUZZ_MAX_EXAMPLES ?? "150";

const admin = DEFAULT_USERS.find((user) => user.scope === "Office Manager" && user.passcode === undefined);
if (admin === undefined) throw new Error("The mock's defaults have no Office Manager without MFA.");

const server = await listen(createMockServer());
await rm(reportDir, { recursive: true, force: true });
await mkdir(reportDir, { recursive: true });
const args = [
  "--config-file", join(here, "schemathesis.toml"),
  "run", join(root, "openapi/ns-api-jwt.yaml"),
  "--url", server.baseUrl,
  "--checks", "all",
  "--mode", "all",
  "--seed", seed,
  "--max-examples", maxExamples,
  "--generation-database", "none",
  "--workers", "1",
  "--no-color",
  "--continue-on-failure",
  "--report", "junit",
  "--report-junit-path", join(reportDir, "junit.xml"),
  ...process.argv.slice(2),
];
let output = "";
const code = await new Promise<number>((resolveCode) => {
  const child = spawn(st, args, {
    cwd: root,
    stdio: ["ignore", "pipe", "inherit"],
    env: {
      ...process.env,
      NS_MOCK_BASE_URL: server.baseUrl,
      NS_MOCK_CLIENT_ID: DEFAULT_CLIENT.clientId,
      NS_MOCK_CLIENT_SECRET: DEFAULT_CLIENT.clientSecret,
      NS_MOCK_USERNAME: `${admin.user}@${admin.domain}`,
      NS_MOCK_PASSWORD: admin.password,
      NS_MOCK_API_KEY: DEFAULT_API_KEY,
    },
  });
  child.stdout.on("data", (chunk: Buffer) => {
    process.stdout.write(chunk);
    output += chunk.toString("utf8");
  });
  child.once("error", (error) => {
    console.error(`schemathesis: cannot start ${st} (${error.message}); run scripts/schemathesis/install.sh`);
    resolveCode(1);
  });
  child.once("close", (exitCode) => resolveCode(exitCode ?? 1));
});
await server.close();

// One line a person (or CI) reads: test cases from st's summary, failing operations from the JUnit report.
const junit = await readFile(join(reportDir, "junit.xml"), "utf8").catch(() => "");
const operations = junit.match(/<testcase\b[\s\S]*?(?:\/>|<\/testcase>)/g) ?? [];
const failedOperations = operations.filter((entry) => /<(failure|error)\b/.test(entry)).length;
const generated = Number(/(\d+) generated/.exec(output)?.[1] ?? 0);
const failing = Number(/(\d+) found \d+ unique failures?/.exec(output)?.[1] ?? (failedOperations > 0 ? failedOperations : 0));
const passed = Number(/(\d+) passed, \d+ skipped/.exec(output)?.[1] ?? /(\d+) generated, (\d+) passed/.exec(output)?.[2] ?? generated - failing);
console.log(
  `schemathesis: ${passed} passed, ${failing} failed ` +
    `(test cases over ${operations.length} operations, ${failedOperations} failing; seed ${seed}, up to ${maxExamples} examples each)`,
);
process.exit(code === 0 && failing === 0 && failedOperations === 0 && operations.length > 0 ? 0 : 1);
