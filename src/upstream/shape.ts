// Reading an OpenAPI document that may be anything: every step checks the shape it needs and, when it is not
// what OpenAPI 3.0/3.1 allows, throws one BadInput naming where (a JSON pointer). Nothing below trusts a type.

/** Input the tool cannot compare: exit 2, one line. */
export class BadInput extends Error {
  override name = "BadInput";
}

export type Node = Record<string, unknown>;

/** What a value is, for messages: "an array", "a string", "null"… */
export function kindOf(value: unknown): string {
  if (value === null) return "null";
  if (value === undefined) return "nothing";
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}

export const isNode = (value: unknown): value is Node => typeof value === "object" && value !== null && !Array.isArray(value);

const fail = (at: string, want: string, value: unknown): never => {
  throw new BadInput(`${at || "the document"} must be ${want}, found ${kindOf(value)}`);
};

export function node(value: unknown, at: string): Node {
  return isNode(value) ? value : fail(at, "an object", value);
}
export function optNode(value: unknown, at: string): Node | undefined {
  return value === undefined ? undefined : node(value, at);
}
export function list(value: unknown, at: string): unknown[] {
  return Array.isArray(value) ? value : fail(at, "an array", value);
}
export function optList(value: unknown, at: string): unknown[] | undefined {
  return value === undefined ? undefined : list(value, at);
}
export function optString(value: unknown, at: string): string | undefined {
  return value === undefined || typeof value === "string" ? value : fail(at, "a string", value);
}
export function optBoolean(value: unknown, at: string): boolean | undefined {
  return value === undefined || typeof value === "boolean" ? value : fail(at, "true or false", value);
}
export function optNumber(value: unknown, at: string): number | undefined {
  return value === undefined || (typeof value === "number" && Number.isFinite(value)) ? value : fail(at, "a number", value);
}

/** `a/b` → `/a~1b` (JSON pointer escaping). */
export const pointer = (at: string, key: string | number) => `${at}/${String(key).replace(/~/g, "~0").replace(/\//g, "~1")}`;

/**
 * Follows local `$ref`s ("#/components/…"); siblings of a `$ref` (Apidog overrides) are ignored.
 * Returns the target and where it is. A ref chain that loops or leads nowhere is bad input.
 */
export function deref(doc: Node, value: unknown, at: string): { value: unknown; at: string } {
  let current = value;
  let where = at;
  const seen = new Set<string>();
  while (isNode(current) && current.$ref !== undefined) {
    const ref = current.$ref;
    if (typeof ref !== "string") return fail(pointer(where, "$ref"), "a string", ref);
    if (seen.has(ref)) throw new BadInput(`${where}: circular $ref ${ref}`);
    seen.add(ref);
    if (!ref.startsWith("#/")) throw new BadInput(`${where}: only local $refs are supported, found ${ref}`);
    let target: unknown = doc;
    for (const raw of ref.slice(2).split("/")) {
      const key = decodeURIComponent(raw).replace(/~1/g, "/").replace(/~0/g, "~");
      target = isNode(target) && Object.hasOwn(target, key) ? target[key] : Array.isArray(target) ? target[Number(key)] : undefined;
      if (target === undefined) throw new BadInput(`${where}: unresolved $ref ${ref}`);
    }
    current = target;
    where = ref.slice(1);
  }
  return { value: current, at: where };
}

/** The document itself: OpenAPI 3.0 or 3.1 with a `paths` object. Swagger 2.0 is refused by name. */
export function checkRoot(value: unknown, file: string): Node {
  if (!isNode(value)) throw new BadInput(`${file} is not an OpenAPI document (it is ${kindOf(value)}, not an object)`);
  if (value.swagger !== undefined) {
    throw new BadInput(`${file} is Swagger ${String(value.swagger)} (OpenAPI 2), not OpenAPI 3.0/3.1: convert it first (e.g. swagger2openapi)`);
  }
  if (typeof value.openapi !== "string") throw new BadInput(`${file} is not an OpenAPI document (no \`openapi\` version string)`);
  if (!/^3\.[01]\.\d+/.test(value.openapi)) throw new BadInput(`${file} is OpenAPI ${value.openapi}; only 3.0 and 3.1 are read`);
  node(value.paths, "/paths");
  optNode(value.components, "/components");
  return value;
}
