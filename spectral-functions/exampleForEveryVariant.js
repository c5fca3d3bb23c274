import { resolveLocalRef } from "./resolve-local-ref.js";

// An example "matches" a variant when it has every required property and agrees with every const.
// That is enough to tell the grants apart without a full JSON Schema validator in the lint step.
function matches(variant, value) {
  if (value === null || typeof value !== "object") return false;
  const required = variant.required ?? [];
  if (!required.every((name) => Object.hasOwn(value, name))) return false;
  return Object.entries(variant.properties ?? {}).every(
    ([name, property]) => !("const" in (property ?? {})) || value[name] === property.const,
  );
}

export default function exampleForEveryVariant(mediaType, _options, context) {
  const document = context.document.data;
  const schema = resolveLocalRef(document, mediaType?.schema);
  if (!Array.isArray(schema?.oneOf)) return;
  const examples = Object.values(mediaType.examples ?? {}).map((example) => resolveLocalRef(document, example)?.value);
  return schema.oneOf.flatMap((member, index) => {
    const variant = resolveLocalRef(document, member) ?? {};
    if (examples.some((value) => matches(variant, value))) return [];
    const name = member.$ref ? member.$ref.split("/").pop() : `oneOf[${index}]`;
    return [{ message: `Request-body variant ${name} has no named example that matches it.` }];
  });
}
