// Each custom Spectral rule fails on a copy of the spec that breaks it, and only there.
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { stringify } from "yaml";
import { spec, specPath } from "./support/spec.js";

const root = join(__dirname, "..");
type Spec = typeof spec;
const breakages: Record<string, (doc: Spec) => void> = {
  "path-key-normalised#hash": (doc) => renamePath(doc, "/jwt/{id}", "/jwt/{id}#1"),
  "path-key-normalised#query": (doc) => renamePath(doc, "/jwt/{id}", "/jwt/{id}?all=1"),
  "path-key-normalised#slash": (doc) => renamePath(doc, "/jwt", "/jwt/"),
  "operation-id-camel-case": (doc) => (doc.paths["/jwt"].delete.operationId = "RevokeMyJWT"),
  "operation-documented": (doc) => delete doc.paths["/jwt"].get.summary,
  "operation-security-explicit": (doc) => delete doc.paths["/jwt"].get.security,
  "operation-4xx-error-schema": (doc) => {
    doc.paths["/jwt"].get.responses = {
      "200": doc.paths["/jwt"].get.responses["200"],
      "401": { description: "No", content: { "application/json": { schema: { type: "object", description: "Other" } } } },
    };
  },
  "request-body-variant-example": (doc) => delete doc.paths["/jwt"].post.requestBody.content["application/json"].examples.refresh,
};

function renamePath(doc: Spec, from: string, to: string) {
  doc.paths = Object.fromEntries(Object.entries(doc.paths).map(([key, value]) => [key === from ? to : key, value]));
}

interface Finding {
  code: string;
  source: string;
  message: string;
}

let dir: string;
let findings: Finding[];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "ns-api-jwt-lint-"));
  const files = [specPath];
  for (const [name, breakIt] of Object.entries(breakages)) {
    const doc = structuredClone(spec);
    breakIt(doc);
    const file = join(dir, `${name.replace("#", "_")}.yaml`);
    writeFileSync(file, stringify(doc));
    files.push(file);
  }
  const spectral = join(root, "node_modules", "@stoplight", "spectral-cli", "dist", "index.js");
  const run = promisify(execFile);
  const args = [spectral, "lint", "-r", join(root, ".spectral.yaml"), "-f", "json", "--quiet", "-F", "hint", ...files];
  const output = await run(process.execPath, args, { cwd: root, maxBuffer: 16 * 1024 * 1024 }).catch(
    (error: { stdout?: string }) => ({ stdout: error.stdout ?? "[]" }),
  );
  findings = JSON.parse(output.stdout || "[]");
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("custom lint rules", () => {
  it("the real spec has no finding at all", () => {
    expect(findings.filter((f) => f.source === specPath)).toEqual([]);
  });

  it.each(Object.keys(breakages))("%s fires on a spec that breaks it", (name) => {
    const rule = name.split("#")[0];
    const file = join(dir, `${name.replace("#", "_")}.yaml`);
    const codes = findings.filter((f) => f.source === file).map((f) => f.code);
    expect(codes).toContain(rule);
  });

  it("no custom rule fires on a spec that breaks a different rule", () => {
    for (const name of Object.keys(breakages)) {
      const file = join(dir, `${name.replace("#", "_")}.yaml`);
      const custom = new Set(Object.keys(breakages).map((n) => n.split("#")[0]));
      const fired = findings.filter((f) => f.source === file && custom.has(f.code)).map((f) => f.code);
      expect([...new Set(fired)]).toEqual([name.split("#")[0]]);
    }
  });
});
