#!/usr/bin/env node
// `npm run sdks:check`: generates every client, compiles or lints it, and runs a smoke program in each
// language against the mock server over HTTP: password login → claims → revoke current → refused.
import { spawn, spawnSync } from "node:child_process";
import { cpSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { root } from "./generate.mjs";
import { generateSdks } from "./sdks.mjs";

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

async function startMock() {
  const child = spawn(process.execPath, ["--import", "tsx", join(root, "src", "cli", "main.ts"), "mock", "--port", "0"], {
    cwd: root,
    stdio: ["ignore", "pipe", "inherit"],
  });
  const info = await new Promise((resolve, reject) => {
    let buffer = "";
    child.stdout.on("data", (chunk) => {
      buffer += chunk;
      if (buffer.includes("\n")) resolve(JSON.parse(buffer.split("\n")[0]));
    });
    child.once("exit", (code) => reject(new Error(`the mock exited with ${code}`)));
  });
  return { info, stop: () => child.kill("SIGTERM") };
}

const languages = {
  php: {
    build() {
      const files = filesUnder(join(sdks, "php", "lib"), ".php");
      for (const file of files) sh("php", ["-l", file]);
      return `php -l on ${files.length} files`;
    },
    smoke: (env) => sh("php", [join(smoke, "smoke.php")], { env: { ...env, SDK_DIR: join(sdks, "php") } }),
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
    smoke: (env) => sh(join(sdks, ".venv", "bin", "python"), [join(smoke, "smoke.py")], { env }),
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
    smoke: (env) => sh(join(sdks, "go-smoke", "smoke"), [], { env }),
  },
  java: {
    build() {
      const dir = join(sdks, "java");
      sh("mvn", ["-q", "-B", "-DskipTests", "-Dmaven.javadoc.skip=true", "package"], { cwd: dir });
      sh("mvn", ["-q", "-B", "dependency:build-classpath", "-Dmdep.outputFile=classpath.txt"], { cwd: dir });
      const classpath = `${join(dir, "target", "classes")}:${readFileSync(join(dir, "classpath.txt"), "utf8").trim()}`;
      const out = join(sdks, "java-smoke");
      mkdirSync(out, { recursive: true });
      sh("javac", ["-Xlint:all", "-d", out, "-cp", classpath, join(smoke, "Smoke.java")]);
      writeFileSync(join(out, "classpath.txt"), `${out}:${classpath}`);
      return "mvn package (javac), javac smoke";
    },
    smoke: (env) => sh("java", ["-cp", readFileSync(join(sdks, "java-smoke", "classpath.txt"), "utf8"), "Smoke"], { env }),
  },
};

const only = process.argv.slice(2);
const selected = Object.keys(languages).filter((name) => only.length === 0 || only.includes(name));
const warnings = generateSdks(selected);
const mock = await startMock();
const user = mock.info.users.find((u) => u.passcode === undefined);
const env = {
  NS_BASE_URL: mock.info.baseUrl,
  NS_CLIENT_ID: mock.info.clientId,
  NS_CLIENT_SECRET: mock.info.clientSecret,
  NS_USERNAME: user.username,
  NS_PASSWORD: user.password,
};

const results = [];
try {
  for (const name of selected) {
    const started = Date.now();
    const row = { language: name, warnings: warnings[name].known, build: "", smoke: "", seconds: 0 };
    try {
      row.build = languages[name].build();
      row.smoke = languages[name].smoke(env);
    } catch (error) {
      row.error = error.message;
    }
    row.seconds = Math.round((Date.now() - started) / 100) / 10;
    results.push(row);
    console.log(`${row.error ? "FAIL" : "ok  "} ${name}: ${row.error ?? `${row.build}; ${row.smoke}`} (${row.seconds} s)`);
  }
} finally {
  mock.stop();
}
mkdirSync(sdks, { recursive: true });
writeFileSync(join(sdks, "results.json"), `${JSON.stringify(results, null, 2)}\n`);
const failed = results.filter((r) => r.error).length;
console.log(`sdks: ${results.length - failed} passed, ${failed} failed`);
process.exitCode = failed === 0 ? 0 : 1;
