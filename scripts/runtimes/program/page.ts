// Entry for browsers: the page server inlines the config; the outcome is POSTed back to the page's origin
// (how the headless Firefox run reports; Chromium reports the same way).
import { runFlows, type MatrixConfig } from "./flows.js";

const config = JSON.parse(document.getElementById("matrix-config")?.textContent ?? "{}") as MatrixConfig;
const report = (body: unknown) => fetch("/result", { method: "POST", body: JSON.stringify(body) });
runFlows(config).then(report, (error: unknown) => report({ error: String(error) }));
