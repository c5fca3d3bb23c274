// Every example in the spec validates against the schema it illustrates.
import { describe, expect, it } from "@jest/globals";
import { validateAgainst, validateInline } from "./support/spec-validator.js";
import { spec } from "./support/spec.js";

type Case = [where: string, schema: unknown, value: unknown];

function collectExamples(): Case[] {
  const cases: Case[] = [];
  for (const [name, schema] of Object.entries<{ examples?: unknown[] }>(spec.components.schemas)) {
    (schema.examples ?? []).forEach((value, i) => cases.push([`schemas.${name}.examples[${i}]`, { $ref: `#/components/schemas/${name}` }, value]));
  }
  const visitMedia = (where: string, media: { schema?: unknown; example?: unknown; examples?: Record<string, { value: unknown }> }) => {
    if (media.example !== undefined) cases.push([`${where}.example`, media.schema, media.example]);
    for (const [name, example] of Object.entries(media.examples ?? {})) cases.push([`${where}.examples.${name}`, media.schema, example.value]);
  };
  for (const [name, response] of Object.entries<{ content?: Record<string, never> }>(spec.components.responses)) {
    for (const [type, media] of Object.entries(response.content ?? {})) visitMedia(`responses.${name}.${type}`, media);
  }
  for (const [name, parameter] of Object.entries<{ schema: unknown; example?: unknown }>(spec.components.parameters)) {
    if (parameter.example !== undefined) cases.push([`parameters.${name}.example`, parameter.schema, parameter.example]);
  }
  for (const [path, item] of Object.entries<Record<string, any>>(spec.paths)) {
    for (const [method, op] of Object.entries<any>(item)) {
      if (method === "parameters") continue;
      for (const [type, media] of Object.entries<any>(op.requestBody?.content ?? {})) visitMedia(`${method} ${path} body ${type}`, media);
      for (const [status, response] of Object.entries<any>(op.responses)) {
        for (const [type, media] of Object.entries<any>(response.content ?? {})) visitMedia(`${method} ${path} ${status} ${type}`, media);
      }
      for (const parameter of op.parameters ?? []) {
        for (const [name, example] of Object.entries<any>(parameter.examples ?? {})) {
          cases.push([`${method} ${path} parameter ${parameter.name} ${name}`, parameter.schema, example.value]);
        }
      }
    }
  }
  return cases;
}

const cases = collectExamples();

describe("spec examples", () => {
  it("covers every example kind", () => {
    expect(cases.length).toBeGreaterThan(20);
  });

  it.each(cases)("%s validates against its schema", (_where, schema, value) => {
    expect(validateInline(schema, value)).toEqual([]);
  });

  it("each named POST /jwt example matches exactly one grant", () => {
    const examples = spec.paths["/jwt"].post.requestBody.content["application/json"].examples;
    const grants = ["PasswordGrant", "MfaGrant", "RefreshGrant", "DelegationGrant"];
    const matched = Object.fromEntries(
      Object.entries<any>(examples).map(([name, ex]) => [
        name,
        grants.filter((grant) => validateAgainst(`#/components/schemas/${grant}`, ex.value).length === 0),
      ]),
    );
    expect(matched).toEqual({
      password: ["PasswordGrant"],
      mfa: ["MfaGrant"],
      refresh: ["RefreshGrant"],
      delegation: ["DelegationGrant"],
    });
  });

  it("the validator itself rejects a broken example", () => {
    expect(validateAgainst("#/components/schemas/MfaGrant", { grant_type: "mfa", passcode: "12" })).not.toEqual([]);
    expect(validateAgainst("#/components/schemas/TokenPair", { refresh: "a.b.c" })).not.toEqual([]);
  });

  it("admits both token responses: with and without a refresh JWT", () => {
    expect(validateAgainst("#/components/schemas/TokenPair", { token: "a.b.c" })).toEqual([]);
    expect(validateAgainst("#/components/schemas/TokenPair", { token: "a.b.c", refresh: "d.e.f" })).toEqual([]);
  });
});
