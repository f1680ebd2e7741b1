/**
 * Safe output: write to a temporary file beside the target, then rename, so a
 * reader never sees half a file; refuse to write over an input; a missing
 * output folder is a clear error.
 */
import { randomBytes } from "node:crypto";
import { realpathSync, statSync } from "node:fs";
import { rename, unlink, writeFile } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { UsageError } from "../errors.js";
import { message } from "../messages.js";

function sameFile(a: string, b: string): boolean {
  try {
    return realpathSync(a) === realpathSync(b);
  } catch {
    return resolve(a) === resolve(b);
  }
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
  try {
    await writeFile(tmp, data);
    await rename(tmp, path);
  } catch (e) {
    await unlink(tmp).catch(() => undefined);
    throw new UsageError(message.cannotWrite(path, (e as Error).message));
  }
}
