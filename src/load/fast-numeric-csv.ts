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
 * A plain decimal with at most 15 significant digits and 22 fraction digits is
 * an integer m < 2^53 over 10^f <= 10^22, both exact doubles, so m / 10^f is
 * correctly rounded: exactly `Number(cell)` (Clinger's fast path).
 */
import { open } from "node:fs/promises";
import { Readable } from "node:stream";
import { ColumnBuilder } from "./column-builder.js";
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
    const chunkSize = 1 << 20;
    let buf = Buffer.allocUnsafe(chunkSize);
    let { bytesRead } = await fh.read(buf, 0, chunkSize, 0);
    if (bytesRead < 4 || buf[0] === 0x1f || buf[0] === 0xef) return null; // gzip, BOM
    const meta = await metadata(buf.subarray(0, bytesRead), bytesRead < chunkSize, file, options, general);
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
    const fields = meta.header.length;
    const scale = ti >= 0 ? epochScale[timeUnit as EpochUnit] : 1;
    if (scale === undefined) return null;

    const t = new ColumnBuilder(1 << 16);
    const x = new ColumnBuilder(1 << 16);
    const y = new ColumnBuilder(1 << 16);
    let lastTime = -Infinity;
    let header = true;
    let carry: Buffer | null = null;
    let position = bytesRead;
    // Per row: the field index, the value of the field being read (mantissa, fraction digits, digits), its state.
    for (;;) {
      const final = bytesRead < chunkSize;
      let data = buf.subarray(0, bytesRead);
      if (carry) data = Buffer.concat([carry, data]);
      let end = data.length;
      if (!final) {
        end = data.lastIndexOf(LF) + 1;
        if (end === 0) return null; // a line over 1 MiB: not plain
      }
      let i = 0;
      if (header) {
        i = data.indexOf(LF) + 1;
        header = false;
      }
      while (i < end) {
        let field = 0;
        let tv = NaN;
        let xv = NaN;
        let yv = NaN;
        // One line.
        for (;;) {
          const used = field === ti || field === xi || field === yi;
          let c = i < end ? data[i] : LF;
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
              c = ++i < end ? data[i] : LF;
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
              c = ++i < end ? data[i] : LF;
            }
          }
          field++;
          i++;
          if (c === LF) break;
        }
        if (field !== fields || Number.isNaN(xv) || Number.isNaN(yv) || (ti >= 0 && Number.isNaN(tv))) return null;
        if (ti >= 0) {
          const seconds = tv * scale;
          // Times beyond what a Date holds: the general reader names the row.
          if (!(seconds > lastTime) || seconds > maxDateSeconds) return null;
          lastTime = seconds;
          t.push(seconds);
        }
        x.push(xv);
        y.push(yv);
      }
      if (final) break;
      carry = end < data.length ? Buffer.from(data.subarray(end)) : null;
      buf = Buffer.allocUnsafe(chunkSize);
      ({ bytesRead } = await fh.read(buf, 0, chunkSize, position));
      position += bytesRead;
      if (bytesRead === 0 && carry === null) break;
    }
    if (x.length === 0) return null;
    return { ...meta, time: ti >= 0 ? t.finish() : null, throughput: x.finish(), response: y.finish(), rows: x.length };
  } catch {
    return null;
  } finally {
    await fh.close();
  }
}
