// Runs the bundled worker in workerd through Miniflare (which needs Node >= 22) and prints its outcome.
// No nodejs_compat flag: the client must not need Node APIs. Arguments: the miniflare package folder, the worker bundle, the config (JSON).
import { pathToFileURL } from "node:url";
import { join } from "node:path";

const [miniflareDir, scriptPath, config] = process.argv.slice(2);
const { Miniflare } = await import(pathToFileURL(join(miniflareDir, "dist/src/index.js")).href);
const mf = new Miniflare({ modules: true, scriptPath, compatibilityDate: "2025-09-01" });
try {
  const response = await mf.dispatchFetch("http://worker.test/", { method: "POST", body: config });
  const text = await response.text();
  console.log(response.ok ? `MATRIX-RESULT ${text}` : `worker answered ${response.status}: ${text.slice(0, 600)}`);
} finally {
  await mf.dispose();
}
