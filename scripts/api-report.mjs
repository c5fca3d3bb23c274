#!/usr/bin/env node
// The public-API gate: an API Extractor report per entry point, committed under etc/, so any change of the
// public surface shows as a diff. Reads the built declarations (dist/*.d.ts: run `npm run build` first).
//   npm run api:check   fails when a report differs from what the build declares
//   npm run api:update  rewrites the reports (then review and commit etc/)
import { existsSync } from "node:fs";
import { join } from "node:path";
import { Extractor, ExtractorConfig } from "@microsoft/api-extractor";
import { ENTRY_POINTS, importName } from "./entry-points.mjs";

const root = join(import.meta.dirname, "..");
const update = process.argv.includes("--update");
const failures = [];

for (const entry of ENTRY_POINTS) {
  const declarations = join(root, "dist", `${entry.dist}.d.ts`);
  if (!existsSync(declarations)) throw new Error(`${declarations} is missing: run npm run build first`);
  const reportName = importName(entry).replace("/", "-"); // etc/ns-api-jwt.api.md, etc/ns-api-jwt-mock.api.md
  const config = ExtractorConfig.prepare({
    configObjectFullPath: join(root, "scripts", "api-report.mjs"),
    packageJsonFullPath: join(root, "package.json"),
    configObject: {
      projectFolder: root,
      mainEntryPointFilePath: declarations,
      compiler: { overrideTsconfig: { compilerOptions: { lib: ["ES2022", "DOM"], types: ["node"], skipLibCheck: true, strict: true }, files: [declarations] } },
      apiReport: { enabled: true, reportFileName: `${reportName}.api.md`, reportFolder: join(root, "etc"), reportTempFolder: join(root, "build", "api-report") },
      docModel: { enabled: false },
      dtsRollup: { enabled: false },
      tsdocMetadata: { enabled: false },
      messages: {
        // Release tags (@public, @beta) are not used here: everything exported is public.
        extractorMessageReporting: { "ae-missing-release-tag": { logLevel: "none" },
          // Doc comments are TypeDoc's gate (notDocumented); the report is about the shape of the API.
          "ae-undocumented": { logLevel: "none" }, default: { logLevel: "warning", addToApiReportFile: true } },
        tsdocMessageReporting: { default: { logLevel: "none" } },
        compilerMessageReporting: { default: { logLevel: "warning" } },
      },
    },
  });
  const result = Extractor.invoke(config, { localBuild: update, showVerboseMessages: false, messageCallback: (m) => {
    // Findings such as a forgotten export are written into the report itself, where a change shows in review.
    if (m.category === "Extractor" && m.messageId !== "console-api-report-changed") m.handled = true;
  } });
  const status = result.apiReportChanged ? (update ? "updated" : "CHANGED") : "unchanged";
  console.log(`${importName(entry)}: etc/${reportName}.api.md ${status}`);
  if (!result.succeeded || (!update && result.apiReportChanged)) failures.push(importName(entry));
}
if (failures.length > 0) {
  console.error(`The public API of ${failures.join(", ")} differs from etc/. If the change is meant, run npm run api:update and commit etc/.`);
  process.exit(1);
}
