// The mock for `npm run load:fleet`, in a process of its own (the built dist/mock.js, like
// bench/support/mock-process.ts), with refresh-reuse detection at its strictest: a reused refresh JWT
// revokes the whole login. IPC: {advanceMs} moves its clock; {stats: true} answers its counters.
type MockModule = typeof import("../../src/mock/index.js");
const { startMockServer } = (await import(new URL("../../dist/mock.js", import.meta.url).href)) as MockModule;

let offset = 0;
const server = await startMockServer({
  now: () => Date.now() + offset,
  tokenTtlSeconds: Number(process.env.MOCK_TTL_SECONDS ?? 120),
  revokeFamilyOnRefreshReuse: true,
});

type Message = { id: number; advanceMs?: number; stats?: boolean };
process.on("message", (message: Message) => {
  if (message.advanceMs !== undefined) offset += message.advanceMs;
  const grants = server.mock.count("POST /jwt");
  process.send?.({ id: message.id, grants, reuseRejections: server.mock.refreshReuseRejections, offset });
});
process.on("disconnect", () => void server.close().then(() => process.exit(0)));
process.send?.({ id: 0, baseUrl: server.baseUrl });
