import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The folder of the nearest package.json at or above a module's own folder: chp's root whether
 * the module runs from src/ (through tsx), from dist/ (the build, or an installed copy) or from
 * the compiled tests' copy (.test-build/src/).
 */
export function packageRoot(moduleUrl: string): string {
  const start = dirname(fileURLToPath(moduleUrl));
  for (let dir = start; ; ) {
    if (existsSync(join(dir, "package.json"))) return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error(`no package.json at or above ${start}`);
    dir = up;
  }
}
