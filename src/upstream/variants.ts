// Reduces an OpenAPI document's JWT group to variants that compare across documents written in different
// shapes: NetSapiens' exports (one operation per variant, `#N` path keys renumbered between releases, Apidog
// extensions) and our normalised spec (one `oneOf` body, one `DELETE /jwt/{id}`). A variant is named by what
// it is (its body fields, its path parameter), never by its `#N`.
import { checkSecurity, credentialOf, type Credential } from "./credential.js";
import { fieldOf, fieldsOf, type Field, type Fields } from "./schema.js";
import { BadInput, deref, isNode, list, node, optBoolean, optNode, optString, pointer, type Node } from "./shape.js";

export interface Variant {
  key: string;
  method: string;
  path: string;
  /** The export's path key, `#N` and all. */
  source: string;
  summary: string;
  credential: Credential;
  /** Body: required-ness and media types ("" when there is none), then its fields. */
  body: string;
  request: Fields;
  /** `query name`, `header name` (lower case), `path #1` (a path parameter's name is not on the wire). */
  parameters: Record<string, Field>;
  /** status → null (no JSON body) or its fields. */
  responses: Record<string, Fields | null>;
}

const METHODS = ["get", "put", "post", "delete", "patch", "options", "head", "trace"];

/** What a POST /jwt body is, by its fields. */
export function grantOf(fieldNames: string[]): string {
  const has = (name: string) => fieldNames.includes(name);
  if (has("refresh") && !has("username")) return "refresh";
  if (has("passcode") || has("access_token")) return "mfa";
  if (has("user") && has("domain")) return "delegation";
  if (has("username") || has("password")) return "password";
  return `POST /jwt {${[...fieldNames].sort().join(", ")}}`;
}

function parametersOf(doc: Node, pathItem: Node, itemAt: string, operation: Node, opAt: string): Node[] {
  const byKey = new Map<string, Node>();
  for (const [owner, at] of [[pathItem, itemAt], [operation, opAt]] as const) {
    const raw = owner.parameters === undefined ? [] : list(owner.parameters, pointer(at, "parameters"));
    raw.forEach((value, i) => {
      const target = deref(doc, value, pointer(pointer(at, "parameters"), i));
      const p = node(target.value, target.at);
      if (typeof p.name !== "string") throw new BadInput(`${target.at}/name must be a string`);
      if (!["query", "header", "path", "cookie"].includes(p.in as string)) throw new BadInput(`${target.at}/in must be query, header, path or cookie`);
      optBoolean(p.required, pointer(target.at, "required"));
      byKey.set(`${String(p.in)} ${p.in === "header" ? p.name.toLowerCase() : p.name}`, { ...p, "x-at": target.at });
    });
  }
  return [...byKey.values()];
}

function describeParameters(doc: Node, path: string, parameters: Node[]): Record<string, Field> {
  const out: Record<string, Field> = {};
  const names = [...path.matchAll(/\{([^}]*)\}/g)].map((m) => m[1]);
  for (const p of parameters) {
    const name = p.name as string;
    if (p.in === "header" && name.toLowerCase() === "authorization") continue; // the credential
    const key = p.in === "path" ? `path #${names.indexOf(name) + 1}` : `${String(p.in)} ${p.in === "header" ? name.toLowerCase() : name}`;
    const at = String(p["x-at"]);
    // A parameter has a `schema`, or (rarely) a `content` map with one media type holding it.
    const content = optNode(p.content, pointer(at, "content"));
    const first = content === undefined ? undefined : Object.entries(content)[0];
    const schema = p.schema !== undefined ? { value: p.schema, at: pointer(at, "schema") } : first ? { value: node(first[1], pointer(pointer(at, "content"), first[0])).schema ?? {}, at: pointer(pointer(at, "content"), first[0]) } : { value: {}, at };
    out[key] = fieldOf(doc, schema.value, schema.at, p.required === true);
  }
  return out;
}

function jsonSchemaOf(content: Node | undefined, at: string): { media: string[]; schema: unknown; at: string } {
  const media = Object.keys(content ?? {}).sort();
  const type = media.find((m) => /^application\/(.+\+)?json/.test(m));
  if (content === undefined || type === undefined) return { media, schema: undefined, at };
  const mediaAt = pointer(pointer(at, "content"), type);
  return { media, schema: node(content[type], mediaAt).schema, at: pointer(mediaAt, "schema") };
}

function responsesOf(doc: Node, operation: Node, at: string): Record<string, Fields | null> {
  const out: Record<string, Fields | null> = {};
  const responses = optNode(operation.responses, pointer(at, "responses")) ?? {};
  for (const [status, raw] of Object.entries(responses)) {
    // Apidog writes extra examples as `x-400:Bad Request`, `x-400-2`: extensions, not status codes.
    if (status.startsWith("x-")) continue;
    if (!/^([1-5][0-9][0-9]|[1-5]XX|default)$/.test(status)) throw new BadInput(`${pointer(at, "responses")}: ${JSON.stringify(status)} is not a status code`);
    const target = deref(doc, raw, pointer(pointer(at, "responses"), status));
    const response = node(target.value, target.at);
    const { schema, at: schemaAt } = jsonSchemaOf(optNode(response.content, pointer(target.at, "content")), target.at);
    out[status] = schema === undefined ? null : (fieldsOf(doc, schema, schemaAt) ?? {});
  }
  return out;
}

/** The JWT group's variants, by key. */
export function variantsOf(doc: Node): Map<string, Variant> {
  const variants = new Map<string, Variant>();
  const add = (variant: Variant) => {
    let key = variant.key;
    for (let n = 2; variants.has(key); n++) key = `${variant.key} (${n})`;
    variants.set(key, { ...variant, key });
  };
  if (doc.security !== undefined) checkSecurity(doc.security, "/security");
  for (const [source, rawItem] of Object.entries(node(doc.paths, "/paths"))) {
    const path = source.replace(/#.*$/, ""); // `#N` is a docs fragment; it never reaches the server
    if (path !== "/jwt" && !path.startsWith("/jwt/")) {
      node(rawItem, pointer("/paths", source));
      continue;
    }
    const item = deref(doc, rawItem, pointer("/paths", source));
    const pathItem = node(item.value, item.at);
    for (const method of METHODS) {
      if (pathItem[method] === undefined) continue;
      const opAt = pointer(item.at, method);
      const operation = node(pathItem[method], opAt);
      const parameters = parametersOf(doc, pathItem, item.at, operation, opAt);
      const base = {
        method: method.toUpperCase(),
        path,
        source,
        summary: (optString(operation.summary, pointer(opAt, "summary")) ?? optString(operation.operationId, pointer(opAt, "operationId")) ?? "").trim(),
        credential: credentialOf(doc, operation, opAt, parameters),
        parameters: describeParameters(doc, path, parameters),
        responses: responsesOf(doc, operation, opAt),
        body: "",
        request: {},
      };
      if (operation.requestBody !== undefined) {
        const target = deref(doc, operation.requestBody, pointer(opAt, "requestBody"));
        const requestBody = node(target.value, target.at);
        const { media, schema, at } = jsonSchemaOf(optNode(requestBody.content, pointer(target.at, "content")), target.at);
        base.body = `${optBoolean(requestBody.required, pointer(target.at, "required")) === true ? "required" : "optional"} ${media.join(", ") || "(no media type)"}`;
        if (method === "post" && path === "/jwt") {
          // Our spec: one operation whose body is a oneOf of the grants; NetSapiens: one operation per grant.
          const resolved = schema === undefined ? undefined : deref(doc, schema, at);
          const oneOf = isNode(resolved?.value) && Array.isArray(resolved.value.oneOf) ? resolved.value.oneOf : undefined;
          const bodies = oneOf?.map((b, i) => ({ b, at: pointer(pointer(resolved!.at, "oneOf"), i) })) ?? [{ b: schema ?? {}, at }];
          for (const { b, at: bodyAt } of bodies) {
            const request = fieldsOf(doc, b, bodyAt) ?? {};
            const key = grantOf(Object.keys(request));
            // One operation cannot say which branch needs the credential: ours says "optional", and the text says delegation.
            const credential: Credential =
              oneOf && base.credential.need === "optional"
                ? key === "delegation" ? { ...base.credential, need: "required" } : { need: "none", wire: "", via: base.credential.via }
                : base.credential;
            add({ ...base, key, credential, request });
          }
          continue;
        }
        base.request = fieldsOf(doc, schema ?? {}, at) ?? {};
      }
      if (path === "/jwt") add({ ...base, key: method === "get" ? "claims" : method === "delete" ? "revoke-current" : `${base.method} /jwt` });
      else {
        const name = /^\/jwt\/\{([^}]+)\}$/.exec(path)?.[1];
        const revoke = method === "delete" && name !== undefined && /^(id|jti|uid)$/.test(name);
        if (revoke && name !== "uid") add({ ...base, key: "revoke-by-jti" });
        if (revoke && name !== "jti") add({ ...base, key: "revoke-by-uid" });
        if (!revoke) add({ ...base, key: `${base.method} ${path}` });
      }
    }
  }
  if (variants.size === 0) throw new BadInput("no JWT operations: no path is /jwt or /jwt/… (after dropping `#N`)");
  return variants;
}
