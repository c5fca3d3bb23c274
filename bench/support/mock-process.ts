// The mock NetSapiens server in a process of its own, for load and benchmarks: it prints nothing and
// talks to its parent over IPC. Messages: {advanceMs} moves its clock, {count: route} reads its log.
// It runs the built package (dist/mock.js), as `ns-api-jwt mock` and users' test suites do: the same
// source through tsx answered ~25 % fewer requests. `npm run bench` and `npm run load` build first.
import type { RouteKey } from "../../src/mock/index.js";

type MockModule = typeof import("../../src/mock/index.js");
const built = new URL("../../dist/mock.js", import.meta.url).href;
const { startMockServer } = (await import(built)) as MockModule;

let offset = 0;
const server = await startMockServer({
  now: () => Date.now() + offset,
  tokenTtlSeconds: Number(process.env.MOCK_TTL_SECONDS ?? 86_400),
});

type Message = { id: number; advanceMs?: number; count?: RouteKey; resetLog?: boolean };
process.on("message", (message: Message) => {
  if (message.advanceMs !== undefined) offset += message.advanceMs;
  if (message.resetLog) server.mock.log.length = 0;
  const count = message.count === undefined ? undefined : server.mock.count(message.count);
  process.send?.({ id: message.id, count });
});
process.on("disconnect", () => {
  void server.close().then(() => process.exit(0));
});
process.send?.({ id: 0, baseUrl: server.baseUrl });
