#!/usr/bin/env node
// `npm run upstream:diff -- <netsapiens-export.json|.yaml> [--json] [--spec openapi/ns-api-jwt.yaml]`
// The comparison lives in src/upstream/ (the package's `ns-api-jwt upstream-diff` runs the same code from
// dist/); this runs it from the sources, against our spec in openapi/ by default.
import { join } from "node:path";
import { register } from "tsx/esm/api";

register();
const { runUpstreamDiff } = await import("../src/upstream/run.ts");
process.exitCode = await runUpstreamDiff(process.argv.slice(2), process, join(import.meta.dirname, "..", "openapi", "ns-api-jwt.yaml"), "upstream:diff");
