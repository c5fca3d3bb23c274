#!/usr/bin/env node
// Puts the pinned openapi-generator jar where the npm wrapper looks for it (<storageDir>/<version>.jar).
// The wrapper would download it from Maven Central itself; where its download cannot get through, Maven can.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, renameSync } from "node:fs";
import { join } from "node:path";
import { readFileSync } from "node:fs";
import { root } from "./generate.mjs";

const config = JSON.parse(readFileSync(join(root, "openapitools.json"), "utf8"))["generator-cli"];
const storage = join(root, config.storageDir);
const jar = join(storage, `${config.version}.jar`);

if (existsSync(jar)) {
  console.log(`openapi-generator ${config.version}: ${jar.slice(root.length + 1)} is present.`);
} else {
  mkdirSync(storage, { recursive: true });
  const artifact = `org.openapitools:openapi-generator-cli:${config.version}`;
  console.log(`Fetching ${artifact} with Maven…`);
  execFileSync("mvn", ["-q", "-B", "dependency:copy", `-Dartifact=${artifact}`, `-DoutputDirectory=${storage}`], { stdio: "inherit" });
  const fetched = readdirSync(storage).find((name) => name === `openapi-generator-cli-${config.version}.jar`);
  if (!fetched) throw new Error(`Maven did not produce openapi-generator-cli-${config.version}.jar`);
  renameSync(join(storage, fetched), jar);
  console.log(`openapi-generator ${config.version}: saved ${jar.slice(root.length + 1)}.`);
}
