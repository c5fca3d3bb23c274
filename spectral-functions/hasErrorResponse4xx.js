import { resolveLocalRef } from "./resolve-local-ref.js";

const ERROR_SCHEMA_REF = "#/components/schemas/Error";

export default function hasErrorResponse4xx(operation, _options, context) {
  const responses = operation?.responses;
  if (responses === null || typeof responses !== "object") return;
  const document = context.document.data;
  const usesErrorSchema = Object.entries(responses).some(([status, response]) => {
    if (!/^4(\d\d|XX)$/i.test(status)) return false;
    const media = resolveLocalRef(document, response)?.content?.["application/json"];
    return media?.schema?.$ref === ERROR_SCHEMA_REF;
  });
  if (!usesErrorSchema) {
    return [{ message: `The operation needs a 4xx response whose application/json schema is ${ERROR_SCHEMA_REF}.` }];
  }
}
