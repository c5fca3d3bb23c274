// The package as npm ships it (`npm run test:tarball`, not in `npm test`: it packs, which builds, and installs).
// `npm pack` runs `prepack`, so this is what `npm publish` from a clean clone uploads. The tarball holds the
// built code and nothing else, every `exports`/`bin` target is in it and loads by name from an empty project,
// and installing it brings only what the client uses.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { hasRedisServer, startRedisServer, type RedisServer } from "./redis/redis-server.js";

type Entry = { subpath: string; source: string; dist: string; node: boolean; name: string };
const root = join(__dirname, "..");
// The entry points and the bundled packages come from the ES-module scripts that tsup and the notices use
// (jest runs CommonJS, so they are read in a child process).
const fromScripts = JSON.parse(
  execFileSync(process.execPath, ["--input-type=module", "-e", `
    import { CLI, ENTRY_POINTS, importName } from "./scripts/entry-points.mjs";
    import { bundledPackages } from "./scripts/third-party-notices.mjs";
    console.log(JSON.stringify({ CLI, entries: ENTRY_POINTS.map((e) => ({ ...e, name: importName(e) })), bundled: bundledPackages() }));`],
  { cwd: root, encoding: "utf8" }),
) as { CLI: { dist: string }; entries: Entry[]; bundled: { name: string }[] };
const { CLI, entries } = fromScripts;
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
const npm = (args: string[], cwd: string) => execFileSync("npm", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });

/**
 * Size ceilings, ~15 % above today's (315 kB packed, 1.37 MB unpacked): the mock carries ajv and jose once in
 * its ESM file and once in its CommonJS file (one copy per module system, never one re-exporting the other).
 * A stray folder, a source map or a third copy breaks them.
 */
const MAX_PACKED_BYTES = 362_000;
const MAX_UNPACKED_BYTES = 1_575_000;

let work: string;
let packed: { filename: string; size: number; unpackedSize: number; files: { path: string; size: number }[] };
let project: string;
let installed: { name: string; bytes: number }[];

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
}

/** Every package directory under node_modules (scoped ones included), with the bytes of its files. */
function installedPackages(modules: string): { name: string; bytes: number }[] {
  const names = readdirSync(modules)
    .filter((n) => !n.startsWith("."))
    .flatMap((n) => (n.startsWith("@") ? readdirSync(join(modules, n)).map((s) => `${n}/${s}`) : [n]));
  return names.map((name) => ({ name, bytes: walk(join(modules, name)).reduce((sum, f) => sum + statSync(f).size, 0) }));
}

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), "ns-api-jwt-tarball-"));
  [packed] = JSON.parse(npm(["pack", "--json", "--pack-destination", work], root));
  project = join(work, "app");
  mkdirSync(project);
  writeFileSync(join(project, "package.json"), JSON.stringify({ name: "app", private: true, type: "module" }));
  npm(["install", "--no-audit", "--no-fund", "--prefer-offline", join(work, packed.filename)], project);
  installed = installedPackages(join(project, "node_modules"));
  const bytes = installed.reduce((sum, p) => sum + p.bytes, 0);
  console.log(
    `tarball ${packed.filename}: ${packed.size} bytes packed, ${packed.unpackedSize} unpacked, ${packed.files.length} files; ` +
      `npm install into an empty project: ${installed.length} packages, ${bytes} bytes (${installed.map((p) => p.name).join(", ")})`,
  );
}, 300_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("the packed tarball", () => {
  it("holds the built code, its licences and the package files, and nothing else", () => {
    const paths = packed.files.map((f) => f.path);
    for (const path of paths) expect(path).toMatch(/^(package\.json|README\.md|LICENSE|dist\/[^/]+\.(js|cjs|d\.ts|d\.cts|json|yaml|LICENSE|md))$/);
    expect(paths.filter((p) => /\.map$|^src\/|^test\/|\.test\./.test(p))).toEqual([]);
    expect(paths).toEqual(expect.arrayContaining(["LICENSE", "README.md", "dist/THIRD-PARTY-NOTICES.md", "dist/openapi-fetch.LICENSE"]));
    expect(packed.size).toBeLessThan(MAX_PACKED_BYTES);
    expect(packed.unpackedSize).toBeLessThan(MAX_UNPACKED_BYTES);
  });

  it("has every exports and bin target, and package.json exports exactly the entry points", () => {
    const targets: string[] = [];
    const collect = (value: unknown): void => {
      if (typeof value === "string") targets.push(value.replace(/^\.\//, ""));
      else if (value && typeof value === "object") Object.values(value).forEach(collect);
    };
    collect(pkg.exports);
    collect(pkg.bin);
    collect([pkg.main, pkg.module, pkg.types]);
    const paths = new Set(packed.files.map((f) => f.path));
    expect(targets.filter((t) => !paths.has(t))).toEqual([]);

    const codeSubpaths = Object.keys(pkg.exports).filter((s) => !/\.(json|yaml)$/.test(s));
    expect(codeSubpaths.sort()).toEqual(entries.map((e) => e.subpath).sort());
    for (const entry of entries) {
      expect(pkg.exports[entry.subpath]).toEqual({
        import: { types: `./dist/${entry.dist}.d.ts`, default: `./dist/${entry.dist}.js` },
        require: { types: `./dist/${entry.dist}.d.cts`, default: `./dist/${entry.dist}.cjs` },
      });
    }
    expect(pkg.bin).toEqual({ "ns-api-jwt": `./dist/${CLI.dist}.js` });
  });

  it("carries the licence of every package bundled into the mock and the CLI", () => {
    const notices = readFileSync(join(project, "node_modules", "ns-api-jwt", "dist", "THIRD-PARTY-NOTICES.md"), "utf8");
    const bundled = fromScripts.bundled.map((p) => p.name);
    expect(bundled).toEqual(expect.arrayContaining(["ajv", "ajv-formats", "jose"]));
    for (const name of bundled) expect(notices).toContain(`## ${name} `);
  });
});

describe("installed into an empty project", () => {
  it("brings only what the client uses: openapi-fetch and its type helpers", () => {
    expect(Object.keys(pkg.dependencies)).toEqual(["openapi-fetch"]);
    expect(installed.map((p) => p.name).sort()).toEqual(["ns-api-jwt", "openapi-fetch", "openapi-typescript-helpers"]);
  });

  it("loads every entry point by name from ESM and CommonJS, and the bin runs", () => {
    const check = (file: string, code: string) => {
      writeFileSync(join(project, file), code);
      return execFileSync(process.execPath, [file], { cwd: project, encoding: "utf8" });
    };
    const names = entries.map((e) => e.name);
    const esm = check("load.mjs", `for (const n of ${JSON.stringify(names)}) { const m = await import(n); console.log(n, Object.keys(m).length); }`);
    const cjs = check("load.cjs", `for (const n of ${JSON.stringify(names)}) { const m = require(n); console.log(n, Object.keys(m).length); }`);
    for (const output of [esm, cjs]) for (const name of names) expect(output).toMatch(new RegExp(`^${name} [1-9]\\d*$`, "m"));
    // One copy of the library per module system: no ESM file re-exports a CommonJS build.
    // (ajv's generated-code strings such as 'require("ajv/dist/runtime/equal")' are text, not a load of ours.)
    for (const entry of entries) {
      expect(readFileSync(join(project, "node_modules", "ns-api-jwt", "dist", `${entry.dist}.js`), "utf8")).not.toMatch(/\.cjs["']|\brequire\(["'](\.{1,2}\/|ns-api-jwt)/);
    }
    const spec = check("spec.cjs", `console.log(require("ns-api-jwt/openapi.json").info.version)`);
    expect(spec.trim()).toBe(pkg.version);
    expect(execFileSync(join(project, "node_modules", ".bin", "ns-api-jwt"), ["--help"], { encoding: "utf8" })).toMatch(/login/);
  });

  it("runs `ns-api-jwt upstream-diff` against the spec it ships", () => {
    const bin = join(project, "node_modules", ".bin", "ns-api-jwt");
    const diff = (file: string) => {
      try {
        return { code: 0, stdout: execFileSync(bin, ["upstream-diff", resolve(root, "test", "fixtures", "upstream", file)], { cwd: project, encoding: "utf8", stdio: "pipe" }) };
      } catch (error) {
        const { status, stdout, stderr } = error as { status: number; stdout: string; stderr: string };
        return { code: status, stdout, stderr };
      }
    };
    expect(diff("netsapiens-44.4-like.json")).toEqual({ code: 0, stdout: expect.stringMatching(/No drift\.\n$/) });
    expect(diff("netsapiens-45.0-n8n.json")).toMatchObject({ code: 1, stdout: expect.stringMatching(/Drift: 18 differences in 7 variants\.\n$/) });
    // YAML needs the optional `yaml` peer, which installing the package does not bring.
    writeFileSync(join(project, "export.yaml"), "openapi: 3.0.3\npaths: {}\n");
    expect(diff(join(project, "export.yaml"))).toMatchObject({ code: 2, stderr: expect.stringMatching(/needs the optional `yaml` package/) });
  });

  it("runs the quick start against the mock, from ESM and from CommonJS (the mock's bundled jose included)", () => {
    const quickStart = (load: string) => `
      ${load}
      const mock = createMockServer();
      const auth = new NsAuth({ baseUrl: MockNetSapiens.inProcessBaseUrl, fetch: mock.fetch, ...DEFAULT_CLIENT });
      const login = await auth.login({ username: "1002@example.com", password: "demo-password-1002" });
      if (login.status === "mfa_required") await login.complete("123456");
      const claims = await auth.claims();
      console.log(login.status, claims.sub);`;
    writeFileSync(
      join(project, "quick.mjs"),
      quickStart(`import { NsAuth } from "ns-api-jwt"; import { createMockServer, DEFAULT_CLIENT, MockNetSapiens } from "ns-api-jwt/mock";`),
    );
    writeFileSync(
      join(project, "quick.cjs"),
      `(async () => {${quickStart(`const { NsAuth } = require("ns-api-jwt"); const { createMockServer, DEFAULT_CLIENT, MockNetSapiens } = require("ns-api-jwt/mock");`)}})()`,
    );
    for (const file of ["quick.mjs", "quick.cjs"]) {
      expect(execFileSync(process.execPath, [file], { cwd: project, encoding: "utf8" }).trim()).toBe("mfa_required 1002@example.com");
    }
  });
});

// What an app meets when the entry points share one session through Redis: the errors it catches are the
// classes it imported, in either module system, because each entry's ESM build imports the ESM core and its
// CommonJS build requires the CommonJS core.
const describeWithRedis = hasRedisServer || process.env.NS_REQUIRE_REDIS ? describe : describe.skip;
describeWithRedis("one copy of the library per module system, through ns-api-jwt/redis", () => {
  let redis: RedisServer;
  beforeAll(async () => {
    redis = await startRedisServer();
    npm(["install", "--no-audit", "--no-fund", "--prefer-offline", `redis@${pkg.devDependencies.redis}`], project);
  }, 120_000);
  afterAll(() => redis?.stop());

  const scenario = (load: string) => `
    ${load}
    const mock = await startMockServer({ port: 0 });
    const client = createClient({ url: process.env.REDIS_URL });
    await client.connect();
    const options = { baseUrl: mock.baseUrl, ...DEFAULT_CLIENT, retry: false };
    const auth = new NsAuth({ ...options, store: createRedisTokenStore({ client, key: process.env.KEY }) });
    let refreshJwt = "";
    auth.onTokensChange((tokens) => (refreshJwt = tokens?.refresh ?? refreshJwt));
    const login = await auth.login({ username: "1000@example.com", password: "demo-password-1000" });
    const tokensKey = "ns-api-jwt:{" + process.env.KEY + "}:tokens";
    const stored = await client.exists(tokensKey);
    // Another party spends the refresh JWT: the session's own refresh is then refused as a reuse.
    await new NsAuth(options).refreshFrom(refreshJwt);
    let refused;
    try { await auth.refresh(); } catch (error) { refused = error; }
    const cleared = (await client.exists(tokensKey)) === 0;
    // Redis goes away: a call that needs the store fails with the app's own TokenStoreError.
    await client.quit();
    let failed;
    try { await auth.login({ username: "1000@example.com", password: "demo-password-1000" }); } catch (error) { failed = error; }
    await mock.close();
    console.log(JSON.stringify({
      login: login.status, stored,
      refusedIsSessionExpired: refused instanceof SessionExpiredError, refusedName: refused?.name, cleared,
      failedIsTokenStoreError: failed instanceof TokenStoreError, failedName: failed?.name,
    }));`;

  it.each([
    ["ESM", "dual.mjs", (code: string) => code],
    ["CommonJS", "dual.cjs", (code: string) => `(async () => {${code}})().catch((error) => { console.error(error); process.exit(1); });`],
  ])("in %s: a refused refresh clears the shared store, and a Redis failure is the app's own TokenStoreError", (_system, file, wrap) => {
    const load = file.endsWith(".mjs")
      ? `import { NsAuth, SessionExpiredError, TokenStoreError } from "ns-api-jwt"; import { createRedisTokenStore } from "ns-api-jwt/redis";
         import { startMockServer, DEFAULT_CLIENT } from "ns-api-jwt/mock"; import { createClient } from "redis";`
      : `const { NsAuth, SessionExpiredError, TokenStoreError } = require("ns-api-jwt"); const { createRedisTokenStore } = require("ns-api-jwt/redis");
         const { startMockServer, DEFAULT_CLIENT } = require("ns-api-jwt/mock"); const { createClient } = require("redis");`;
    writeFileSync(join(project, file), wrap(scenario(load)));
    const output = execFileSync(process.execPath, [file], { cwd: project, encoding: "utf8", env: { ...process.env, REDIS_URL: redis.url, KEY: `dual-${file}` } });
    expect(JSON.parse(output.trim().split("\n").pop()!)).toEqual({
      login: "authenticated",
      stored: 1,
      refusedIsSessionExpired: true,
      refusedName: "SessionExpiredError",
      cleared: true,
      failedIsTokenStoreError: true,
      failedName: "TokenStoreError",
    });
  }, 60_000);
});
