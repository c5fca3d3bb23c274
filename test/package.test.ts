// Properties of the package itself: version, and a client entry point that runs anywhere fetch does.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "@jest/globals";
import { VERSION } from "../src/version.js";

const root = join(__dirname, "..");
const clientFiles = readdirSync(join(root, "src")).filter((f) => f.endsWith(".ts"));

describe("package", () => {
  it("VERSION matches package.json", () => {
    expect(VERSION).toBe(JSON.parse(readFileSync(join(root, "package.json"), "utf8")).version);
  });

  it("the client entry point imports no node: module and nothing but openapi-fetch", () => {
    expect(clientFiles.length).toBeGreaterThan(5);
    for (const file of clientFiles) {
      const source = readFileSync(join(root, "src", file), "utf8");
      const imports = [...source.matchAll(/from\s+"([^"]+)"/g)].map((m) => m[1]);
      for (const specifier of imports) {
        expect([file, specifier]).toEqual([file, expect.stringMatching(/^(\.{1,2}\/|openapi-fetch$)/)]);
      }
      expect(source).not.toMatch(/\bprocess\.|\bBuffer\b|require\(/);
    }
  });
});
