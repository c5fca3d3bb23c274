import Ajv2020Module from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import { openapiDocument } from "../../generated/openapi-document.js";

// CommonJS packages: the default export arrives wrapped or not depending on the loader.
const Ajv2020 = ((Ajv2020Module as unknown as { default?: unknown }).default ?? Ajv2020Module) as typeof Ajv2020Module.default;
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as typeof addFormatsModule.default;

/** The `$id` under which the spec's components are registered: refs read `${SPEC_ID}#/components/...`. */
export const SPEC_ID = "ns-api-jwt.json";

/** An Ajv (JSON Schema 2020-12, as OpenAPI 3.1 uses) that knows the spec's components. */
export function createSpecAjv(options: { allErrors?: boolean } = {}) {
  const ajv = new Ajv2020({ allErrors: options.allErrors ?? false, strict: false });
  addFormats(ajv);
  ajv.addFormat("password", true);
  ajv.addSchema({ $id: SPEC_ID, components: openapiDocument.components });
  return ajv;
}

/** Validates values against schemas of the spec, by component name; returns the first problem, if any. */
export function createSchemaValidator() {
  const ajv = createSpecAjv();
  // getSchema resolves the reference on every call; the compiled validators are kept by name.
  const compiled = new Map<string, ReturnType<typeof ajv.getSchema>>();
  return (schema: string, value: unknown): string | undefined => {
    let validate = compiled.get(schema);
    if (validate === undefined) compiled.set(schema, (validate = ajv.getSchema(`${SPEC_ID}#/components/schemas/${schema}`)));
    if (validate === undefined) throw new Error(`The spec has no schema ${schema}.`);
    if (validate(value)) return undefined;
    const [first] = validate.errors ?? [];
    return first ? `${first.instancePath || "body"} ${first.message ?? "is invalid"}` : "invalid";
  };
}
