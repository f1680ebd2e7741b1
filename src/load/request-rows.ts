/**
 * The per-row work of the byte path of per-request CSV logs (src/load/request-log.ts), without
 * side effects, so that it can run on a worker thread: the whole lines of a batch of bytes ->
 * one row per line with the used cells parsed (label id, response time, time, success code, and
 * what the recording thread must look at itself). Recording stays with the reader, in line order.
 *
 *   batch bytes -> lines cut into fields as ByteRows cuts them (src/load/line-cut.ts: 16 bytes at a
 *   time; a CR before the LF dropped here)
 *   -> per line: kind, label id, latency, time, success -> the reader records them in order
 *
 * A line with a quote, or longer than the line limit, stops the batch there: from that line on
 * the reader hands the bytes to ByteRows, which gives the RFC 4180 reading or the error.
 */
import { maxLineLength } from "./line-limit.js";
import { fieldCount, lineCutter, linesPerCut } from "./line-cut.js";
import { parseDecimalBytes } from "./parse-cell.js";

/** Which fields a row needs (field indices; -1: none), as the reader's layout says. */
export interface RowColumns {
  /** The delimiter's byte. */
  d: number;
  /** Fields cut out of a line, and the field count checked for (as ByteRows.columns). */
  want: number;
  atLeast: number;
  /** A row with fewer fields than this goes to the general path. */
  needed: number;
  time: number;
  latency: number;
  success: number;
  label: number;
  message: number;
}

/** A row kind: parsed; a blank line; fewer fields than needed; a Transaction Controller sample (the last two go to the general path). */
export const ROW = 0;
export const BLANK = 1;
export const SHORT = 2;
export const TRANSACTION = 3;

/** Label id of a row without a label column; of a label not in the dictionary (decoded by the reader). */
export const NO_LABEL = -1;
export const LABEL_UNLISTED = -2;

/** The rows of one batch. */
export interface ParsedRows {
  /** Rows (= lines) before `stop`, or all of them (the arrays may be longer: entries from `rows` on are unused). */
  rows: number;
  /** The row at which the batch stopped (a quote or an over-long line), or -1; where its line starts. */
  stop: number;
  stopAt: number;
  /** Each row's bytes [lineStart, lineEnd) in the batch (CR and LF excluded). */
  lineStart: Int32Array;
  lineEnd: Int32Array;
  kind: Uint8Array;
  label: Int32Array;
  /** NaN where the cell is not a plain decimal. */
  latency: Float64Array;
  time: Float64Array;
  /** 1 success, 0 failure, -1 not a known flag (the reader decodes it); 1 without a success column. */
  ok: Int8Array;
  /** Labels added to the dictionary by this batch, in id order. */
  newLabels: string[];
}

/** Labels seen, by their bytes (the first `maxLabels`), each with an id in order of first sight. */
export class LabelDictionary {
  private readonly byHash = new Map<number, { bytes: Uint8Array; id: number }>();
  size = 0;
  constructor(private readonly maxLabels = 4096) {}

  /** The first few labels, compared byte for byte before any hashing (a log has few labels, usually). */
  private readonly first: Uint8Array[] = [];

  /** The label's id, or LABEL_UNLISTED; a new label's text goes to `added`. */
  id(buf: Uint8Array, s: number, e: number, added: string[]): number {
    const n = e - s;
    const first = this.first;
    for (let k = 0; k < first.length; k++) {
      const b = first[k];
      // labels often share a start ("GET /home", "GET /search"): the last byte tells most apart at once
      if (b.length !== n || (n > 0 && b[n - 1] !== buf[e - 1])) continue;
      let i = 0;
      while (i < n && b[i] === buf[s + i]) i++;
      if (i === n) return k;
    }
    let h = Math.imul(0x811c9dc5 ^ (e - s), 16777619);
    for (let i = s; i < e; i++) h = Math.imul(h ^ buf[i], 16777619);
    const hit = this.byHash.get(h);
    if (hit !== undefined) {
      const b = hit.bytes;
      if (b.length !== e - s) return LABEL_UNLISTED;
      for (let i = 0; i < b.length; i++) if (b[i] !== buf[s + i]) return LABEL_UNLISTED;
      return hit.id;
    }
    if (this.size >= this.maxLabels) return LABEL_UNLISTED;
    // a copy (a Buffer's slice is a view, and the batch's memory is reused)
    const bytes = Uint8Array.prototype.slice.call(buf, s, e);
    const id = this.size++;
    this.byHash.set(h, { bytes, id });
    if (id < 8) this.first.push(bytes);
    added.push(decoder.decode(bytes));
    return id;
  }
}
const decoder = new TextDecoder("utf-8");

const transactionPrefix = new TextEncoder().encode("Number of samples in transaction");

function startsWithTransaction(buf: Uint8Array, start: number, end: number): boolean {
  if (end - start < transactionPrefix.length) return false;
  for (let i = 0; i < transactionPrefix.length; i++) if (buf[start + i] !== transactionPrefix[i]) return false;
  return true;
}

/** successBytes of request-log.ts: 1 for `true` or an HTTP status < 400, 0 for `false` or one >= 400, -1 otherwise. */
export function successBytes(buf: Uint8Array, start: number, end: number): number {
  const n = end - start;
  if (n === 4 && buf[start] === 116 && buf[start + 1] === 114 && buf[start + 2] === 117 && buf[start + 3] === 101) return 1;
  if (n === 5 && buf[start] === 102 && buf[start + 1] === 97 && buf[start + 2] === 108 && buf[start + 3] === 115 && buf[start + 4] === 101) return 0;
  if (n === 3) {
    const a = buf[start] - 48,
      b = buf[start + 1] - 48,
      c = buf[start + 2] - 48;
    if (a >= 0 && a <= 9 && b >= 0 && b <= 9 && c >= 0 && c <= 9) return a * 100 + b * 10 + c < 400 ? 1 : 0;
  }
  return -1;
}

/** Bytes per line seen in the last batch parsed on this thread (sizes the next one's arrays). */
let bytesPerLine = 64;

/**
 * The lines of buf[start, end) (whole lines: `end` is just after an LF, or the end of the input
 * when `final`) as rows, in one pass over the lines (the arrays are sized from the last batch's
 * line length and grown if need be: entries from `rows` on are unused). Labels get ids from `labels`.
 * The lines are cut into fields by `lineCutter` (src/load/line-cut.ts: 16 bytes at a time), up to
 * `linesPerCut(want)` lines a call.
 */
export function parseRequestRows(buf: Uint8Array, start: number, end: number, final: boolean, c: RowColumns, labels: LabelDictionary): ParsedRows {
  let cap = Math.ceil((end - start) / bytesPerLine) + 16;
  let lineStart = new Int32Array(cap);
  let lineEnd = new Int32Array(cap);
  let kind = new Uint8Array(cap);
  let label = new Int32Array(cap);
  let latency = new Float64Array(cap);
  let time = new Float64Array(cap);
  let ok = new Int8Array(cap);
  const newLabels: string[] = [];
  const { d, want, atLeast, needed } = c;
  const stride = want + 3;
  let stop = -1;
  let quote = buf.indexOf(34, start);
  if (quote >= end) quote = -1;
  let pos = start;
  let row = 0;
  const cutter = lineCutter();
  cutter.load(buf, start, end, want);
  for (let more = true; more && stop < 0; ) {
    const lines = cutter.next(pos, d, want, atLeast, final);
    const records = cutter.records;
    more = lines === linesPerCut(want);
    if (row + lines > cap) {
      cap = Math.max(cap * 2, row + lines);
      lineStart = grown(lineStart, new Int32Array(cap));
      lineEnd = grown(lineEnd, new Int32Array(cap));
      kind = grown(kind, new Uint8Array(cap));
      label = grown(label, new Int32Array(cap));
      latency = grown(latency, new Float64Array(cap));
      time = grown(time, new Float64Array(cap));
      ok = grown(ok, new Int8Array(cap));
    }
    for (let j = 0, o = 0; j < lines; j++, o += stride) {
      const nl = records[o + 1];
      const cr = nl > pos && buf[nl - 1] === 13 ? 1 : 0;
      if (nl - pos - cr > maxLineLength || (quote >= 0 && quote < nl)) {
        stop = row;
        break;
      }
      const e = nl - cr;
      lineStart[row] = pos;
      lineEnd[row] = e;
      label[row] = NO_LABEL;
      ok[row] = 1;
      pos = nl + 1;
      if (e === lineStart[row]) {
        kind[row++] = BLANK;
        continue;
      }
      const delims = records[o + 2 + want];
      if (fieldCount(delims, want) < want || delims + 1 < needed) {
        kind[row++] = SHORT;
        continue;
      }
      // Field j starts after field j - 1's end (its delimiter) and ends at its own (a CR before the LF dropped).
      const line = lineStart[row];
      if (c.label >= 0) label[row] = labels.id(buf, fieldStart(records, o, c.label, line), Math.min(records[o + 2 + c.label], e), newLabels);
      if (c.message >= 0) {
        const m = fieldStart(records, o, c.message, line);
        if (buf[m] === 78 && startsWithTransaction(buf, m, Math.min(records[o + 2 + c.message], e))) {
          kind[row++] = TRANSACTION;
          continue;
        }
      }
      kind[row] = ROW;
      latency[row] = parseDecimalBytes(buf, fieldStart(records, o, c.latency, line), Math.min(records[o + 2 + c.latency], e));
      time[row] = parseDecimalBytes(buf, fieldStart(records, o, c.time, line), Math.min(records[o + 2 + c.time], e));
      if (c.success >= 0) ok[row] = successBytes(buf, fieldStart(records, o, c.success, line), Math.min(records[o + 2 + c.success], e));
      row++;
    }
  }
  if (row > 0 && stop < 0) bytesPerLine = Math.max(8, (end - start) / row);
  return { rows: row, stop, stopAt: pos, lineStart, lineEnd, kind, label, latency, time, ok, newLabels };
}

/** Where field j of the line starting at `line` starts, from its record at o (line-cut.ts). */
function fieldStart(records: Int32Array, o: number, j: number, line: number): number {
  return j === 0 ? line : records[o + 1 + j] + 1;
}

/** `to` holding `from` at its start. */
function grown<T extends Int32Array | Uint8Array | Int8Array | Float64Array>(from: T, to: T): T {
  to.set(from as never);
  return to;
}
