// The published spec (dist/openapi.yaml, written by bundle-spec.mjs) as the docs build and its check read it.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { root } from "./generate.mjs";

export const spec = parse(readFileSync(join(root, "dist", "openapi.yaml"), "utf8"));

const METHODS = ["get", "put", "post", "delete", "patch"];
/** The spec's operations, in its order (which is the HTTP reference's). */
export const operations = Object.entries(spec.paths).flatMap(([path, item]) =>
  Object.keys(item)
    .filter((m) => METHODS.includes(m))
    .map((method) => ({ method, path, op: item[method] })),
);
/** "no Authorization header" for an empty requirement, else the scheme names joined by "and". */
export const alternativeName = (requirement) => (Object.keys(requirement).length === 0 ? "no Authorization header" : Object.keys(requirement).join(" and "));
