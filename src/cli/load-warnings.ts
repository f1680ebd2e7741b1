/** Print what a loader noticed (decimal commas, sorted rows, skipped rows) on stderr: the only place loader warnings reach the user. */
import { isRowError, skippedRowsWarning, withSkipHint, type SkippedRows } from "../load/series-checks.js";
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
