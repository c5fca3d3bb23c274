// Wraps a mock's fetch so that every response it sends is validated against the spec.
import { spec } from "./spec.js";
import { validateInline } from "./spec-validator.js";

function responseSchema(method: string, path: string, status: number): { declared: boolean; schema?: unknown } {
  const specPath = path === "/jwt" ? "/jwt" : path.startsWith("/jwt/") ? "/jwt/{id}" : undefined;
  const operation = specPath === undefined ? undefined : spec.paths[specPath]?.[method.toLowerCase()];
  let response = operation?.responses?.[String(status)];
  if (response?.$ref) response = spec.components.responses[response.$ref.split("/").pop()];
  if (response === undefined) return { declared: false };
  return { declared: true, schema: response.content?.["application/json"]?.schema };
}

export interface Violation {
  request: string;
  status: number;
  problems: string[];
}

export function specCheckedFetch(fetch: (input: Request | string | URL, init?: RequestInit) => Promise<Response>) {
  const violations: Violation[] = [];
  let checked = 0;
  const wrapped = async (input: Request | string | URL, init?: RequestInit): Promise<Response> => {
    const request = input instanceof Request ? input : new Request(input, init);
    const response = await fetch(request);
    if (response.headers.has("X-Mock-Fault")) return response;
    const path = new URL(request.url).pathname.replace(/^.*?\/ns-api\/v2(?=\/)/, "");
    const { declared, schema } = responseSchema(request.method, path, response.status);
    const label = `${request.method} ${path}`;
    checked += 1;
    if (!declared) {
      violations.push({ request: label, status: response.status, problems: ["status not declared in the spec"] });
      return response;
    }
    if (schema !== undefined) {
      const body = await response.clone().json().catch(() => "<not JSON>");
      const problems = validateInline(schema, body);
      if (problems.length > 0) violations.push({ request: label, status: response.status, problems });
    }
    return response;
  };
  return Object.assign(wrapped, { violations, checkedCount: () => checked });
}
