/** Print what a loader noticed (decimal commas, sorted rows, skipped rows) on stderr, and a progress bar for large inputs on a terminal. */
import { isRowError, skippedRowsWarning, withSkipHint, type SkippedRows } from "../load/series-checks.js";
import type { LoadOptions } from "../load/formats/types.js";
import type { Io } from "./io.js";

export function printLoadWarnings(io: Io, loaded: { file: string; warnings?: readonly string[]; skipped?: SkippedRows }): void {
  for (const w of loaded.warnings ?? []) io.stderr(`chp: ${loaded.file}: ${w}\n`);
  const skipped = skippedRowsWarning(loaded.skipped, loaded.file);
  if (skipped) io.stderr(`chp: ${skipped}\n`);
}

/** Rethrow a loader's error; a row's DataError (one with a line) gains the hint to use --skip-bad-rows. */
export function rethrowWithSkipHint(error: unknown): never {
  if (isRowError(error)) throw withSkipHint(error);
  throw error;
}

/** Inputs smaller than this read without a progress bar. */
const progressFrom = 64 << 20;

/** A percentage on stderr while a large input is read, when stderr is a terminal. */
export function progressOption(io: Io): Pick<LoadOptions, "onProgress"> {
  if (!process.stderr.isTTY) return {};
  let last = -1;
  return {
    onProgress(file, bytes, size) {
      if (size < progressFrom) return;
      const pct = Math.min(100, Math.floor((bytes / size) * 100));
      if (pct !== last) {
        last = pct;
        io.stderr(`\rreading ${file}: ${pct}%${pct === 100 ? "\n" : ""}`);
      }
    },
  };
}
