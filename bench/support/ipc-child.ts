// Forks a TypeScript module that answers `{id, ...message}` over IPC with `{id, ...reply}` (id 0: its
// `{baseUrl}` once it listens), and gives a promise-based `ask` plus a clean `stop`.
import { fork } from "node:child_process";

export interface IpcChild<Reply> {
  baseUrl: string;
  pid: number | undefined;
  ask(message: object): Promise<Reply>;
  stop(): Promise<void>;
}

export async function forkWithIpc<Reply extends object>(module: string, env: Record<string, string>): Promise<IpcChild<Reply>> {
  const child = fork(module, { execArgv: ["--import", "tsx"], env: { ...process.env, ...env }, stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const waiting = new Map<number, (reply: Reply & { baseUrl?: string }) => void>();
  child.on("message", (reply: Reply & { id: number; baseUrl?: string }) => {
    waiting.get(reply.id)?.(reply);
    waiting.delete(reply.id);
  });
  let nextId = 1;
  const ask = (message: object) =>
    new Promise<Reply>((resolve) => {
      const id = nextId++;
      waiting.set(id, resolve);
      child.send({ id, ...message });
    });
  const ready = await new Promise<{ baseUrl?: string }>((resolve) => waiting.set(0, resolve));
  return {
    baseUrl: ready.baseUrl ?? "",
    pid: child.pid,
    ask,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once("exit", () => resolve());
        child.disconnect();
      }),
  };
}
