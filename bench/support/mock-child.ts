// Starts bench/support/mock-process.ts and gives a promise-based handle on it.
import { fork, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { RouteKey } from "../../src/mock/index.js";

export interface MockChild {
  baseUrl: string;
  pid: number | undefined;
  advance(ms: number): Promise<void>;
  count(route: RouteKey): Promise<number>;
  resetLog(): Promise<void>;
  stop(): Promise<void>;
}

export async function startMockChild(env: Record<string, string> = {}): Promise<MockChild> {
  const child: ChildProcess = fork(fileURLToPath(new URL("./mock-process.ts", import.meta.url)), {
    execArgv: ["--import", "tsx"],
    env: { ...process.env, ...env },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const waiting = new Map<number, (reply: { count?: number; baseUrl?: string }) => void>();
  child.on("message", (reply: { id: number; count?: number; baseUrl?: string }) => {
    waiting.get(reply.id)?.(reply);
    waiting.delete(reply.id);
  });
  let nextId = 1;
  const ask = (message: object) =>
    new Promise<{ count?: number; baseUrl?: string }>((resolve) => {
      const id = nextId++;
      waiting.set(id, resolve);
      child.send({ id, ...message });
    });
  const ready = await new Promise<{ baseUrl?: string }>((resolve) => waiting.set(0, resolve));
  return {
    baseUrl: ready.baseUrl ?? "",
    pid: child.pid,
    advance: async (advanceMs) => void (await ask({ advanceMs })),
    count: async (route) => (await ask({ count: route })).count ?? 0,
    resetLog: async () => void (await ask({ resetLog: true })),
    stop: () =>
      new Promise((resolve) => {
        child.once("exit", () => resolve());
        child.disconnect();
      }),
  };
}
