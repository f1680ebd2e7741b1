/** Temporary files for tests, removed when the process exits. */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

let dir: string | undefined;

export function tmpDir(): string {
  if (!dir) {
    dir = mkdtempSync(join(tmpdir(), "chp-test-"));
    const d = dir;
    process.on("exit", () => rmSync(d, { recursive: true, force: true }));
  }
  return dir;
}

/** Write `text` to a new file in the test's temporary folder and return its path. */
export function tmpFile(name: string, text: string | Uint8Array): string {
  const path = join(tmpDir(), name);
  writeFileSync(path, text);
  return path;
}
