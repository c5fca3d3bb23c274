// Starts bench/fleet/mock.ts and gives a promise-based handle on it.
import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";

interface Stats { grants: number; reuseRejections: number; offset: number }

export async function startFleetMock(env: Record<string, string>) {
  const child = fork(fileURLToPath(new URL("./mock.ts", import.meta.url)), {
    execArgv: ["--import", "tsx"],
    env: { ...process.env, ...env },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const waiting = new Map<number, (reply: Stats & { baseUrl?: string }) => void>();
  child.on("message", (reply: Stats & { id: number; baseUrl?: string }) => {
    waiting.get(reply.id)?.(reply);
    waiting.delete(reply.id);
  });
  let nextId = 1;
  const ask = (message: object) =>
    new Promise<Stats>((resolve) => {
      const id = nextId++;
      waiting.set(id, resolve);
      child.send({ id, ...message });
    });
  const ready = await new Promise<{ baseUrl?: string }>((resolve) => waiting.set(0, resolve));
  return {
    baseUrl: ready.baseUrl ?? "",
    advance: (advanceMs: number) => ask({ advanceMs }),
    stats: () => ask({ stats: true }),
    stop: () =>
      new Promise<void>((resolve) => {
        child.once("exit", () => resolve());
        child.disconnect();
      }),
  };
}
