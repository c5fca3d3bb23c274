// Entry for Node, Bun, Deno and the TypeScript consumers: the config comes as the first argument (JSON), the
// outcome goes to stdout as one line. Reads the argument through globalThis, so it compiles without @types/node.
import { runFlows, type MatrixConfig } from "./flows.js";

const host = globalThis as unknown as { process?: { argv: string[] }; Deno?: { args: string[] } };
const argument = host.Deno?.args[0] ?? host.process?.argv[2];

runFlows(JSON.parse(argument ?? "{}") as MatrixConfig).then(
  (flows) => console.log(`MATRIX-RESULT ${JSON.stringify(flows)}`),
  (error: unknown) => console.log(`MATRIX-RESULT ${JSON.stringify({ error: String(error) })}`),
);
