// The header parameters the spec declares for each operation (X-NetSapiens-Log today), read from the
// spec itself and checked with its schemas: a strict server refuses what the spec forbids.
import { openapiDocument } from "../../generated/openapi-document.js";
import { HttpError, type MockRequest } from "./exchange.js";
import { createSpecAjv } from "./request-validator.js";
import type { SpecRoute } from "./routing.js";

export interface HeaderCheck {
  name: string;
  required: boolean;
  /** The component the schema comes from, for the message (`NetSapiensLog`), or the header's name. */
  label: string;
  valid: (value: string) => boolean;
}

interface Parameter {
  $ref?: string;
  name?: string;
  in?: string;
  required?: boolean;
  schema?: unknown;
}

type Document = { paths: Record<string, Record<string, unknown>>; components: { parameters?: Record<string, Parameter> } };

/** For each operation of the spec, the checks of its header parameters (path-level and operation-level). */
export function headerChecks(): Map<SpecRoute, HeaderCheck[]> {
  const document = openapiDocument as unknown as Document;
  const ajv = createSpecAjv();
  const checks = new Map<SpecRoute, HeaderCheck[]>();
  for (const [path, item] of Object.entries(document.paths)) {
    const shared = (item.parameters ?? []) as Parameter[];
    for (const method of ["get", "put", "post", "delete", "patch"]) {
      const operation = item[method] as { parameters?: Parameter[] } | undefined;
      if (operation === undefined) continue;
      const list: HeaderCheck[] = [];
      for (const raw of [...shared, ...(operation.parameters ?? [])]) {
        const label = raw.$ref?.split("/").pop();
        const parameter = label === undefined ? raw : document.components.parameters?.[label];
        if (parameter?.in !== "header" || parameter.name === undefined) continue;
        const validate = ajv.compile(JSON.parse(JSON.stringify(parameter.schema ?? {}).replaceAll('"#/components/', '"ns-api-jwt.json#/components/')));
        list.push({ name: parameter.name, required: parameter.required === true, label: label ?? parameter.name, valid: (value) => validate(value) });
      }
      checks.set(`${method.toUpperCase()} ${path}` as SpecRoute, list);
    }
  }
  return checks;
}

/** Throws a 400 for a header parameter that is missing while required, or breaks its schema. */
export function checkHeaders(request: MockRequest, checks: readonly HeaderCheck[] | undefined): void {
  for (const check of checks ?? []) {
    const value = request.header(check.name);
    if (value === undefined) {
      if (check.required) throw new HttpError(400, `Missing header ${check.name}`);
    } else if (!check.valid(value)) {
      throw new HttpError(400, `Invalid header ${check.name}: must match the spec's ${check.label}`);
    }
  }
}
