/**
 * A fast path for plain numeric time-series CSVs: ~3x the general
 * reader's speed on a million rows, the same result bit for bit.
 *
 *   the header and first data row -> the general reader (header, column choice,
 *   units, time unit, warnings: everything but the rows)
 *   -> every byte of the file, scanned once: comma-separated fields, LF lines;
 *      the three used cells parsed as plain decimals ("348.58", "1714521600")
 *   -> anything unusual -> null: the caller runs the general reader, whose
 *      results and error messages then stand
 *
 * "Unusual" is anything the general reader could treat differently from the
 * plain case: gzip, a BOM, any byte outside printable ASCII but LF (CR, tab,
 * UTF-8), a quote, a delimiter other than the comma, a blank line, a row with
 * another number of fields, a used cell that is empty, signed, has an exponent,
 * more than 15 significant digits or other characters, an ISO time column, and
 * times that do not strictly increase (the general reader sorts or warns).
 *
 * The file is read whole (it becomes three Float64Arrays of about its size anyway); from
 * `parallelBytes` on, a worker thread parses the second half of the lines while this thread
 * parses the first, both into the same exactly sized columns in shared memory (each thread
 * counts its lines first), so the halves need no joining.
 *
 * A plain decimal with at most 15 significant digits and 22 fraction digits is
 * an integer m < 2^53 over 10^f <= 10^22, both exact doubles, so m / 10^f is
 * correctly rounded: exactly `Number(cell)` (Clinger's fast path).
 */
import { open } from "node:fs/promises";
import { Readable } from "node:stream";
import { Worker } from "node:worker_threads";
import { epochScale, maxDateSeconds, type EpochUnit } from "./parse-cell.js";
import type { TimeSeries, TimeSeriesOptions } from "./time-series-types.js";

/** The general reader, passed in by the caller (no import cycle). */
export type GeneralReader = (source: AsyncIterable<Buffer | string>, file: string, options: TimeSeriesOptions) => Promise<TimeSeries>;

const pow10: number[] = Array.from({ length: 23 }, (_, i) => Number(`1e${i}`));

const COMMA = 44;
const LF = 10;
const DOT = 46;

/** The general reader on the first two lines, or null when the file does not start like a plain numeric CSV. */
async function metadata(head: Buffer, whole: boolean, file: string, options: TimeSeriesOptions, general: GeneralReader) {
  let nl = head.indexOf(LF);
  if (nl < 0) return null;
  nl = head.indexOf(LF, nl + 1);
  if (nl < 0 && whole && head.length > 0 && head[head.length - 1] !== LF) nl = head.length - 1; // the file ends after one row
  if (nl < 0) return null;
  for (let i = 0; i <= nl; i++) if ((head[i] < 32 && head[i] !== LF) || head[i] > 126) return null;
  try {
    return await general(Readable.from([head.subarray(0, nl + 1).toString("utf8")]), file, options);
  } catch {
    return null;
  }
}

/** From this many bytes on, the second half of the lines is parsed on a worker thread (~30 ms to start). */
export const parallelBytes = 4 << 20;

/** Larger files are left to the general (streaming) reader. */
const maxWholeBytes = 1 << 30;

/** Where the used cells are in a line, and the time column's scale to seconds. */
export interface PlainLayout {
  /** Field index of the time, throughput and response columns (-1: no time column). */
  ti: number;
  xi: number;
  yi: number;
  /** Fields per line. */
  fields: number;
  scale: number;
}

/** Parsed lines: `time` is null without a time column. */
export interface PlainRows {
  time: Float64Array | null;
  throughput: Float64Array;
  response: Float64Array;
  /** The first and last time in seconds (±Infinity without a time column or rows). */
  firstTime: number;
  lastTime: number;
}

/** The number of lines in bytes[start, end): LFs, plus one for a last line without one. */
export function countLines(bytes: Uint8Array, start: number, end: number): number {
  let n = 0;
  for (let i = start; i < end; i++) if (bytes[i] === LF) n++;
  if (end > start && bytes[end - 1] !== LF) n++;
  return n;
}

/** Columns to parse into, from row `at` on (e.g. shared with the thread that parses the other half). */
export interface PlainColumns {
  time: Float64Array | null;
  throughput: Float64Array;
  response: Float64Array;
  at: number;
}

/**
 * Parse the lines of bytes[start, end) (whole lines: `end` is just after an LF or the end of
 * the file) into columns of exactly `lines` rows; null when some line is not plain (see the top
 * of this file) or the times do not strictly increase.
 */
export function parsePlainLines(bytes: Uint8Array, start: number, end: number, lines: number, layout: PlainLayout, into?: PlainColumns): PlainRows | null {
  const { ti, xi, yi, fields, scale } = layout;
  const at = into?.at ?? 0;
  const t = ti < 0 ? null : into?.time ? into.time.subarray(at, at + lines) : new Float64Array(lines);
  const x = into ? into.throughput.subarray(at, at + lines) : new Float64Array(lines);
  const y = into ? into.response.subarray(at, at + lines) : new Float64Array(lines);
  let firstTime = Infinity;
  let lastTime = -Infinity;
  let row = 0;
  let i = start;
  while (i < end) {
    if (row === lines) return null;
    let field = 0;
    let tv = NaN;
    let xv = NaN;
    let yv = NaN;
    // One line.
    for (;;) {
      const used = field === ti || field === xi || field === yi;
      let c = i < end ? bytes[i] : LF;
      if (used) {
        let m = 0;
        let seen = 0;
        let digits = 0;
        let frac = -1;
        for (;;) {
          if (c >= 48 && c <= 57) {
            seen++;
            if (m !== 0 || c !== 48) digits++;
            m = m * 10 + (c - 48);
            if (frac >= 0) frac++;
          } else if (c === DOT && frac < 0) frac = 0;
          else break;
          c = ++i < end ? bytes[i] : LF;
        }
        if (c !== COMMA && c !== LF) return null;
        // (no digit: an empty cell or "." alone)
        if (seen === 0 || digits > 15 || frac > 22) return null;
        const value = frac > 0 ? m / pow10[frac] : m;
        if (field === ti) tv = value;
        else if (field === xi) xv = value;
        else yv = value;
      } else {
        while (c !== COMMA && c !== LF) {
          if (c < 32 || c > 126 || c === 34) return null;
          c = ++i < end ? bytes[i] : LF;
        }
      }
      field++;
      i++;
      if (c === LF) break;
    }
    if (field !== fields || Number.isNaN(xv) || Number.isNaN(yv) || (ti >= 0 && Number.isNaN(tv))) return null;
    if (t !== null) {
      const seconds = tv * scale;
      // Times beyond what a Date holds: the general reader names the row.
      if (!(seconds > lastTime) || seconds > maxDateSeconds) return null;
      if (row === 0) firstTime = seconds;
      lastTime = seconds;
      t[row] = seconds;
    }
    x[row] = xv;
    y[row] = yv;
    row++;
  }
  if (row !== lines) return null;
  return { time: t, throughput: x, response: y, firstTime, lastTime };
}

/** What the worker posts: its line count, then its parse (null: not plain). */
export type WorkerReply = { lines: number } | { rows: { firstTime: number; lastTime: number } | null };

/**
 * The second half of the lines on a worker thread: it counts its lines (while this thread counts
 * the first half's), then parses them into the shared columns from row `at`.
 * `count` is undefined and `parse` resolves to undefined when the worker could not run (the
 * caller then does its part itself).
 */
class HalfOnWorker {
  private worker: Worker | null = null;
  private replies: ((r: WorkerReply | undefined) => void)[] = [];
  readonly count: Promise<number | undefined>;

  constructor(shared: SharedArrayBuffer, start: number, end: number, layout: PlainLayout) {
    const next = () => new Promise<WorkerReply | undefined>((resolve) => this.replies.push(resolve));
    const first = next();
    try {
      this.worker = new Worker(new URL("./fast-numeric-worker.js", import.meta.url), { workerData: { shared, start, end, layout } });
      const fail = () => {
        this.worker = null;
        for (const r of this.replies.splice(0)) r(undefined);
      };
      this.worker.on("message", (m: WorkerReply) => this.replies.shift()?.(m));
      this.worker.once("error", fail);
      this.worker.once("exit", fail);
    } catch {
      this.replies.shift()?.(undefined);
    }
    this.count = first.then((r) => (r !== undefined && "lines" in r ? r.lines : undefined));
  }

  /** Parse into the columns (undefined: the worker is gone; null: not plain). */
  parse(columns: PlainColumns): Promise<{ firstTime: number; lastTime: number } | null | undefined> {
    if (this.worker === null) return Promise.resolve(undefined);
    const reply = new Promise<WorkerReply | undefined>((resolve) => this.replies.push(resolve));
    this.worker.postMessage({
      time: columns.time?.buffer ?? null,
      throughput: columns.throughput.buffer,
      response: columns.response.buffer,
      at: columns.at,
    });
    return reply.then((r) => (r !== undefined && "rows" in r ? r.rows : undefined));
  }

  close(): void {
    this.worker?.removeAllListeners("exit");
    void this.worker?.terminate();
    this.worker = null;
  }
}

/** A Float64Array of n values in memory both threads see. */
function sharedColumn(n: number): Float64Array {
  return new Float64Array(new SharedArrayBuffer(n * Float64Array.BYTES_PER_ELEMENT));
}

/**
 * Both halves parsed at once into one set of exactly sized columns: this thread the lines of
 * [first, cut), the worker those of [cut, size); null when a line is not plain or the times do
 * not increase across the cut.
 */
async function parseTwoHalves(bytes: Buffer, first: number, cut: number, size: number, layout: PlainLayout): Promise<PlainRows | null> {
  const half = new HalfOnWorker(bytes.buffer as SharedArrayBuffer, cut, size, layout);
  try {
    const before = countLines(bytes, first, cut);
    const after = (await half.count) ?? countLines(bytes, cut, size);
    const n = before + after;
    const columns: PlainColumns = { time: layout.ti >= 0 ? sharedColumn(n) : null, throughput: sharedColumn(n), response: sharedColumn(n), at: before };
    const second = half.parse(columns);
    const a = parsePlainLines(bytes, first, cut, before, layout, { ...columns, at: 0 });
    let b: { firstTime: number; lastTime: number } | null | undefined = await second;
    if (b === undefined) b = a === null ? null : parsePlainLines(bytes, cut, size, after, layout, columns);
    if (a === null || b === null) return null;
    if (columns.time !== null && before > 0 && after > 0 && !(b.firstTime > a.lastTime)) return null;
    return {
      time: columns.time,
      throughput: columns.throughput,
      response: columns.response,
      firstTime: before > 0 ? a.firstTime : b.firstTime,
      lastTime: after > 0 ? b.lastTime : a.lastTime,
    };
  } finally {
    half.close();
  }
}

/**
 * Read `file` by the fast path; null when it is not a plain numeric CSV (the
 * caller then reads it with the general reader). Never throws for bad input.
 */
export async function readPlainNumericCsv(file: string, options: TimeSeriesOptions, general: GeneralReader): Promise<TimeSeries | null> {
  let fh;
  try {
    fh = await open(file, "r");
  } catch {
    return null;
  }
  try {
    const stat = await fh.stat();
    if (!stat.isFile() || stat.size < 4 || stat.size > maxWholeBytes) return null;
    const size = stat.size;
    const parallel = size >= parallelBytes;
    const bytes = parallel ? Buffer.from(new SharedArrayBuffer(size)) : Buffer.allocUnsafe(size);
    let got = 0;
    while (got < size) {
      const { bytesRead } = await fh.read(bytes, got, size - got, got);
      if (bytesRead === 0) return null; // the file shrank while being read
      got += bytesRead;
    }
    if (bytes[0] === 0x1f || bytes[0] === 0xef) return null; // gzip, BOM
    const head = bytes.subarray(0, Math.min(size, 1 << 20));
    const meta = await metadata(head, size <= 1 << 20, file, options, general);
    if (meta === null || meta.delimiter !== "," || (meta.warnings?.length ?? 0) > 0 || (meta.skipped?.count ?? 0) > 0) return null;
    const timeUnit = meta.units.time;
    if (meta.columns.time !== undefined && (timeUnit === undefined || timeUnit === "iso")) return null;
    const at = (name: string | undefined) => (name === undefined ? -1 : meta.header.indexOf(name));
    const ti = at(meta.columns.time);
    const xi = at(meta.columns.throughput);
    const yi = at(meta.columns.response);
    for (const [i, name] of [
      [ti, meta.columns.time],
      [xi, meta.columns.throughput],
      [yi, meta.columns.response],
    ] as const) {
      if (name !== undefined && meta.header.lastIndexOf(name) !== i) return null;
    }
    const scale = ti >= 0 ? epochScale[timeUnit as EpochUnit] : 1;
    if (scale === undefined) return null;
    const layout: PlainLayout = { ti, xi, yi, fields: meta.header.length, scale };

    const first = bytes.indexOf(LF) + 1;
    let rows: PlainRows | null;
    const cut = parallel ? bytes.indexOf(LF, first + Math.floor((size - first) / 2)) + 1 : 0;
    if (parallel && cut > first && cut < size) {
      rows = await parseTwoHalves(bytes, first, cut, size, layout);
    } else {
      rows = parsePlainLines(bytes, first, size, countLines(bytes, first, size), layout);
    }
    if (rows === null || rows.throughput.length === 0) return null;
    return { ...meta, time: rows.time, throughput: rows.throughput, response: rows.response, rows: rows.throughput.length };
  } catch {
    return null;
  } finally {
    await fh.close();
  }
}
