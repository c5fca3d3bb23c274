// Reduces an OpenAPI document's JWT group to variants that can be compared across documents written in
// different shapes: NetSapiens' exports (one operation per variant, `#N` path keys that are renumbered
// between releases, Apidog extensions) and our normalised spec (one `oneOf` body, one `DELETE /jwt/{id}`).
// A variant is named by what it is (its body fields, its path parameter), never by its `#N`.

export class BadInput extends Error {}

const METHODS = ["get", "put", "post", "delete", "patch"];

/** Follows local `$ref`s ("#/components/…"); siblings of a `$ref` (Apidog overrides) are ignored. */
export function deref(doc, node, seen = new Set()) {
  let current = node;
  while (current && typeof current === "object" && typeof current.$ref === "string") {
    if (seen.has(current.$ref)) throw new BadInput(`circular $ref ${current.$ref}`);
    seen.add(current.$ref);
    if (!current.$ref.startsWith("#/")) throw new BadInput(`only local $refs are supported, found ${current.$ref}`);
    current = current.$ref
      .slice(2)
      .split("/")
      .reduce((at, key) => (at === undefined ? undefined : at[key.replace(/~1/g, "/").replace(/~0/g, "~")]), doc);
    if (current === undefined) throw new BadInput(`unresolved $ref ${[...seen].pop()}`);
  }
  return current;
}

/** A schema's type as one string: `string`, `integer`, `string|null`, `object`… */
export function typeOf(doc, schema) {
  const s = deref(doc, schema) ?? {};
  const types = new Set();
  if (Array.isArray(s.type)) s.type.forEach((t) => types.add(t));
  else if (typeof s.type === "string") types.add(s.type);
  else if (s.const !== undefined) types.add(s.const === null ? "null" : typeof s.const === "number" ? "number" : typeof s.const);
  for (const branch of [...(s.oneOf ?? []), ...(s.anyOf ?? [])]) typeOf(doc, branch).split("|").forEach((t) => types.add(t));
  if (s.nullable === true) types.add("null");
  if (types.size === 0 && s.properties) types.add("object");
  return types.size === 0 ? "any" : [...types].sort().join("|");
}

/**
 * The fields of an object schema: name → { type, required }. `oneOf`/`anyOf` branches are merged (a field
 * is required only when every branch requires it); `allOf` parts are combined. null when it is not an object.
 */
export function fieldsOf(doc, schema) {
  const s = deref(doc, schema);
  if (!s || typeof s !== "object") return null;
  const branches = s.oneOf ?? s.anyOf;
  if (Array.isArray(branches) && branches.length > 0) {
    const parts = branches.map((b) => fieldsOf(doc, b) ?? {});
    const merged = {};
    for (const part of parts) {
      for (const [name, field] of Object.entries(part)) {
        const inAll = parts.every((p) => p[name]?.required);
        const prev = merged[name];
        const type = prev ? [...new Set([...prev.type.split("|"), ...field.type.split("|")])].sort().join("|") : field.type;
        merged[name] = { type, required: inAll };
      }
    }
    return merged;
  }
  const fields = {};
  for (const part of s.allOf ?? []) Object.assign(fields, fieldsOf(doc, part) ?? {});
  const required = new Set(s.required ?? []);
  for (const [name, prop] of Object.entries(s.properties ?? {})) fields[name] = { type: typeOf(doc, prop), required: required.has(name) };
  if (Object.keys(fields).length === 0 && s.type !== "object" && !s.properties) return null;
  return fields;
}

/** What a POST /jwt body is, by its fields. */
export function grantOf(fieldNames) {
  const has = (name) => fieldNames.includes(name);
  if (has("refresh") && !has("username")) return "refresh";
  if (has("passcode") || has("access_token")) return "mfa";
  if (has("user") && has("domain")) return "delegation";
  if (has("username") || has("password")) return "password";
  return `POST /jwt {${[...fieldNames].sort().join(", ")}}`;
}

const LABELS = {
  password: "password grant (POST /jwt)",
  mfa: "MFA grant (POST /jwt)",
  refresh: "refresh grant (POST /jwt)",
  delegation: "delegation grant (POST /jwt)",
  claims: "read claims (GET /jwt)",
  "revoke-current": "revoke current (DELETE /jwt)",
  "revoke-by-jti": "revoke by JWT ID (DELETE /jwt/{jti})",
  "revoke-by-uid": "revoke by uid (DELETE /jwt/{uid})",
};
export const labelOf = (key) => LABELS[key] ?? key;

function responsesOf(doc, operation) {
  const out = {};
  for (const [status, raw] of Object.entries(operation.responses ?? {})) {
    // Apidog writes extra examples as `x-400:Bad Request`, `x-400-2`: not status codes.
    if (!/^([1-5][0-9][0-9]|[1-5]XX|default)$/.test(status)) continue;
    const response = deref(doc, raw) ?? {};
    const schema = response.content?.["application/json"]?.schema;
    out[status] = schema === undefined ? null : fieldsOf(doc, schema) ?? {};
  }
  return out;
}

/** Header and query parameters other than Authorization (which counts as the credential). */
function parametersOf(doc, pathItem, operation) {
  const out = {};
  for (const raw of [...(pathItem.parameters ?? []), ...(operation.parameters ?? [])]) {
    const p = deref(doc, raw);
    if (!p || p.in === "path" || p.in === "cookie" || String(p.name).toLowerCase() === "authorization") continue;
    out[`${p.in} ${p.name}`] = { type: typeOf(doc, p.schema ?? {}), required: p.required === true };
  }
  return out;
}

/** "bearer" when the operation sends a credential (a security requirement or a required Authorization header). */
function authOf(doc, pathItem, operation) {
  const header = [...(pathItem.parameters ?? []), ...(operation.parameters ?? [])]
    .map((p) => deref(doc, p))
    .some((p) => p?.in === "header" && String(p.name).toLowerCase() === "authorization" && p.required === true);
  const security = operation.security ?? doc.security ?? [];
  const optional = security.some((req) => Object.keys(req).length === 0);
  const some = security.some((req) => Object.keys(req).length > 0);
  if (header || (some && !optional)) return "bearer";
  return some ? "either" : "none";
}

/** The JWT group's variants: key → { key, method, path, source, summary, auth, request, parameters, responses }. */
export function variantsOf(doc) {
  if (doc === null || typeof doc !== "object" || Array.isArray(doc)) throw new BadInput("not an OpenAPI document (not a JSON object)");
  if (typeof doc.openapi !== "string" && typeof doc.swagger !== "string") throw new BadInput("not an OpenAPI document (no `openapi` version field)");
  if (!doc.paths || typeof doc.paths !== "object") throw new BadInput("not an OpenAPI document (no `paths` object)");
  const variants = new Map();
  const add = (variant) => {
    let key = variant.key;
    for (let n = 2; variants.has(key); n++) key = `${variant.key} (${n})`;
    variants.set(key, { ...variant, key });
  };
  for (const [source, pathItem] of Object.entries(doc.paths)) {
    const path = source.replace(/#.*$/, ""); // `#N` is a docs fragment; it never reaches the server
    if (path !== "/jwt" && !path.startsWith("/jwt/")) continue;
    for (const method of METHODS) {
      const operation = pathItem?.[method];
      if (!operation) continue;
      const common = {
        method: method.toUpperCase(),
        path,
        source,
        summary: operation.summary ?? operation.operationId ?? "",
        auth: authOf(doc, pathItem, operation),
        parameters: parametersOf(doc, pathItem, operation),
        responses: responsesOf(doc, operation),
      };
      if (method === "post" && path === "/jwt") {
        const schema = operation.requestBody === undefined ? undefined : deref(doc, deref(doc, operation.requestBody).content?.["application/json"]?.schema);
        // Our spec: one operation whose body is a oneOf of the grants; NetSapiens: one operation per grant.
        const bodies = schema?.oneOf ?? [schema ?? {}];
        for (const body of bodies) {
          const request = fieldsOf(doc, body) ?? {};
          const key = grantOf(Object.keys(request));
          const auth = common.auth === "either" ? (key === "delegation" ? "bearer" : "none") : common.auth;
          add({ ...common, key, auth, request });
        }
      } else if (path === "/jwt") {
        add({ ...common, key: method === "get" ? "claims" : method === "delete" ? "revoke-current" : `${common.method} /jwt`, request: {} });
      } else {
        const name = /^\/jwt\/\{([^}]+)\}$/.exec(path)?.[1];
        if (method === "delete" && name !== undefined && /^(id|jti)$/.test(name)) add({ ...common, key: "revoke-by-jti", request: {} });
        if (method === "delete" && name !== undefined && /^(id|uid)$/.test(name)) add({ ...common, key: "revoke-by-uid", request: {} });
        if (!(method === "delete" && /^(id|jti|uid)$/.test(name ?? ""))) add({ ...common, key: `${common.method} ${path}`, request: {} });
      }
    }
  }
  if (variants.size === 0) throw new BadInput("no JWT operations: no path is /jwt or /jwt/… (after dropping `#N`)");
  return variants;
}
