// Starts Prism mocking our spec on a free loopback port; the workers find it in PRISM_URL.
const { spawn } = require("node:child_process");
const { createServer } = require("node:net");
const path = require("node:path");

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

module.exports = async function startPrism() {
  const port = await freePort();
  const cli = require.resolve("@stoplight/prism-cli/dist/index.js");
  const spec = path.join(__dirname, "..", "..", "openapi", "ns-api-jwt.yaml");
  const child = spawn(process.execPath, [cli, "mock", "-h", "127.0.0.1", "-p", String(port), spec], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  globalThis.__PRISM__ = child;
  let output = "";
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Prism did not start within 30 s:\n${output}`)), 30_000);
    const onData = (chunk) => {
      output += chunk;
      if (output.includes("Prism is listening")) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`Prism exited with ${code}:\n${output}`));
    });
  });
  child.stdout.resume();
  child.stderr.resume();
  process.env.PRISM_URL = `http://127.0.0.1:${port}`;
};
