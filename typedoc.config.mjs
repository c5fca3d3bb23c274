// TypeDoc builds the docs site into build/docs/ (`npm run docs`, scripts/docs.mjs): README.md is the
// landing page, the guides in docs/guides/ and the project's CHANGELOG, CONTRIBUTING and benchmark report
// are its documents, and the TypeScript reference has one module per public entry point. The HTTP
// reference (Redoc, built first into build/http/) is copied in because a guide links to it.
// Every export must carry a doc comment (notDocumented is an error), every link must resolve.
import { OptionDefaults } from "typedoc";
import { ENTRY_POINTS } from "./scripts/entry-points.mjs";

/** @type {Partial<import("typedoc").TypeDocOptions>} */
export default {
  name: "ns-api-jwt",
  entryPoints: ENTRY_POINTS.map((entry) => entry.source),
  tsconfig: "tsconfig.build-node.json",
  out: "build/docs",
  readme: "README.md",
  projectDocuments: ["docs/guides/*.md", "CHANGELOG.md", "CONTRIBUTING.md", "bench/README.md"],
  plugin: ["./scripts/typedoc-site.mjs"],
  excludePrivate: true,
  excludeInternal: true,
  // No external links or assets: the pages stand on their own, like the HTTP reference.
  githubPages: false,
  hideGenerator: true,
  sourceLinkTemplate: undefined,
  disableSources: true,
  validation: { notExported: false, invalidLink: true, invalidPath: true, notDocumented: true, rewrittenLink: true, unusedMergeModuleWith: true },
  // Every export, and every method and accessor of an exported class or interface. Properties are left out:
  // generated/ renders the spec's descriptions as @description tags, which TypeDoc does not read as a summary.
  requiredToBeDocumented: ["Enum", "Variable", "Function", "Class", "Interface", "TypeAlias", "Method", "Accessor"],
  // RateLimitError is a class made by a factory and typed by a cast: its constructor type has no place for
  // a comment of its own (the constant above it is documented).
  treatWarningsAsErrors: true,
  treatValidationWarningsAsErrors: true,
  // openapi-typescript writes the spec's descriptions as @description (and @constant, @enum) in generated/.
  blockTags: [...OptionDefaults.blockTags, "@description"],
  // No autolinks: "README.md" and "docs.ns-api.com" are names in the text, not links.
  markdownItOptions: { html: true, linkify: false },
  modifierTags: [...OptionDefaults.modifierTags, "@constant", "@enum"],
  // The guides show the clients generated in other languages.
  highlightLanguages: [...OptionDefaults.highlightLanguages, "go", "java", "php", "python"],
  navigation: { includeCategories: false, includeGroups: true },
  // The guides first in the sidebar, then the references; the project documents (changelog, …) after.
  groupOrder: ["Guides", "Reference", "Documents", "Modules", "*"],
};
