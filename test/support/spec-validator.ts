// Validates values against schemas of our spec, with the same Ajv setup the mock server uses.
import { SPEC_ID, createSpecAjv } from "../../src/mock/request-validator.js";

export const ajv = createSpecAjv({ allErrors: true });

const problems = (validate: { errors?: Array<{ instancePath: string; message?: string }> | null }) =>
  (validate.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message}`);

/** Validates `value` against the schema at a JSON pointer of the spec, e.g. "#/components/schemas/Claims". */
export function validateAgainst(pointer: string, value: unknown): string[] {
  const validate = ajv.getSchema(`${SPEC_ID}${pointer}`);
  if (!validate) throw new Error(`No schema at ${pointer}`);
  return validate(value) ? [] : problems(validate);
}

/** Validates `value` against an inline schema that may $ref the spec's components. */
export function validateInline(schema: unknown, value: unknown): string[] {
  const json = JSON.stringify(schema).replaceAll('"#/components/', `"${SPEC_ID}#/components/`);
  const validate = ajv.compile(JSON.parse(json));
  return validate(value) ? [] : problems(validate);
}
