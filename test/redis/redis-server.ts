// A real redis-server (Debian's) for the tests and bench/fleet, on a free loopback port, with no disk writes.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";

const found = spawnSync("redis-server", ["--version"], { encoding: "utf8" });
/** Whether `redis-server` runs on this machine. */
export const hasRedisServer = found.status === 0;

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A running redis-server: stop it, kill it, pause it (SIGSTOP: unreachable, connections hang), restart it. */
export interface RedisServer {
  readonly port: number;
  readonly url: string;
  readonly pid: number | undefined;
  pause(): void;
  resume(): void;
  restart(): Promise<void>;
  stop(): Promise<void>;
}

async function spawnRedis(port: number, persistIn: string | undefined): Promise<ChildProcess> {
  // No disk writes, unless a directory is given: then an append-only file, synced on every write, so
  // that a restart keeps the data (as a production Redis would).
  const persistence = persistIn === undefined ? ["--appendonly", "no"] : ["--appendonly", "yes", "--appendfsync", "always", "--dir", persistIn];
  const child = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", ...persistence], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  await new Promise<void>((resolve, reject) => {
    let output = "";
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("Ready to accept connections")) resolve();
    };
    child.stdout?.on("data", onData);
    child.once("exit", (code) => reject(new Error(`redis-server exited (${code}): ${output.slice(-500)}`)));
  });
  child.stdout?.resume();
  child.removeAllListeners("exit");
  return child;
}

const stopped = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once("exit", () => resolve());
    child.kill("SIGCONT");
    child.kill("SIGTERM");
  });

export async function startRedisServer(options: { persistIn?: string } = {}): Promise<RedisServer> {
  const port = await freePort();
  let child = await spawnRedis(port, options.persistIn);
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    get pid() {
      return child.pid;
    },
    pause: () => void child.kill("SIGSTOP"),
    resume: () => void child.kill("SIGCONT"),
    async restart() {
      await stopped(child);
      child = await spawnRedis(port, options.persistIn);
    },
    stop: () => stopped(child),
  };
}
