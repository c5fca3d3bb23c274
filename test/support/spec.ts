// The spec as data, for tests that compare the client with the contract.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";

export const specPath = join(__dirname, "..", "..", "openapi", "ns-api-jwt.yaml");
export const specText = readFileSync(specPath, "utf8");

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const spec: any = parse(specText);

/** The named request-body examples of `POST /jwt`, by name. */
export function tokenRequestExample(name: "password" | "mfa" | "refresh" | "delegation"): Record<string, string> {
  return spec.paths["/jwt"].post.requestBody.content["application/json"].examples[name].value;
}
