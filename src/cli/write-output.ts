/**
 * Safe output: write to a temporary file beside the target, then rename, so a
 * reader never sees half a file; refuse to write over an input; a missing
 * output folder is a clear error. A target that exists and is not a regular file is never
 * replaced: a character device (`/dev/null`, a terminal) or a FIFO the user named is written in
 * place, as any Unix tool writes it; a folder, block device or socket is refused. A symlink to a
 * file is followed: the file it names is replaced, not the link.
 */
import { randomBytes } from "node:crypto";
import { realpathSync, type Stats, statSync, unlinkSync } from "node:fs";
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

/** Temporary files being written now, with the promise of each write settling. */
const pending = new Map<string, Promise<void>>();
let interrupted = false;

/** Remove every temporary file still being written (synchronously). */
export function removePendingOutputs(): void {
  for (const tmp of pending.keys()) {
    try {
      unlinkSync(tmp);
    } catch {
      // already renamed or removed, or not created yet
    }
  }
}

/**
 * Ctrl-C: no output is renamed into place from now on; resolves once every write in flight has
 * settled and its temporary file is gone (a write whose open() is still in the thread pool
 * would otherwise create the file after a synchronous unlink).
 */
export async function interruptOutputs(): Promise<void> {
  interrupted = true;
  removePendingOutputs();
  await Promise.allSettled([...pending.values()]);
  removePendingOutputs();
}

/** Refuse an output path that names one of the inputs (by any path to the same file). */
export function assertNotInput(path: string, inputs: readonly string[]): void {
  for (const input of inputs) if (sameFile(path, input)) throw new UsageError(message.outputIsInput(path));
}

/**
 * Refuse two outputs of one command that name one file (by any path to it): one would silently
 * replace the other. `outputs` are [what names it (the flag), path] pairs; absent ones are skipped.
 */
export function assertDistinctOutputs(outputs: readonly (readonly [string, string | undefined])[]): void {
  const given = outputs.filter((o): o is readonly [string, string] => o[1] !== undefined);
  for (let i = 0; i < given.length; i++)
    for (let j = i + 1; j < given.length; j++)
      if (sameFile(given[i][1], given[j][1])) throw new UsageError(message.outputsCollide(given[i][0], given[j][0], given[j][1]));
}

/** What an existing non-regular file is, in words. */
function kindOf(info: Stats): string {
  if (info.isDirectory()) return "a folder";
  if (info.isBlockDevice()) return "a block device";
  if (info.isSocket()) return "a socket";
  return "not a regular file";
}

/**
 * Where and how `path` is written: renamed onto (the file a symlink names, or the path itself when
 * nothing is there yet), or written in place (a character device or FIFO, which a rename would
 * replace by a regular file).
 */
function outputTarget(path: string): { inPlace: true } | { inPlace: false; target: string } {
  let info: Stats;
  try {
    info = statSync(path);
  } catch {
    return { inPlace: false, target: path }; // nothing there yet (or a dangling symlink)
  }
  if (info.isCharacterDevice() || info.isFIFO()) return { inPlace: true };
  if (!info.isFile()) throw new UsageError(message.outputNotWritable(path, kindOf(info)));
  return { inPlace: false, target: realpathSync(path) };
}

/** Write `data` to `path` atomically. `inputs` are files this output must never replace. */
export async function writeOutput(path: string, data: string | Uint8Array, inputs: readonly string[] = []): Promise<void> {
  assertNotInput(path, inputs);
  const where = outputTarget(path);
  if (where.inPlace) {
    try {
      await writeFile(path, data, { flag: "w" });
    } catch (e) {
      throw new UsageError(message.cannotWrite(path, (e as Error).message));
    }
    return;
  }
  const target = where.target;
  const dir = dirname(resolve(target));
  let isDir = false;
  try {
    isDir = statSync(dir).isDirectory();
  } catch {
    isDir = false;
  }
  if (!isDir) throw new UsageError(message.noOutputFolder(path, dirname(path)));
  const tmp = join(dir, `.${basename(target)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
  const write = (async () => {
    try {
      // "wx": never follow or reuse an existing file at the temporary name.
      await writeFile(tmp, data, { flag: "wx" });
      if (interrupted) throw new Error("interrupted");
      await rename(tmp, target);
    } catch (e) {
      await unlink(tmp).catch(() => undefined);
      throw new UsageError(message.cannotWrite(path, (e as Error).message));
    }
  })();
  pending.set(
    tmp,
    write.catch(() => undefined),
  );
  try {
    await write;
  } finally {
    pending.delete(tmp);
  }
}
