// `node --import tsx bench/in-process-run.ts`: the in-process table alone (no build, no servers), for a quick look.
import { benchInProcess } from "./in-process.js";

console.table(await benchInProcess(Number(process.env.ROUNDS ?? 5)));
