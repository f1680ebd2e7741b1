/**
 * Safe output: write to a temporary file beside the target, then rename, so a
 * reader never sees half a file; refuse to write over an input; a missing
 * output folder is a clear error.
 */
import { randomBytes } from "node:crypto";
import { realpathSync, statSync, unlinkSync } from "node:fs";
import { rename, unlink, writeFile } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { UsageError } from "../errors.js";
import { message } from "../messages.js";

/** True when both paths name one file: the same path, a symlink to it, or a hard link (same device and inode). */
function sameFile(a: string, b: string): boolean {
  if (resolve(a) === resolve(b)) return true;
  try {
    if (realpathSync(a) === realpathSync(b)) return true;
    const sa = statSync(a);
    const sb = statSync(b);
    return sa.dev === sb.dev && sa.ino === sb.ino;
  } catch {
    return false; // one of them does not exist yet
  }
}

/** Temporary files being written now: the SIGINT handler (src/cli/main.ts) removes them before exiting. */
const pending = new Set<string>();

/** Remove every temporary file still being written (synchronously: called from a signal handler). */
export function removePendingOutputs(): void {
  for (const tmp of pending) {
    try {
      unlinkSync(tmp);
    } catch {
      // already renamed or removed
    }
  }
  pending.clear();
}

/** Refuse an output path that names one of the inputs (by any path to the same file). */
export function assertNotInput(path: string, inputs: readonly string[]): void {
  for (const input of inputs) if (sameFile(path, input)) throw new UsageError(message.outputIsInput(path));
}

/** Write `data` to `path` atomically. `inputs` are files this output must never replace. */
export async function writeOutput(path: string, data: string | Uint8Array, inputs: readonly string[] = []): Promise<void> {
  assertNotInput(path, inputs);
  const dir = dirname(resolve(path));
  let isDir = false;
  try {
    isDir = statSync(dir).isDirectory();
  } catch {
    isDir = false;
  }
  if (!isDir) throw new UsageError(message.noOutputFolder(path, dirname(path)));
  const tmp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
  pending.add(tmp);
  try {
    // "wx": never follow or reuse an existing file at the temporary name.
    await writeFile(tmp, data, { flag: "wx" });
    await rename(tmp, path);
  } catch (e) {
    await unlink(tmp).catch(() => undefined);
    throw new UsageError(message.cannotWrite(path, (e as Error).message));
  } finally {
    pending.delete(tmp);
  }
}
