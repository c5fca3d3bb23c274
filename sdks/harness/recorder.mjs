// A recording front for the mock: a node:http server of our own that notes what each request looked like
// (method, path, which kind of credential, the sorted names of the JSON body's fields; never a value) and
// hands it on to the mock's in-process `fetch`. The generated clients talk to this server over real HTTP,
// so what is recorded is exactly what they put on the wire.
import { createServer } from "node:http";

// Hop-by-hop headers belong to the connection with the client, not to the request handed on.
const HOP_BY_HOP = new Set(["host", "connection", "keep-alive", "transfer-encoding", "content-length", "upgrade", "http2-settings", "expect", "te"]);

/** The kind of credential in an Authorization header value, judged by shape and, for a JWT, its unverified claims. */
export function credentialKind(values, apiKeys) {
  if (values.length === 0) return "none";
  if (values.length > 1) return "several";
  const match = /^Bearer (\S+)$/.exec(values[0]);
  if (!match) return "other";
  const credential = match[1];
  if (apiKeys.has(credential)) return "api-key";
  const parts = credential.split(".");
  if (parts.length !== 3) return "other";
  let claims;
  try {
    claims = JSON.parse(Buffer.from(parts[1], "base64url").toString("utf8"));
  } catch {
    return "other";
  }
  if (claims.token_use === "refresh") return "refresh-jwt";
  if (claims.user_scope === "mfa_required") return "mfa-jwt";
  return "jwt";
}

/** The sorted field names of a JSON object body; null for no body; a marker for anything else. */
export function bodyFields(text) {
  if (text.length === 0) return null;
  let value;
  try {
    value = JSON.parse(text);
  } catch {
    return "<not JSON>";
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) return "<not an object>";
  return Object.keys(value).sort();
}

/**
 * Serves `mock` (a MockNetSapiens) on a loopback port behind the recorder.
 * Returns the base URL, the records so far, and close().
 */
export async function startRecordingMock(mock, { apiKeys, upstreamOrigin }) {
  const records = [];
  const server = createServer((req, res) => {
    const chunks = [];
    req.on("data", (chunk) => chunks.push(chunk));
    req.on("end", async () => {
      const text = Buffer.concat(chunks).toString("utf8");
      const rawPath = (req.url ?? "/").split("?")[0];
      const record = {
        method: req.method,
        path: rawPath,
        auth: credentialKind(req.headersDistinct.authorization ?? [], apiKeys),
        body: bodyFields(text),
        status: 0,
      };
      records.push(record);
      const headers = new Headers();
      for (const [name, values] of Object.entries(req.headersDistinct)) {
        if (!HOP_BY_HOP.has(name)) for (const value of values) headers.append(name, value);
      }
      try {
        const hasBody = req.method !== "GET" && req.method !== "HEAD" && chunks.length > 0;
        const answer = await mock.fetch(`${upstreamOrigin}${req.url}`, { method: req.method, headers, body: hasBody ? text : undefined });
        const body = Buffer.from(await answer.arrayBuffer());
        record.status = answer.status;
        const out = {};
        answer.headers.forEach((value, name) => {
          if (!HOP_BY_HOP.has(name)) out[name] = value;
        });
        res.writeHead(answer.status, { ...out, "content-length": String(body.length) });
        res.end(body);
      } catch (error) {
        record.status = 500;
        res.writeHead(500, { "content-type": "application/json" });
        res.end(JSON.stringify({ code: 500, message: `recorder: ${error.message}` }));
      }
    });
  });
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const { port } = server.address();
  return {
    baseUrl: `http://127.0.0.1:${port}/ns-api/v2`,
    records,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
