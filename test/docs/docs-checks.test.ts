// The docs checks themselves, run as CI runs them (node scripts/…), on small throwaway inputs: the link
// checker must find each kind of broken link, and the changeset check must fail an API or spec change
// that comes without a changeset, in both of its modes.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { afterEach, describe, expect, it } from "@jest/globals";

const repo = resolve(__dirname, "..", "..");
const temps: string[] = [];
const temp = () => {
  const dir = mkdtempSync(join(tmpdir(), "ns-docs-"));
  temps.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});
const write = (dir: string, files: Record<string, string>) => {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
};
const run = (script: string, args: string[], cwd = repo) => {
  const result = spawnSync(process.execPath, [join(repo, "scripts", script), ...args], { cwd, encoding: "utf8" });
  return { status: result.status, out: `${result.stdout}${result.stderr}` };
};

describe("check-links.mjs", () => {
  const page = (body: string) => `<!doctype html><html><body>${body}</body></html>`;

  it("passes a folder whose relative links and anchors all resolve, and does not follow absolute URLs", () => {
    const site = temp();
    write(site, {
      "index.html": page('<a href="guides/a.html#part">a</a> <a href="https://example.org/x">out</a> <a href="#top" id="top">top</a>'),
      "guides/a.html": page('<h2 id="part">Part</h2><a href="../index.html">home</a><img src="../img/x.svg">'),
      "img/x.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>",
    });
    const { status, out } = run("check-links.mjs", [site]);
    expect(out).toContain("links: 1 passed, 0 failed");
    expect(status).toBe(0);
  });

  it.each([
    ["a missing file", '<a href="gone.html">x</a>', "gone.html: no such file"],
    ["a missing anchor", '<a href="other.html#nowhere">x</a>', "other.html has no anchor #nowhere"],
    ["a link from the site's root", '<a href="/other.html">x</a>', "not relative"],
    ["a folder link (a listing from file://)", '<a href="./">x</a>', "a folder"],
    ["a link out of the folder", '<a href="../outside.html">x</a>', "leaves the site's folder"],
  ])("fails %s", (_, link, problem) => {
    const site = temp();
    write(site, { "index.html": page(link), "other.html": page('<h2 id="here">Here</h2>') });
    const { status, out } = run("check-links.mjs", [site]);
    expect(out).toContain(problem);
    expect(out).toContain("links: 0 passed, 1 failed");
    expect(status).toBe(1);
  });
});

describe("check-changeset.mjs", () => {
  const git = (cwd: string, ...args: string[]) =>
    execFileSync("git", args, { cwd, encoding: "utf8", env: { ...process.env, GIT_AUTHOR_NAME: "t", GIT_AUTHOR_EMAIL: "t@example.com", GIT_COMMITTER_NAME: "t", GIT_COMMITTER_EMAIL: "t@example.com" } });
  /** A repository whose last release (the last commit touching CHANGELOG.md) has an API report and a spec. */
  const released = () => {
    const dir = temp();
    git(dir, "init", "-q", "-b", "main");
    write(dir, { "CHANGELOG.md": "# x\n\n## 0.1.0\n", "etc/x.api.md": "api 1\n", "openapi/x.yaml": "openapi: 3.1.0\n", "src/a.ts": "1\n", ".changeset/README.md": "about\n" });
    git(dir, "add", "-A");
    git(dir, "commit", "-qm", "release 0.1.0");
    return dir;
  };
  const commit = (dir: string, files: Record<string, string>) => {
    write(dir, files);
    git(dir, "add", "-A");
    git(dir, "commit", "-qm", "change");
  };

  it("passes a change that touches neither the API reports nor the spec", () => {
    const dir = released();
    commit(dir, { "src/a.ts": "2\n" });
    expect(run("check-changeset.mjs", [], dir)).toMatchObject({ status: 0 });
  });

  it.each([["etc/x.api.md", "api 2\n"], ["openapi/x.yaml", "openapi: 3.1.1\n"]])("fails a change to %s without a changeset, and passes it with one", (path, text) => {
    const dir = released();
    commit(dir, { [path]: text });
    const without = run("check-changeset.mjs", [], dir);
    expect(without.out).toContain(`${path} changed since the last release`);
    expect(without.status).toBe(1);
    commit(dir, { ".changeset/thing.md": '---\n"x": minor\n---\n\nA change.\n' });
    expect(run("check-changeset.mjs", [], dir)).toMatchObject({ status: 0 });
  });

  it("with origin/main, wants the changeset in the branch's own range, not one already pending on main", () => {
    const dir = released();
    commit(dir, { ".changeset/old.md": '---\n"x": patch\n---\n\nOld.\n' });
    git(dir, "update-ref", "refs/remotes/origin/main", "HEAD");
    commit(dir, { "etc/x.api.md": "api 3\n" });
    const without = run("check-changeset.mjs", [], dir);
    expect(without.out).toContain("since the merge base with origin/main");
    expect(without.status).toBe(1);
    commit(dir, { ".changeset/new.md": '---\n"x": minor\n---\n\nNew.\n' });
    expect(run("check-changeset.mjs", [], dir)).toMatchObject({ status: 0 });
  });
});
