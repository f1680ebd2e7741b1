/**
 * The project's own error types. Library code throws these; only the CLI layer
 * turns them into a message on stderr and an exit code.
 *
 * - `UsageError`: the caller asked for something that cannot be done as asked
 *   (an unknown flag, a missing argument, an unknown column name). Exit code 2.
 * - `DataError`: the input itself is wrong (missing file, no header, a cell that
 *   is not a number). Carries the file and, where known, the line and column.
 *   Exit code 3.
 */

/** Where in an input a problem was found. Lines and columns count from 1. */
export interface Location {
  file?: string;
  line?: number;
  column?: string | number;
}

export class ChpError extends Error {
  override readonly name: string = "ChpError";
  readonly exitCode: number = 1;
}

export class UsageError extends ChpError {
  override readonly name = "UsageError";
  override readonly exitCode = 2;
}

export class DataError extends ChpError {
  override readonly name = "DataError";
  override readonly exitCode = 3;
  readonly location: Location;
  /** The message without the location prefix. */
  readonly reason: string;

  constructor(message: string, location: Location = {}) {
    super(formatLocated(message, location));
    this.location = location;
    this.reason = message;
  }
}

/** "file:line: column "x": message" — the form every data error takes. */
export function formatLocated(message: string, { file, line, column }: Location): string {
  let where = file ?? "";
  if (line !== undefined) where += `${where ? ":" : "line "}${line}`;
  if (column !== undefined) {
    // A column name from a file is cut to 100 characters: a message never echoes a whole huge header cell.
    const col = typeof column === "number" ? `column ${column}` : `column "${column.length > 100 ? column.slice(0, 100) + "..." : column}"`;
    where += where ? `: ${col}` : col;
  }
  return where ? `${where}: ${message}` : message;
}
