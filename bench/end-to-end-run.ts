// `npm run build && node --import tsx bench/end-to-end-run.ts`: the sequential end-to-end table alone.
import { benchLatency } from "./end-to-end.js";
import { createClients } from "./support/clients.js";
import { startMockChild } from "./support/mock-child.js";

const server = await startMockChild();
try {
  console.table(await benchLatency(await createClients(server.baseUrl), "claims", Number(process.env.ROUNDS ?? 6)));
} finally {
  await server.stop();
}
