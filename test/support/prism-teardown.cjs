module.exports = async function stopPrism() {
  const child = globalThis.__PRISM__;
  if (!child || child.exitCode !== null) return;
  await new Promise((resolve) => {
    child.once("exit", resolve);
    child.kill("SIGTERM");
  });
};
