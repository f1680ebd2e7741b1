/** A module of the built library (dist/, `npm run build`) by its path under dist/: the same file whether a test runs through tsx or compiled (`npm test`). */
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";

export function builtModule<T>(path: string): Promise<T> {
  return import(pathToFileURL(resolve("dist", path)).href) as Promise<T>;
}
