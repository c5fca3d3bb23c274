// How the CLI words a failure, for causes a test cannot easily make happen over the wire (an expired
// certificate) and for what must never be shown (a cause's own message, an unexpected error's message).
import { describe, expect, it } from "@jest/globals";
import * as libraryErrors from "../../src/errors.js";
import { NetworkError, ValidationError } from "../../src/errors.js";
import * as cliErrors from "../../src/cli/exit-codes.js";
import { EXIT_TABLE, exitCodeFor } from "../../src/cli/exit-codes.js";
import { causeCode, formatReport, reportOf } from "../../src/cli/report.js";

const tlsFailure = (code: string) => new NetworkError("No response (network failure).", { cause: new TypeError("fetch failed", { cause: Object.assign(new Error(`certificate problem SENTINEL`), { code }) }) });

describe("the CLI's error reports", () => {
  it.each([
    ["CERT_HAS_EXPIRED", "TLS: the server's certificate has expired"],
    ["ERR_TLS_CERT_ALTNAME_INVALID", "TLS: the certificate is for another host"],
    ["UNABLE_TO_VERIFY_LEAF_SIGNATURE", "TLS: the certificate's issuer is not trusted"],
  ])("%s is found in the cause chain and explained", (code, text) => {
    const report = reportOf(tlsFailure(code), "https://pbx.example.com/ns-api/v2");
    expect(report).toEqual({ name: "NetworkError", message: `Could not reach pbx.example.com: ${code} (${text}).`, host: "pbx.example.com", cause: code });
    expect(formatReport(report, false)).not.toContain("SENTINEL");
  });

  it("reads AggregateErrors (one error per address tried)", () => {
    const aggregate = new AggregateError([Object.assign(new Error("x"), { code: "ECONNREFUSED" })], "");
    expect(causeCode(new NetworkError("No response.", { cause: new TypeError("fetch failed", { cause: aggregate }) }))).toBe("ECONNREFUSED");
  });

  it("a library field name becomes the flag or variable", () => {
    expect(reportOf(new ValidationError("must be a positive number.", "timeoutMs"), undefined).message).toBe("--timeout must be a positive number.");
    expect(reportOf(new ValidationError("and clientSecret are needed to log in.", "clientId"), undefined).message).toBe("NS_CLIENT_ID and NS_CLIENT_SECRET are needed to log in.");
  });

  it("an unexpected error shows its name only", () => {
    const report = reportOf(new RangeError("SENTINEL-password-91bc"), undefined);
    expect(report).toEqual({ name: "UnexpectedError", message: "Unexpected failure (RangeError)." });
  });

  // One meaning per exit code: each error name the help lists under a code is reported with that name and ends with that code.
  it.each(EXIT_TABLE.flatMap((row) => row.names.map((name) => [name, row.code] as const)))("%s exits %d", (name, code) => {
    const classes = { ...libraryErrors, ...cliErrors } as unknown as Record<string, new (message: string, field?: string) => Error>;
    const error = name === "UnexpectedError" ? new RangeError("x") : new classes[name]!("x", "timeoutMs");
    expect(exitCodeFor(error)).toBe(code);
    expect(reportOf(error, "https://pbx.example.com/ns-api/v2").name).toBe(name);
  });
});
