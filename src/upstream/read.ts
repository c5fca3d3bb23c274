// Reads an export or our spec from a file: JSON or YAML, with or without a UTF-8 byte order mark.
import { readFileSync } from "node:fs";
import { parse as parseYaml } from "yaml";
import { BadInput } from "./shape.js";

const oneLine = (text: string) => text.replace(/\s+/g, " ").trim();

export function readDocument(file: string): unknown {
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
  try {
    // Aliases capped: a "billion laughs" document is bad input, not an hour of work.
    return parseYaml(text, { maxAliasCount: 1000, prettyErrors: false }) as unknown;
  } catch (error) {
    const message = oneLine(String((error as Error).message)).slice(0, 200);
    throw new BadInput(`${file} is neither JSON nor valid YAML: ${message}`);
  }
}
