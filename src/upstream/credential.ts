// What credential an operation sends, and where the export says so. Where it is written (the operation's
// `security`, the document's global `security` it inherits, or an explicit `Authorization` header
// parameter) is not on the wire, but the report says it: an inherited requirement is easy to miss.
import { BadInput, deref, list, node, optNode, pointer, type Node } from "./shape.js";

export interface Credential {
  /** required: every request sends it; optional: a client may leave it out; none. */
  need: "required" | "optional" | "none";
  /** Where it travels: "header Authorization", "query api_key"… (scheme names are not on the wire). */
  wire: string;
  /** Where the document states it. */
  via: "operation" | "inherited" | "header parameter" | "nowhere";
}

/** Checks a `security` value (a list of requirement objects, each scheme → list of scopes). */
export function checkSecurity(value: unknown, at: string): Array<Record<string, unknown>> {
  return list(value, at).map((req, i) => {
    const r = node(req, pointer(at, i));
    for (const [name, scopes] of Object.entries(r)) list(scopes, pointer(pointer(at, i), name));
    return r;
  });
}

function wireOf(doc: Node, scheme: string, at: string): string {
  const schemes = optNode(optNode(doc.components, "/components")?.securitySchemes, "/components/securitySchemes") ?? {};
  if (!Object.hasOwn(schemes, scheme)) throw new BadInput(`${at}: security scheme ${scheme} is not in /components/securitySchemes`);
  const target = deref(doc, schemes[scheme], `/components/securitySchemes/${scheme}`);
  const s = node(target.value, target.at);
  if (s.type === "apiKey") return `${String(s.in)} ${String(s.name)}`;
  if (s.type === "http" || s.type === "oauth2" || s.type === "openIdConnect") return "header Authorization";
  if (s.type === "mutualTLS") return "TLS client certificate";
  throw new BadInput(`${target.at}/type must be apiKey, http, oauth2, openIdConnect or mutualTLS, found ${JSON.stringify(s.type) ?? "nothing"}`);
}

/** The credential of an operation, given its parameters (already dereferenced). */
export function credentialOf(doc: Node, operation: Node, at: string, parameters: Node[]): Credential {
  const header = parameters.find((p) => p.in === "header" && typeof p.name === "string" && p.name.toLowerCase() === "authorization");
  const own = operation.security !== undefined;
  const security = own ? checkSecurity(operation.security, pointer(at, "security")) : doc.security === undefined ? [] : checkSecurity(doc.security, "/security");
  const where = own ? pointer(at, "security") : "/security";
  const anonymous = security.some((req) => Object.keys(req).length === 0);
  const wires = [...new Set(security.flatMap((req) => Object.keys(req).map((name) => wireOf(doc, name, where))))].sort();
  if (header && header.required === true) return { need: "required", wire: "header Authorization", via: "header parameter" };
  if (wires.length > 0) return { need: anonymous ? "optional" : "required", wire: wires.join(" or "), via: own ? "operation" : "inherited" };
  if (header) return { need: "optional", wire: "header Authorization", via: "header parameter" };
  return { need: "none", wire: "", via: own ? "operation" : doc.security === undefined ? "nowhere" : "inherited" };
}

export const describeCredential = (c: Credential) =>
  c.need === "none" ? "none" : `${c.need} (${c.wire}${c.via === "inherited" ? ", inherited from the document's global security" : c.via === "header parameter" ? ", as an explicit header parameter" : ""})`;
