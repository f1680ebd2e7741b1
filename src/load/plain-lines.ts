/**
 * The lines of a plain numeric CSV (see src/load/fast-numeric-csv.ts for what "plain" is) parsed
 * into columns: the kernel both threads of the fast path run.
 *
 * A plain decimal with at most 15 significant digits and 22 fraction digits is
 * an integer m < 2^53 over 10^f <= 10^22, both exact doubles, so m / 10^f is
 * correctly rounded: exactly `Number(cell)` (Clinger's fast path).
 */
import { maxDateSeconds } from "./parse-cell.js";

const pow10: number[] = Array.from({ length: 23 }, (_, i) => Number(`1e${i}`));

const COMMA = 44;
const LF = 10;
const DOT = 46;

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
  const n = countLf(bytes, start, end);
  return end > start && bytes[end - 1] !== LF ? n + 1 : n;
}

/**
 * The LFs in bytes[start, end), four bytes at a time where the bytes are aligned for it. The hot
 * loops of this file end in a bare return: V8 compiles a long loop while it runs and reuses that
 * code at the next call, and code after the loop that has not run yet would throw it away at
 * every call.
 */
export function countLf(bytes: Uint8Array, start: number, end: number): number {
  let i = start;
  let n = 0;
  while (i < end && (bytes.byteOffset + i) % 4 !== 0) if (bytes[i++] === LF) n++;
  const words = (end - i) >> 2;
  if (words > 0) {
    n += countLfWords(new Int32Array(bytes.buffer, bytes.byteOffset + i, words));
    i += words * 4;
  }
  while (i < end) if (bytes[i++] === LF) n++;
  return n;
}

/**
 * The LF bytes in words of four bytes (SWAR): x = w ^ 0x0a0a0a0a has a zero byte where w has an
 * LF; ((x & 0x7f7f7f7f) + 0x7f7f7f7f) | x sets the high bit of exactly the non-zero bytes (no carry
 * crosses a byte), and a multiply adds up the four zero-byte flags.
 */
function countLfWords(w: Int32Array): number {
  let n = 0;
  for (let k = 0; k < w.length; k++) {
    const x = w[k] ^ 0x0a0a0a0a;
    const nonZero = (((x & 0x7f7f7f7f) + 0x7f7f7f7f) | x) & 0x80808080;
    n += Math.imul((~nonZero & 0x80808080) >>> 7, 0x01010101) >>> 24;
  }
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
  const rows = parseLoop(bytes, start, end, lines, ti, xi, yi, fields, scale, t, x, y);
  if (rows !== lines) return null;
  return { time: t, throughput: x, response: y, firstTime: parsedFirstTime, lastTime: parsedLastTime };
}

// The first and last time of the last parseLoop (module variables: set after its loop without type feedback).
let parsedFirstTime = Infinity;
let parsedLastTime = -Infinity;

/** The rows parsed from bytes[start, end) (at most `lines`), or -1 when a line is not plain or the times do not increase. */
function parseLoop(
  bytes: Uint8Array,
  start: number,
  end: number,
  lines: number,
  ti: number,
  xi: number,
  yi: number,
  fields: number,
  scale: number,
  t: Float64Array | null,
  x: Float64Array,
  y: Float64Array,
): number {
  let firstTime = Infinity;
  let lastTime = -Infinity;
  let row = 0;
  let i = start;
  while (i < end) {
    if (row === lines) return -1;
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
        if (c !== COMMA && c !== LF) return -1;
        // (no digit: an empty cell or "." alone)
        if (seen === 0 || digits > 15 || frac > 22) return -1;
        const value = frac > 0 ? m / pow10[frac] : m;
        if (field === ti) tv = value;
        else if (field === xi) xv = value;
        else yv = value;
      } else {
        while (c !== COMMA && c !== LF) {
          if (c < 32 || c > 126 || c === 34) return -1;
          c = ++i < end ? bytes[i] : LF;
        }
      }
      field++;
      i++;
      if (c === LF) break;
    }
    if (field !== fields || Number.isNaN(xv) || Number.isNaN(yv) || (ti >= 0 && Number.isNaN(tv))) return -1;
    if (t !== null) {
      const seconds = tv * scale;
      // Times beyond what a Date holds: the general reader names the row.
      if (!(seconds > lastTime) || seconds > maxDateSeconds) return -1;
      if (row === 0) firstTime = seconds;
      lastTime = seconds;
      t[row] = seconds;
    }
    x[row] = xv;
    y[row] = yv;
    row++;
  }
  parsedFirstTime = firstTime;
  parsedLastTime = lastTime;
  return row;
}
