#!/usr/bin/env node
// `npm run changeset:check` (CI): a change that users can feel — to a public API report (etc/*.api.md) or to
// the spec (openapi/) — must come with a changeset (.changeset/*.md), which becomes its CHANGELOG entry.
// The base it compares with:
//   - with an origin/main ref (a pull request): the merge base with it; a changeset must be added or edited
//     in that range;
//   - otherwise: the last commit that touched CHANGELOG.md, i.e. the last release (`changeset version`
//     consumes the pending changesets and writes CHANGELOG.md); a changeset must be pending in the tree.
// Uncommitted changes count too, so the check reads the same before and after `git commit`.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";

// The repository the command runs in (npm runs it at the package root).
const root = execFileSync("git", ["rev-parse", "--show-toplevel"], { encoding: "utf8" }).trim();
const git = (...args) => execFileSync("git", args, { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
const tryGit = (...args) => {
  try {
    return git(...args);
  } catch {
    return undefined;
  }
};

const GUARDED = (path) => /^etc\/[^/]+\.api\.md$/.test(path) || path.startsWith("openapi/");
const CHANGESET = (path) => /^\.changeset\/[^/]+\.md$/.test(path) && path !== ".changeset/README.md";

const mergeBase = tryGit("rev-parse", "--verify", "--quiet", "origin/main") && tryGit("merge-base", "HEAD", "origin/main");
const base = mergeBase ?? tryGit("log", "-1", "--format=%H", "--", "CHANGELOG.md");
if (!base) {
  console.error("changeset: no base to compare with (no origin/main, and no commit touches CHANGELOG.md)");
  process.exit(1);
}
// Committed since the base, plus the working tree's changes and new files.
const changed = [
  ...git("diff", "--name-only", base).split("\n"),
  ...git("ls-files", "--others", "--exclude-standard").split("\n"),
].filter(Boolean);
const guarded = [...new Set(changed.filter(GUARDED))];
const pending = existsSync(join(root, ".changeset"))
  ? readdirSync(join(root, ".changeset")).map((f) => `.changeset/${f}`).filter(CHANGESET)
  : [];
const described = mergeBase ? changed.filter(CHANGESET).filter((f) => pending.includes(f)) : pending;
const against = mergeBase ? `the merge base with origin/main (${base.slice(0, 8)})` : `the last release, the last commit touching CHANGELOG.md (${base.slice(0, 8)})`;

if (guarded.length > 0 && described.length === 0) {
  console.error(`changeset: ${guarded.join(", ")} changed since ${against}, with no changeset.`);
  console.error("Run `npm run changeset`, describe the change for users (CONTRIBUTING.md, Releases), and commit the file.");
  console.log("changeset: 0 passed, 1 failed");
  process.exit(1);
}
console.log(
  guarded.length === 0
    ? `changeset: no change to etc/*.api.md or openapi/ since ${against}`
    : `changeset: ${guarded.length} API/spec file(s) changed since ${against}, described by ${described.join(", ")}`,
);
console.log("changeset: 1 passed, 0 failed");
