#!/usr/bin/env node
// `npm run docs`: a static HTML API reference of the published spec (Redocly build-docs, scripts inlined so
// the page needs no network), then checked in headless Chromium: every operation and the four request-body
// variants render, and a screenshot is kept beside it as a build artefact.
import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";
import { root } from "./generate.mjs";

const out = join(root, "build", "docs");
const page = join(out, "index.html");
mkdirSync(out, { recursive: true });
execFileSync(process.execPath, [join(root, "scripts", "bundle-spec.mjs")], { stdio: "inherit" });
const redocly = createRequire(import.meta.url).resolve("@redocly/cli/bin/cli.js");
execFileSync(process.execPath, [redocly, "build-docs", join(root, "dist", "openapi.yaml"), "--inlineBundle", "-o", page], {
  stdio: "inherit",
  env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" },
});

const OPERATIONS = ["Create a JWT", "Read the current JWT", "Revoke the current JWT", "Revoke a JWT by ID, or all of a user's JWTs"];
const VARIANTS = 4;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const problems = [];
try {
  const tab = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  tab.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  await tab.route(/^https?:/, (route) => route.abort()); // the page must stand on its own
  await tab.goto(pathToFileURL(page).href);
  // Redoc lists the tag's operations and renders each on demand: open each from the list, as a reader would.
  const openOperation = async (link, title) => {
    await tab.getByRole("button", { name: link, exact: true }).first().click();
    const found = await tab
      .waitForFunction((text) => [...document.querySelectorAll("h1, h2, h3")].some((h) => h.textContent === text), title, { timeout: 15_000 })
      .then(() => true, () => false);
    if (!found) problems.push(`operation not rendered: ${title}`);
    return found;
  };

  if (await openOperation("post /jwt", OPERATIONS[0])) {
    // Each grant is a tab of the oneOf switcher; choosing it must show that grant's fields and no other's.
    const fields = {
      PasswordGrant: { shows: ["username", "client_secret"], hides: ["ns_id_type", "domain"] },
      MfaGrant: { shows: ["ns_id_type", "passcode", "access_token"], hides: ["domain"] },
      RefreshGrant: { shows: ["refresh"], hides: ["username", "ns_id_type", "domain"] },
      DelegationGrant: { shows: ["user", "domain"], hides: ["username", "ns_id_type"] },
    };
    const visible = (name) => tab.getByText(name, { exact: true }).filter({ visible: true }).count();
    for (const [variant, { shows, hides }] of Object.entries(fields)) {
      const selector = tab.getByRole("tab", { name: variant, exact: true }).first();
      if ((await selector.count()) === 0) {
        problems.push(`request-body variant not rendered: ${variant}`);
        continue;
      }
      await selector.click();
      await tab.waitForTimeout(200);
      for (const name of shows) if ((await visible(name)) === 0) problems.push(`${variant} does not show its field ${name}`);
      for (const name of hides) if ((await visible(name)) > 0) problems.push(`${variant} shows another grant's field ${name}`);
    }
    await tab.getByRole("tab", { name: "PasswordGrant", exact: true }).first().click();
    await tab.locator("h2", { hasText: OPERATIONS[0] }).first().scrollIntoViewIfNeeded();
    await tab.screenshot({ path: join(out, "screenshot.png") });
  }
  await openOperation("get /jwt", OPERATIONS[1]);
  await openOperation("delete /jwt", OPERATIONS[2]);
  await openOperation("delete /jwt/{id}", OPERATIONS[3]);
} finally {
  await browser.close();
}
if (problems.length > 0) {
  console.error(problems.join("\n"));
  console.log(`docs: 0 passed, 1 failed`);
  process.exit(1);
}
console.log(`${OPERATIONS.length} operations and ${VARIANTS} request-body variants render; screenshot at build/docs/screenshot.png`);
console.log("docs: 1 passed, 0 failed");
