// TypeDoc: the HTML reference of the TypeScript API, one module per public entry point, built by
// `npm run docs` into build/docs/api/. Every export must carry a doc comment (notDocumented is an error).
import { OptionDefaults } from "typedoc";
import { ENTRY_POINTS } from "./scripts/entry-points.mjs";

/** @type {Partial<import("typedoc").TypeDocOptions>} */
export default {
  name: "ns-api-jwt",
  entryPoints: ENTRY_POINTS.map((entry) => entry.source),
  tsconfig: "tsconfig.build-node.json",
  out: "build/docs/api",
  readme: "none",
  excludePrivate: true,
  excludeInternal: true,
  // No external links or assets: the pages stand on their own, like the HTTP reference.
  githubPages: false,
  hideGenerator: true,
  sourceLinkTemplate: undefined,
  disableSources: true,
  validation: { notExported: false, invalidLink: true, notDocumented: true, rewrittenLink: true, unusedMergeModuleWith: true },
  // Every export, and every method and accessor of an exported class or interface. Properties are left out:
  // generated/ renders the spec's descriptions as @description tags, which TypeDoc does not read as a summary.
  requiredToBeDocumented: ["Enum", "Variable", "Function", "Class", "Interface", "TypeAlias", "Method", "Accessor"],
  // RateLimitError is a class made by a factory and typed by a cast: its constructor type has no place for
  // a comment of its own (the constant above it is documented).
  intentionallyNotDocumented: ["ns-api-jwt.RateLimitError.__type"],
  treatWarningsAsErrors: true,
  treatValidationWarningsAsErrors: true,
  // openapi-typescript writes the spec's descriptions as @description (and @constant, @enum) in generated/.
  blockTags: [...OptionDefaults.blockTags, "@description"],
  modifierTags: [...OptionDefaults.modifierTags, "@constant", "@enum"],
  navigation: { includeCategories: false, includeGroups: true },
};
