// Entry for the bare-globals row: run in a node:vm context holding only ECMAScript's own globals plus the
// ones README lists, so a client that touched any other global would fail here with a ReferenceError.
import { runFlows, type MatrixConfig } from "./flows.js";

declare const matrixConfig: MatrixConfig;
declare function matrixReport(outcome: unknown): void;

runFlows(matrixConfig).then(matrixReport, (error: unknown) => matrixReport({ error: String(error) }));
