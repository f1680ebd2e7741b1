/**
 * Bad-input handling shared by the loaders: the rows `--skip-bad-rows`
 * skipped, decimal commas of European spreadsheet exports, and putting a time
 * series in time order. Pure: warnings are returned as text, never printed.
 *
 *   row -> DataError? -> BadRows.add (count, first line and reason) or rethrow
 *   cell "12,5" with ";" between fields -> 12.5 (and one warning)
 *   columns -> out of order? -> stable sort by time (and one warning); duplicates -> a warning
 */
import { DataError, formatLocated } from "../errors.js";
import { reliabilityMessage as rm } from "../messages.js";
import { epochUnitOf, type EpochUnit } from "./parse-cell.js";

/** What `--skip-bad-rows` skipped: how many rows, and the first one's line and reason. */
export interface SkippedRows {
  count: number;
  /** The first skipped row; `file` when several files were read. */
  first: { line: number; reason: string; file?: string } | null;
}

/** Collects skipped rows; `add` returns false when the error is not one a row can be skipped for. */
export class BadRows {
  count = 0;
  first: { line: number; reason: string } | null = null;

  /** Record a DataError thrown for the row at `line`; anything else is not skippable. */
  add(error: unknown, line: number): boolean {
    if (!(error instanceof DataError)) return false;
    this.count++;
    if (this.first === null) this.first = { line: error.location.line ?? line, reason: reasonOf(error) };
    return true;
  }

  result(): SkippedRows {
    return { count: this.count, first: this.first };
  }
}

/** The message of a DataError without its file and line (keeping the column). */
export function reasonOf(error: DataError): string {
  return formatLocated(error.reason, { column: error.location.column });
}

const rowErrors = new WeakSet<object>();

/** Mark an error as one about a single row (one that skipBadRows would have skipped); returns it. */
export function markRowError<E>(error: E): E {
  if (error instanceof DataError) rowErrors.add(error);
  return error;
}

/** True for an error about a single row, which skipBadRows would have skipped. */
export function isRowError(error: unknown): boolean {
  return error instanceof DataError && rowErrors.has(error);
}

/** A row's DataError with the hint to skip such rows added (when it does not already say so); anything else unchanged. */
export function withSkipHint(error: unknown): unknown {
  if (!(error instanceof DataError) || error.reason.includes("--skip-bad-rows")) return error;
  return new DataError(`${error.reason}; ${rm.skipHint()}`, error.location);
}

/** The stderr line for skipped rows, or null when none were skipped. */
export function skippedRowsWarning(skipped: SkippedRows | undefined, file: string): string | null {
  if (!skipped || skipped.count === 0 || skipped.first === null) return null;
  return rm.skippedRows(skipped.count, skipped.first.file ?? file, skipped.first.line, skipped.first.reason);
}

/** The skipped rows of several files read as one: counts add up, the first file's first row is named. */
export function addSkipped(total: SkippedRows | undefined, more: SkippedRows | undefined, file: string): SkippedRows | undefined {
  if (!more) return total;
  const sum: SkippedRows = total ?? { count: 0, first: null };
  return { count: sum.count + more.count, first: sum.first ?? (more.first && { ...more.first, file }) };
}

const decimalCommaCell = /^\s*[+-]?(?:\d+,\d*|,\d+)(?:[eE][+-]?\d+)?\s*$/;

/**
 * Where text decoded from bytes stops looking like text: the first NUL, or the start when more
 * than 1 in 16 of the first 4,096 characters are control characters or undecodable bytes
 * (U+FFFD). -1 for text.
 */
export function binaryOffset(text: string): number {
  const nul = text.indexOf("\u0000");
  if (nul >= 0) return nul;
  const n = Math.min(text.length, 4096);
  let odd = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if ((c < 32 && c !== 9 && c !== 10 && c !== 13 && c !== 12) || c === 0xfffd || c === 127) odd++;
  }
  return n > 0 && odd * 16 > n ? 0 : -1;
}

const formatName = (u: EpochUnit | "iso" | undefined) => (u === "iso" || u === undefined ? "ISO 8601" : u === "s" ? "epoch seconds" : `epoch ${u}`);

/**
 * A timestamp cell in another format than its column's (decided by the first timestamp): ISO 8601
 * among numbers, numbers among ISO, or a number whose magnitude says another epoch unit (seconds
 * among milliseconds). Returns both format names, or null when the cell fits.
 */
export function timeFormatMismatch(
  cell: string,
  parsedUnit: EpochUnit | undefined,
  column: EpochUnit | "iso" | undefined,
): { found: string; expected: string } | null {
  if (column === undefined) return null;
  let found: EpochUnit | "iso" = parsedUnit ?? "iso";
  if (parsedUnit !== undefined && column !== "iso") found = epochUnitOf(Number(cell.trim()));
  return found === column ? null : { found: formatName(found), expected: formatName(column) };
}

/** A decimal-comma number ("12,5" -> 12.5), or NaN when the cell is not one. Only meaningful when fields are separated by ";" or tabs. */
export function decimalCommaValue(cell: string): number {
  if (!decimalCommaCell.test(cell)) return NaN;
  return Number(cell.trim().replace(",", "."));
}

/** Tracks time order while rows arrive: how many rows are earlier than a row before them, and the first one's line. */
export class TimeOrder {
  private max = -Infinity;
  outOfOrder = 0;
  firstLine = 0;

  add(t: number, line: number): void {
    if (Number.isNaN(t)) return;
    if (t < this.max) {
      if (this.outOfOrder++ === 0) this.firstLine = line;
    } else this.max = t;
  }
}

/** A time (epoch seconds or an offset) as people read it in a warning. */
function showTime(t: number): string {
  if (t > 1e8 && t < 1e11) return `${t} (${new Date(t * 1000).toISOString()})`;
  return String(t);
}

/**
 * Put aligned columns in time order (a stable sort: rows with the same time keep
 * their file order; rows without a time go last). Returns new arrays, the
 * inputs are not changed, and the warnings to show. `order` says whether the rows were out of order.
 */
export function sortByTime(
  time: Float64Array,
  columns: readonly Float64Array[],
  order: TimeOrder,
): { time: Float64Array; columns: Float64Array[]; warnings: string[] } {
  const warnings: string[] = [];
  let t = time;
  let cols = [...columns];
  if (order.outOfOrder > 0) {
    warnings.push(rm.outOfOrder(order.outOfOrder, order.firstLine));
    const idx = Array.from({ length: time.length }, (_, i) => i);
    const key = (i: number) => (Number.isNaN(time[i]) ? Infinity : time[i]);
    idx.sort((a, b) => key(a) - key(b) || a - b);
    const pick = (src: Float64Array) => Float64Array.from(idx, (i) => src[i]);
    t = pick(time);
    cols = columns.map(pick);
  }
  let dup = 0;
  let example = NaN;
  for (let i = 1; i < t.length; i++) {
    if (t[i] === t[i - 1]) {
      if (dup++ === 0) example = t[i];
    }
  }
  if (dup > 0) warnings.push(rm.duplicateTimes(dup, showTime(example)));
  return { time: t, columns: cols, warnings };
}
