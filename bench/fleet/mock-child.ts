// Starts bench/fleet/mock.ts and gives a promise-based handle on it.
import { fileURLToPath } from "node:url";
import { forkWithIpc } from "../support/ipc-child.js";

interface Stats { grants: number; reuseRejections: number; offset: number }

export async function startFleetMock(env: Record<string, string>) {
  const child = await forkWithIpc<Stats>(fileURLToPath(new URL("./mock.ts", import.meta.url)), env);
  return {
    baseUrl: child.baseUrl,
    advance: (advanceMs: number) => child.ask({ advanceMs }),
    stats: () => child.ask({ stats: true }),
    stop: child.stop,
  };
}
