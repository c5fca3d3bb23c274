// Starts bench/support/mock-process.ts and gives a promise-based handle on it.
import { fileURLToPath } from "node:url";
import type { RouteKey } from "../../src/mock/index.js";
import { forkWithIpc } from "./ipc-child.js";

export interface MockChild {
  baseUrl: string;
  pid: number | undefined;
  advance(ms: number): Promise<void>;
  count(route: RouteKey): Promise<number>;
  resetLog(): Promise<void>;
  stop(): Promise<void>;
}

export async function startMockChild(env: Record<string, string> = {}): Promise<MockChild> {
  const child = await forkWithIpc<{ count?: number }>(fileURLToPath(new URL("./mock-process.ts", import.meta.url)), env);
  return {
    baseUrl: child.baseUrl,
    pid: child.pid,
    advance: async (advanceMs) => void (await child.ask({ advanceMs })),
    count: async (route) => (await child.ask({ count: route })).count ?? 0,
    resetLog: async () => void (await child.ask({ resetLog: true })),
    stop: child.stop,
  };
}
