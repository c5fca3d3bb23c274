// Follows a local "#/a/b" reference inside the unresolved document, so rules can see names as written.
export function resolveLocalRef(document, node) {
  let current = node;
  for (let hops = 0; current && typeof current.$ref === "string" && hops < 16; hops++) {
    if (!current.$ref.startsWith("#/")) return undefined;
    current = current.$ref
      .slice(2)
      .split("/")
      .map((part) => part.replace(/~1/g, "/").replace(/~0/g, "~"))
      .reduce((value, key) => (value == null ? undefined : value[key]), document);
  }
  return current;
}
