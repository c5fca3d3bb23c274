import { NetworkError, NsApiError, SessionExpiredError, TimeoutError, ValidationError } from "../errors.js";
import { inCliTerms } from "./cli-terms.js";
import { UsageError } from "./exit-codes.js";

/** What the CLI says about a failure: safe to print (no secret reaches it), in CLI terms. */
export interface ErrorReport {
  name: string;
  message: string;
  status?: number;
  code?: number;
  /** The host the call went to, for failures without a response. */
  host?: string;
  /** The system or TLS error code found in the cause chain (ECONNREFUSED, CERT_HAS_EXPIRED…). */
  cause?: string;
  /** The command whose `--help` to read, for usage errors. */
  help?: string;
}

/** The hint after a refusal that ended the session. */
const SESSION_ENDED = "The session is over: log in again (`ns-api-jwt login`).";

// Known causes, explained. Only the code and this text are shown: a cause's own message is not ours to
// vouch for, and codes are what people search for.
const CAUSES: Record<string, string> = {
  ENOTFOUND: "no such host (DNS)",
  EAI_AGAIN: "DNS lookup failed for now",
  ECONNREFUSED: "connection refused",
  ECONNRESET: "connection reset",
  ETIMEDOUT: "connection timed out",
  EHOSTUNREACH: "host unreachable",
  ENETUNREACH: "network unreachable",
  EPIPE: "connection closed while sending",
  UND_ERR_SOCKET: "connection closed by the server",
  UND_ERR_CONNECT_TIMEOUT: "connection timed out",
  CERT_HAS_EXPIRED: "TLS: the server's certificate has expired",
  DEPTH_ZERO_SELF_SIGNED_CERT: "TLS: the server's certificate is self-signed",
  SELF_SIGNED_CERT_IN_CHAIN: "TLS: a self-signed certificate in the chain",
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: "TLS: the certificate's issuer is not trusted",
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: "TLS: the certificate's issuer is not trusted",
  ERR_TLS_CERT_ALTNAME_INVALID: "TLS: the certificate is for another host",
  CERT_NOT_YET_VALID: "TLS: the server's certificate is not valid yet",
  EPROTO: "TLS handshake failed",
  ERR_SSL_WRONG_VERSION_NUMBER: "TLS handshake failed (is it plain http?)",
};

/** The first system or TLS error code in `error`'s cause chain (AggregateErrors included), if any. */
export function causeCode(error: unknown): string | undefined {
  const seen = new Set<unknown>();
  const queue: unknown[] = [error];
  while (queue.length > 0) {
    const item = queue.shift();
    if (item === null || typeof item !== "object" || seen.has(item)) continue;
    seen.add(item);
    const code = (item as { code?: unknown }).code;
    if (typeof code === "string" && /^[A-Z][A-Z0-9_]{2,}$/.test(code)) return code;
    queue.push((item as { cause?: unknown }).cause);
    const errors = (item as { errors?: unknown }).errors;
    if (Array.isArray(errors)) queue.push(...errors);
  }
  return undefined;
}

function describeCause(code: string | undefined): string {
  if (code === undefined) return "no response";
  return `${code}${CAUSES[code] === undefined ? "" : ` (${CAUSES[code]})`}`;
}

/** Builds the report of anything a command threw. `baseUrl` is where the command was talking to. */
export function reportOf(error: unknown, baseUrl: string | undefined): ErrorReport {
  const host = baseUrl === undefined ? undefined : new URL(baseUrl).host;
  const name = (error as Error)?.name ?? "Error";
  if (error instanceof UsageError) return { name, message: error.message, help: error.command === undefined ? "ns-api-jwt --help" : `ns-api-jwt ${error.command} --help` };
  if (error instanceof ValidationError) return { name, message: inCliTerms(error.message, error.field) };
  if (error instanceof NetworkError) {
    const cause = causeCode(error.cause);
    return { name, message: `Could not reach ${host ?? "the server"}: ${describeCause(cause)}.`, ...(host === undefined ? {} : { host }), ...(cause === undefined ? {} : { cause }) };
  }
  if (error instanceof TimeoutError) {
    return { name, message: `${host ?? "The server"} did not answer in time: ${inCliTerms(error.message)} (see --timeout).`, ...(host === undefined ? {} : { host }) };
  }
  if (error instanceof SessionExpiredError) {
    // The refusal that ended the session is the server's answer: say what it said, then what to do.
    const refusal = error.cause instanceof NsApiError && error.cause.status !== undefined ? error.cause : undefined;
    const said = refusal === undefined ? inCliTerms(error.message) : `${inCliTerms(refusal.message)}.`;
    const { status, code } = refusal ?? error;
    return { name, message: `${said.replace(/\.*$/, ".")} ${SESSION_ENDED}`, ...(status === undefined ? {} : { status }), ...(code === undefined ? {} : { code }) };
  }
  if (error instanceof NsApiError) {
    const { status, code } = error;
    return { name, message: inCliTerms(error.message), ...(status === undefined ? {} : { status }), ...(code === undefined ? {} : { code }) };
  }
  if (error instanceof Error && /^(NotLoggedIn|SessionFile|Listen|Interrupted)Error$/.test(name)) return { name, message: error.message };
  // Anything else is a bug: its message could hold anything, so only its name is shown.
  return { name: "UnexpectedError", message: `Unexpected failure (${name}).` };
}

/** The report as the CLI prints it on stderr: one line of text, or one JSON object. */
export function formatReport(report: ErrorReport, json: boolean): string {
  if (json) return `${JSON.stringify({ error: report })}\n`;
  return `${report.name}: ${report.message}${report.help === undefined ? "" : ` See \`${report.help}\`.`}\n`;
}
