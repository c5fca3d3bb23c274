// Today's facade, from the main branch's sources (/work/main/src, or MAIN_SRC), to measure side by side
// with this tree's in one process. Undefined when those sources are not there.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

export async function loadMainNsAuth(): Promise<(new (options: Record<string, unknown>) => { useTokens(t: { token: string }): unknown; claims(): Promise<unknown> }) | undefined> {
  const dir = process.env.MAIN_SRC ?? "/work/main/src";
  const entry = join(dir, "index.ts");
  if (!existsSync(entry)) return undefined;
  return ((await import(pathToFileURL(entry).href)) as { NsAuth: never }).NsAuth;
}
