#!/usr/bin/env node
// Regenerates into a temporary folder and compares with the committed generated/: a stale copy fails.
import { mkdtemp, readFile, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generate, root } from "./generate.mjs";

const committedDir = join(root, "generated");
const freshDir = await mkdtemp(join(tmpdir(), "ns-api-jwt-generated-"));
try {
  await generate(freshDir);
  const [fresh, committed] = await Promise.all([readdir(freshDir), readdir(committedDir).catch(() => [])]);
  const stale = [];
  for (const name of new Set([...fresh, ...committed])) {
    const [a, b] = await Promise.all(
      [freshDir, committedDir].map((dir) => readFile(join(dir, name), "utf8").catch(() => undefined)),
    );
    if (a !== b) stale.push(name);
  }
  if (stale.length > 0) {
    console.error(`generated/ is stale (${stale.join(", ")}): run \`npm run generate\` and commit the result.`);
    process.exit(1);
  }
  console.log(`generated/ is up to date (${fresh.length} file${fresh.length === 1 ? "" : "s"}).`);
} finally {
  await rm(freshDir, { recursive: true, force: true });
}
