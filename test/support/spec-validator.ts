// Validates values against schemas of our spec with Ajv (JSON Schema 2020-12, as OpenAPI 3.1 uses).
import Ajv2020Module from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import { spec } from "./spec.js";

// Both are CommonJS packages: type-checked as ESM, run by jest as CommonJS; take whichever shape arrives.
const Ajv2020 = ((Ajv2020Module as unknown as { default?: unknown }).default ?? Ajv2020Module) as typeof Ajv2020Module.default;
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as typeof addFormatsModule.default;

const SPEC_ID = "ns-api-jwt.json";

function createAjv() {
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats(ajv);
  ajv.addFormat("password", true);
  ajv.addSchema({ $id: SPEC_ID, components: spec.components });
  return ajv;
}

export const ajv = createAjv();

/** Validates `value` against the schema at a JSON pointer of the spec, e.g. "#/components/schemas/Claims". */
export function validateAgainst(pointer: string, value: unknown): string[] {
  const validate = ajv.getSchema(`${SPEC_ID}${pointer}`);
  if (!validate) throw new Error(`No schema at ${pointer}`);
  return validate(value) ? [] : (validate.errors ?? []).map((e: { instancePath: string; message?: string }) => `${e.instancePath || "/"} ${e.message}`);
}

/** Validates `value` against an inline schema that may $ref the spec's components. */
export function validateInline(schema: unknown, value: unknown): string[] {
  const json = JSON.stringify(schema).replaceAll('"#/components/', `"${SPEC_ID}#/components/`);
  const validate = ajv.compile(JSON.parse(json));
  return validate(value) ? [] : (validate.errors ?? []).map((e: { instancePath: string; message?: string }) => `${e.instancePath || "/"} ${e.message}`);
}
