// What a generated client or a server feels of a schema, as flat fields that compare across documents:
// name → { type, required, enum, pattern, lengths, bounds, format, default }. Nested object properties are
// `parent.child`, array items `list[]`. oneOf/anyOf branches are merged (required only when every branch
// requires it); allOf parts are combined; 3.0 `nullable` and 3.1 `type: [.., "null"]` read the same.
import { BadInput, deref, isNode, list, node, optList, optNode, pointer, type Node } from "./shape.js";

/** One field's facts; each is compared on its own. Absent facts are left out. */
export interface Field {
  type: string;
  required: boolean;
  enum?: string;
  pattern?: string;
  format?: string;
  default?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: string;
  maximum?: string;
  minItems?: number;
  maxItems?: number;
}
export type Fields = Record<string, Field>;
export const FACTS = ["type", "required", "enum", "pattern", "format", "default", "minLength", "maxLength", "minimum", "maximum", "minItems", "maxItems"] as const;

const MAX_DEPTH = 6;
const json = (value: unknown) => JSON.stringify(value) ?? String(value);

function checkedNumber(s: Node, key: string, at: string): number | undefined {
  const value = s[key];
  if (value === undefined) return undefined;
  if (typeof value !== "number" || !Number.isFinite(value)) throw new BadInput(`${pointer(at, key)} must be a number`);
  return value;
}

/** A bound as one string: "≥ 1", "> 0" (3.0 boolean and 3.1 numeric exclusiveMinimum alike). */
function bound(s: Node, at: string, key: "minimum" | "maximum"): string | undefined {
  const exclusiveKey = key === "minimum" ? "exclusiveMinimum" : "exclusiveMaximum";
  const value = checkedNumber(s, key, at);
  const exclusive = s[exclusiveKey];
  const [inclusiveSign, exclusiveSign] = key === "minimum" ? ["≥", ">"] : ["≤", "<"];
  if (typeof exclusive === "number" && Number.isFinite(exclusive)) return `${exclusiveSign} ${exclusive}`;
  if (exclusive !== undefined && typeof exclusive !== "boolean") throw new BadInput(`${pointer(at, exclusiveKey)} must be a number or true/false`);
  return value === undefined ? undefined : `${exclusive === true ? exclusiveSign : inclusiveSign} ${value}`;
}

interface Walk {
  doc: Node;
  refs: string[]; // the $refs on the way here: a schema that contains itself stops there
}

/** A schema (after $ref), or undefined for a boolean schema (3.1 `true`/`false`). */
function resolve(w: Walk, value: unknown, at: string): { s: Node | undefined; at: string; ref: string | undefined } {
  const ref = isNode(value) && typeof value.$ref === "string" ? value.$ref : undefined;
  const target = deref(w.doc, value, at);
  if (typeof target.value === "boolean") return { s: undefined, at: target.at, ref };
  return { s: node(target.value, target.at), at: target.at, ref };
}

function branchesOf(s: Node, at: string): Array<{ value: unknown; at: string }> {
  const out: Array<{ value: unknown; at: string }> = [];
  for (const key of ["oneOf", "anyOf"]) {
    const items = optList(s[key], pointer(at, key)) ?? [];
    items.forEach((value, i) => out.push({ value, at: pointer(pointer(at, key), i) }));
  }
  return out;
}

/** The type of a schema as one string: `string`, `integer`, `null|string`, `object`… */
function typeOf(w: Walk, s: Node, at: string, depth: number): string {
  const types = new Set<string>();
  const t = s.type;
  if (typeof t === "string") types.add(t);
  else if (Array.isArray(t)) t.forEach((x, i) => (typeof x === "string" ? types.add(x) : node(x, pointer(pointer(at, "type"), i))));
  else if (t !== undefined) throw new BadInput(`${pointer(at, "type")} must be a string or an array of strings`);
  if (types.size === 0 && s.const !== undefined) types.add(s.const === null ? "null" : typeof s.const === "number" ? "number" : typeof s.const);
  if (depth < MAX_DEPTH) {
    for (const b of branchesOf(s, at)) {
      const r = resolve(w, b.value, b.at);
      if (r.s) typeOf(w, r.s, r.at, depth + 1).split("|").forEach((x) => x !== "any" && types.add(x));
    }
  }
  if (s.nullable === true) types.add("null");
  if (types.size === 0 && s.properties !== undefined) types.add("object");
  return types.size === 0 ? "any" : [...types].sort().join("|");
}

function enumOf(s: Node, at: string): string | undefined {
  if (s.const !== undefined) return json([s.const]);
  const values = optList(s.enum, pointer(at, "enum"));
  return values === undefined ? undefined : json([...new Set(values.map(json))].sort().map((v) => JSON.parse(v) as unknown));
}

/** The facts of one schema (not its properties). */
export function fieldOf(doc: Node, value: unknown, at: string, required: boolean): Field {
  return describeSchema({ doc, refs: [] }, value, at, required, 0);
}

function describeSchema(w: Walk, value: unknown, at: string, required: boolean, depth: number): Field {
  const r = resolve(w, value, at);
  if (!r.s) return { type: value === false ? "never" : "any", required };
  const s = r.s;
  const field: Field = { type: typeOf(w, s, r.at, depth), required };
  const put = <K extends keyof Field>(key: K, v: Field[K] | undefined) => {
    if (v !== undefined) field[key] = v;
  };
  put("enum", enumOf(s, r.at));
  for (const key of ["pattern", "format"] as const) {
    const v = s[key];
    if (v !== undefined && typeof v !== "string") throw new BadInput(`${pointer(r.at, key)} must be a string`);
    put(key, v as string | undefined);
  }
  if (s.default !== undefined) field.default = json(s.default);
  for (const key of ["minLength", "maxLength", "minItems", "maxItems"] as const) put(key, checkedNumber(s, key, r.at));
  put("minimum", bound(s, r.at, "minimum"));
  put("maximum", bound(s, r.at, "maximum"));
  return field;
}

/** The fields of an object schema, or null when it is not an object (a body with no properties). */
export function fieldsOf(doc: Node, value: unknown, at: string): Fields | null {
  const out: Fields = {};
  const found = collect({ doc, refs: [] }, value, at, "", out, 0);
  return found ? out : null;
}

/** Adds the fields under `prefix`; false when the schema has no object shape at all. */
function collect(w: Walk, value: unknown, at: string, prefix: string, out: Fields, depth: number): boolean {
  if (depth > MAX_DEPTH) return true;
  const r = resolve(w, value, at);
  if (!r.s) return false;
  if (r.ref !== undefined && w.refs.includes(r.ref)) return true; // recursive schema: described once
  const inner: Walk = r.ref === undefined ? w : { doc: w.doc, refs: [...w.refs, r.ref] };
  const s = r.s;
  let found = false;
  const branches = branchesOf(s, r.at);
  if (branches.length > 0) {
    const parts = branches.map((b) => {
      const part: Fields = {};
      found = collect(inner, b.value, b.at, prefix, part, depth + 1) || found;
      return part;
    });
    for (const part of parts) {
      for (const [name, field] of Object.entries(part)) {
        const prev = out[name];
        const type = prev ? [...new Set([...prev.type.split("|"), ...field.type.split("|")])].sort().join("|") : field.type;
        out[name] = { ...prev, ...field, type, required: parts.every((p) => p[name]?.required === true) };
      }
    }
  }
  (optList(s.allOf, pointer(r.at, "allOf")) ?? []).forEach((part, i) => {
    found = collect(inner, part, pointer(pointer(r.at, "allOf"), i), prefix, out, depth + 1) || found;
  });
  const required = new Set((optList(s.required, pointer(r.at, "required")) ?? []).filter((x): x is string => typeof x === "string"));
  const properties = optNode(s.properties, pointer(r.at, "properties"));
  for (const [name, prop] of Object.entries(properties ?? {})) {
    const at2 = pointer(pointer(r.at, "properties"), name);
    const key = `${prefix}${name}`;
    out[key] = describeSchema(inner, prop, at2, required.has(name), depth + 1);
    collectNested(inner, prop, at2, key, out, depth + 1);
  }
  return found || properties !== undefined || s.type === "object";
}

/** Properties of an object property, and items of an array property. */
function collectNested(w: Walk, value: unknown, at: string, key: string, out: Fields, depth: number): void {
  const r = resolve(w, value, at);
  if (!r.s) return;
  if (r.s.items !== undefined) {
    const itemsAt = pointer(r.at, "items");
    if (!isNode(r.s.items) && typeof r.s.items !== "boolean") list(r.s.items, itemsAt); // 2020-12 has no array form
    if (Array.isArray(r.s.items)) throw new BadInput(`${itemsAt} must be a schema, not an array`);
    out[`${key}[]`] = describeSchema(w, r.s.items, itemsAt, true, depth + 1);
    collect(w, r.s.items, itemsAt, `${key}[].`, out, depth + 1);
  }
  if (r.s.properties !== undefined || r.s.allOf !== undefined || r.s.oneOf !== undefined || r.s.anyOf !== undefined) {
    collect(w, value, at, `${key}.`, out, depth);
  }
}
