#!/usr/bin/env node
// `npm run sdks:check`: generates every client, compiles or lints it, and runs a smoke program in each
// language against the mock over HTTP that does all eight variants (password, MFA, refresh, delegation,
// claims, revoke current, by JWT ID, by uid). A recorder in front of the mock notes what each request looked
// like on the wire, and the sequence is compared with sdks/harness/variants.mjs.
import { spawn, spawnSync } from "node:child_process";
import { cpSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { root } from "./generate.mjs";
import { generateSdks } from "./sdks.mjs";
import { startRecordingMock } from "../sdks/harness/recorder.mjs";
import { compareWithExpected, REVOKED_UID } from "../sdks/harness/variants.mjs";

const sdks = join(root, "build", "sdks");
const smoke = join(root, "sdks", "smoke");

function filesUnder(dir, suffix) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path, suffix) : path.endsWith(suffix) ? [path] : [];
  });
}

/** Runs a command; throws with its output when it fails. */
function sh(command, args, options = {}) {
  const run = spawnSync(command, args, { encoding: "utf8", ...options, env: { ...process.env, ...options.env } });
  if (run.status !== 0) {
    const where = relative(root, options.cwd ?? root) || ".";
    throw new Error(`${command} ${args.join(" ")} (in ${where}) failed:\n${`${run.stdout ?? ""}${run.stderr ?? ""}`.slice(-3000)}`);
  }
  return run.stdout.trim();
}

/** The mock from src/ (what MOCK ships now, not a stale build), in-process, behind the recorder. */
/** Runs a command without blocking this process (the mock answers from it); rejects with its output on failure. */
function run(command, args, options = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...options, env: { ...process.env, ...options.env }, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    let stdout = "";
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
      output += chunk;
    });
    child.stderr.on("data", (chunk) => (output += chunk));
    const timer = setTimeout(() => child.kill("SIGKILL"), 120_000);
    child.once("error", reject);
    child.once("close", (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve(stdout.trim());
      else reject(new Error(`${command} ${args.join(" ")} failed (${signal ?? code}):\n${output.slice(-3000)}`));
    });
  });
}

async function startMock() {
  const { tsImport } = await import("tsx/esm/api");
  const { MockNetSapiens, DEFAULT_API_KEY, DEFAULT_CLIENT } = await tsImport("../src/mock/index.ts", import.meta.url);
  const mock = new MockNetSapiens();
  const front = await startRecordingMock(mock, {
    apiKeys: new Set([DEFAULT_API_KEY]),
    upstreamOrigin: new URL(MockNetSapiens.inProcessBaseUrl).origin,
  });
  return { mock, front, apiKey: DEFAULT_API_KEY, client: DEFAULT_CLIENT };
}

const languages = {
  php: {
    build() {
      const files = filesUnder(join(sdks, "php", "lib"), ".php");
      for (const file of files) sh("php", ["-l", file]);
      return `php -l on ${files.length} files`;
    },
    smoke: (env) => run("php", [join(smoke, "smoke.php")], { env: { ...env, SDK_DIR: join(sdks, "php") } }),
  },
  python: {
    build() {
      const venv = join(sdks, ".venv");
      sh("python3", ["-m", "venv", venv]);
      sh(join(venv, "bin", "pip"), ["install", "-q", "--disable-pip-version-check", join(sdks, "python")]);
      sh(join(venv, "bin", "python"), ["-m", "compileall", "-q", join(sdks, "python", "ns_api_jwt")]);
      sh(join(venv, "bin", "python"), ["-c", "import ns_api_jwt, ns_api_jwt.api.jwt_api"]);
      return "pip install, compileall, import";
    },
    smoke: (env) => run(join(sdks, ".venv", "bin", "python"), [join(smoke, "smoke.py")], { env }),
  },
  go: {
    build() {
      const dir = join(sdks, "go");
      sh("go", ["mod", "tidy"], { cwd: dir });
      sh("go", ["build", "./..."], { cwd: dir });
      sh("go", ["vet", "./..."], { cwd: dir });
      // The smoke module lives in sdks/smoke/go; it is copied beside the client so `go mod tidy` writes nothing tracked.
      const program = join(sdks, "go-smoke");
      mkdirSync(program, { recursive: true });
      cpSync(join(smoke, "go", "main.go"), join(program, "main.go"));
      writeFileSync(join(program, "go.mod"), readFileSync(join(smoke, "go", "go.mod"), "utf8").replace("../../../build/sdks/go", "../go"));
      sh("go", ["mod", "tidy"], { cwd: program });
      sh("go", ["vet", "."], { cwd: program });
      sh("go", ["build", "-o", "smoke", "."], { cwd: program });
      return "go build, go vet (client and smoke)";
    },
    smoke: (env) => run(join(sdks, "go-smoke", "smoke"), [], { env }),
  },
  java: {
    build() {
      const dir = join(sdks, "java");
      // One Maven run for both (each start of Maven costs seconds).
      sh("mvn", ["-q", "-B", "-DskipTests", "-Dmaven.javadoc.skip=true", "package", "dependency:build-classpath", "-Dmdep.outputFile=classpath.txt"], { cwd: dir });
      const classpath = `${join(dir, "target", "classes")}:${readFileSync(join(dir, "classpath.txt"), "utf8").trim()}`;
      const out = join(sdks, "java-smoke");
      mkdirSync(out, { recursive: true });
      sh("javac", ["-Xlint:all", "-d", out, "-cp", classpath, join(smoke, "Smoke.java")]);
      writeFileSync(join(out, "classpath.txt"), `${out}:${classpath}`);
      return "mvn package (javac), javac smoke";
    },
    smoke: (env) => run("java", ["-cp", readFileSync(join(sdks, "java-smoke", "classpath.txt"), "utf8"), "Smoke"], { env }),
  },
};

const only = process.argv.slice(2);
const selected = Object.keys(languages).filter((name) => only.length === 0 || only.includes(name));
const warnings = generateSdks(selected);
const { mock, front, apiKey, client } = await startMock();
const users = [...mock.users()];
const plain = users.find((u) => u.passcode === undefined && u.totpSecret === undefined && u.scope === "Office Manager");
const mfaUser = users.find((u) => `${u.user}@${u.domain}` === REVOKED_UID);
const delegate = users.find((u) => u !== plain && u !== mfaUser);
const env = {
  NS_BASE_URL: front.baseUrl,
  NS_CLIENT_ID: client.clientId,
  NS_CLIENT_SECRET: client.clientSecret,
  NS_USERNAME: `${plain.user}@${plain.domain}`,
  NS_PASSWORD: plain.password,
  NS_MFA_USERNAME: REVOKED_UID,
  NS_MFA_PASSWORD: mfaUser.password,
  NS_API_KEY: apiKey,
  NS_DELEGATE_USER: delegate.user,
  NS_DELEGATE_DOMAIN: delegate.domain,
};

const results = [];
try {
  for (const name of selected) {
    const started = Date.now();
    const row = { language: name, warnings: warnings[name].known, build: "", smoke: "", seconds: 0 };
    try {
      row.build = languages[name].build();
      const smokeStarted = Date.now();
      const from = front.records.length;
      // Fixed passcode or TOTP: asked for just before the run, so a TOTP code is fresh.
      row.smoke = await languages[name].smoke({ ...env, NS_MFA_PASSCODE: mock.passcodeFor(REVOKED_UID) });
      row.smokeSeconds = Math.round((Date.now() - smokeStarted) / 100) / 10;
      const sent = front.records.slice(from);
      row.requests = sent.length;
      row.uidPath = sent.find((r) => r.method === "DELETE" && r.path.includes("1002"))?.path.replace(/^.*\/jwt\//, "");
      const problems = compareWithExpected(sent);
      if (problems.length > 0) throw new Error(`the mock saw requests that differ from the spec:\n  ${problems.join("\n  ")}`);
    } catch (error) {
      row.error = error.message;
    }
    row.seconds = Math.round((Date.now() - started) / 100) / 10;
    results.push(row);
    const detail = `${row.build}; ${row.smoke}; ${row.requests} requests as the spec says (uid sent as ${row.uidPath})`;
    console.log(`${row.error ? "FAIL" : "ok  "} ${name}: ${row.error ?? detail} (${row.seconds} s, smoke ${row.smokeSeconds} s)`);
  }
} finally {
  await front.close();
}
mkdirSync(sdks, { recursive: true });
writeFileSync(join(sdks, "results.json"), `${JSON.stringify(results, null, 2)}\n`);
const failed = results.filter((r) => r.error).length;
console.log(`sdks: ${results.length - failed} passed, ${failed} failed`);
process.exitCode = failed === 0 ? 0 : 1;
