// A real Redis Cluster for the tests: 3 masters + 3 replicas (Debian's redis-server), on free loopback
// ports, created with `redis-cli --cluster create`, no disk writes but the nodes' own config files.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "./redis-server.js";

export interface RedisCluster {
  readonly ports: number[];
  /** `redis-cli -p port …`, its output. */
  cli(port: number, ...args: string[]): string;
  stop(): Promise<void>;
}

function startNode(port: number, dir: string): Promise<ChildProcess> {
  const child = spawn(
    "redis-server",
    ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--cluster-enabled", "yes",
      "--cluster-config-file", join(dir, `nodes-${port}.conf`), "--cluster-node-timeout", "1000", "--dir", dir],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  return new Promise((resolve, reject) => {
    let output = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("Ready to accept connections")) resolve(child);
    });
    child.once("exit", (code) => reject(new Error(`redis-server exited (${code}): ${output.slice(-500)}`)));
  });
}

export async function startRedisCluster(): Promise<RedisCluster> {
  const dir = mkdtempSync(join(tmpdir(), "redis-cluster-"));
  const ports: number[] = [];
  for (let i = 0; i < 6; i++) ports.push(await freePort());
  const nodes = await Promise.all(ports.map((port) => startNode(port, dir)));
  for (const node of nodes) node.stdout?.resume();
  const cli = (port: number, ...args: string[]) => {
    const run = spawnSync("redis-cli", ["-h", "127.0.0.1", "-p", String(port), ...args], { encoding: "utf8" });
    if (run.status !== 0) throw new Error(`redis-cli ${args.join(" ")}: ${run.stderr}`);
    return run.stdout;
  };
  const created = spawnSync("redis-cli", ["--cluster", "create", ...ports.map((p) => `127.0.0.1:${p}`), "--cluster-replicas", "1", "--cluster-yes"], { encoding: "utf8" });
  if (created.status !== 0) throw new Error(`redis-cli --cluster create: ${created.stdout}${created.stderr}`);
  // Every node must agree the cluster is up (slots covered, replicas attached) before a client starts.
  for (const deadline = Date.now() + 20_000; ; ) {
    const ok = ports.every((port) => cli(port, "CLUSTER", "INFO").includes("cluster_state:ok"));
    const replicas = ports.filter((port) => cli(port, "ROLE").startsWith("slave")).length;
    if (ok && replicas === 3) break;
    if (Date.now() > deadline) throw new Error("the cluster did not come up within 20 s");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    ports,
    cli,
    async stop() {
      await Promise.all(nodes.map((node) => new Promise<void>((resolve) => (node.exitCode !== null ? resolve() : (node.once("exit", () => resolve()), node.kill("SIGTERM"))))));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The master serving `key`'s slot, and one of its replicas, as ports. */
export function ownersOf(cluster: RedisCluster, key: string): { master: number; replica: number } {
  const port0 = cluster.ports[0]!;
  const slot = Number(cluster.cli(port0, "CLUSTER", "KEYSLOT", key).trim());
  const lines = cluster.cli(port0, "CLUSTER", "NODES").trim().split("\n").map((line) => line.split(" "));
  const portOf = (address: string) => Number(address.split("@")[0]!.split(":")[1]);
  const master = lines.find((f) => f[2]!.includes("master") && f.slice(8).some((range) => {
    const [from, to = from] = range.split("-").map(Number);
    return from! <= slot && slot <= to!;
  }));
  if (master === undefined) throw new Error(`no master serves slot ${slot}`);
  const replica = lines.find((f) => f[3] === master[0]);
  if (replica === undefined) throw new Error(`the master of slot ${slot} has no replica`);
  return { master: portOf(master[1]!), replica: portOf(replica[1]!) };
}
