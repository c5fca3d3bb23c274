// Reads an export or our spec from a file: JSON or YAML, with or without a UTF-8 byte order mark.
// YAML needs the `yaml` package, an optional peer dependency: the package ships its spec as JSON and
// NetSapiens exports are JSON, so installing ns-api-jwt does not bring a YAML parser (~260 kB) for them.
import { readFileSync } from "node:fs";
import { BadInput } from "./shape.js";

async function yamlParser(file: string): Promise<(text: string, options: object) => unknown> {
  try {
    return (await import("yaml")).parse;
  } catch {
    throw new BadInput(`${file} is YAML, which needs the optional \`yaml\` package (npm install yaml), or give the export as JSON`);
  }
}

const oneLine = (text: string) => text.replace(/\s+/g, " ").trim();

export async function readDocument(file: string): Promise<unknown> {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    throw new BadInput(`cannot read ${file}: ${code ?? oneLine(String(message))}`);
  }
  // A BOM is not part of the text (Windows editors and some exporters write one).
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim() === "") throw new BadInput(`${file} is empty`);
  // JSON first, for JSON's own error messages; YAML (a superset of JSON) otherwise.
  const json = /^\s*[{[]/.test(text);
  if (json) {
    try {
      return JSON.parse(text) as unknown;
    } catch (error) {
      throw new BadInput(`${file} is not valid JSON: ${oneLine(String((error as Error).message))}`);
    }
  }
  const parseYaml = await yamlParser(file);
  try {
    // Aliases capped: a "billion laughs" document is bad input, not an hour of work.
    return parseYaml(text, { maxAliasCount: 1000, prettyErrors: false }) as unknown;
  } catch (error) {
    const message = oneLine(String((error as Error).message)).slice(0, 200);
    throw new BadInput(`${file} is neither JSON nor valid YAML: ${message}`);
  }
}
