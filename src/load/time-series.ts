/**
 * The time-series loader: a CSV/TSV of per-interval metrics with a header row.
 *
 *   bytes -> first line (delimiter) -> CSV records -> header (columns chosen
 *   by name or flag) -> cells parsed strictly -> Float64Array columns
 *
 * Streaming: memory holds the three output columns and one chunk of input, not the
 * file. Errors are `DataError`s naming the file, line and column.
 */
import { StringDecoder } from "node:string_decoder";
import { ChpError, DataError } from "../errors.js";
import { message } from "../messages.js";
import { chooseColumns, rateUnitFromName, unitFromName } from "./columns.js";
import { ColumnBuilder } from "./column-builder.js";
import { CsvRecords } from "./csv-records.js";
import { DecimalSeparators } from "./decimal-separators.js";
import { detectDelimiter, firstLine } from "./delimiter.js";
import { maxDateSeconds, parseNumberCell, parseTimeCell, type EpochUnit } from "./parse-cell.js";
import { BadRows, binaryOffset, decimalCommaValue, markRowError, sortByTime, timeFormatMismatch, TimeOrder } from "./series-checks.js";
import { reliabilityMessage as rm } from "../messages.js";
import { checkInputFile, openInput } from "./open-input.js";
import { readPlainNumericCsv } from "./fast-numeric-csv.js";
import type { TimeSeries, TimeSeriesOptions } from "./time-series-types.js";

export type { TimeSeries, TimeSeriesOptions } from "./time-series-types.js";

/** Load a time-series CSV/TSV file. */
export async function loadTimeSeries(file: string, options: TimeSeriesOptions = {}): Promise<TimeSeries> {
  await checkInputFile(file);
  // --- fast path (src/load/fast-numeric-csv.ts): a plain numeric CSV, the same result
  // bit for bit; null for anything else, which the general reader below then reads (and reports).
  const fast = await readPlainNumericCsv(file, options, readTimeSeries);
  if (fast !== null) return fast;
  // --- end fast path
  // openInput inflates gzip (by its magic bytes), as the other loaders do.
  return readTimeSeries(openInput(file), file, options);
}

/** Parse a time series from any byte or text stream (a file, stdin, a string via `Readable.from`). */
export async function readTimeSeries(source: AsyncIterable<Buffer | string>, file: string, options: TimeSeriesOptions = {}): Promise<TimeSeries> {
  let header: string[] | null = null;
  let cols: { time?: number; throughput: number; response: number } | null = null;
  let timeUnit: EpochUnit | "iso" | undefined;
  const t = new ColumnBuilder();
  const x = new ColumnBuilder();
  const y = new ColumnBuilder();
  let hasTime = false;

  const bad = new BadRows();
  const order = new TimeOrder();
  const warnings: string[] = [];
  let timeFormatLine = 0;
  let decimalCommas = false;
  const separators = new Map<number, DecimalSeparators>();
  const separatorsOf = (index: number): DecimalSeparators => {
    let s = separators.get(index);
    if (s === undefined) separators.set(index, (s = new DecimalSeparators()));
    return s;
  };
  const numberAt = (cells: string[], index: number, line: number): number => {
    const cell = cells[index];
    const { kind, value } = parseNumberCell(cell);
    const column = header![index];
    if (kind === "number" || kind === "missing") {
      if (value < 0) throw new DataError(rm.negativeValue(index === cols!.throughput ? "throughput" : "response", cell.trim()), { file, line, column });
      // Where decimal commas may appear, a decimal point must agree with the column's other cells.
      if (kind === "number" && delimiter !== "," && cell.includes(".")) separatorsOf(index).check(cell, "point", value, line, { file, line, column });
      return value;
    }
    if (kind === "invalid" && delimiter !== ",") {
      const v = decimalCommaValue(cell);
      if (!Number.isNaN(v)) {
        separatorsOf(index).check(cell, "comma", v, line, { file, line, column });
        if (!decimalCommas) warnings.push(rm.decimalComma(line, cell.trim(), delimiter));
        decimalCommas = true;
        if (v < 0) throw new DataError(rm.negativeValue(index === cols!.throughput ? "throughput" : "response", cell.trim()), { file, line, column });
        return v;
      }
    }
    if (kind === "infinite") throw new DataError(message.notFinite(cell), { file, line, column });
    throw new DataError(message.notANumber(cell), { file, line, column });
  };

  const onRecord = (record: string[], line: number): void => {
    if (header === null) {
      header = record.map((h) => h.trim());
      if (header.every((h) => parseNumberCell(h).kind === "number")) {
        throw new DataError(message.noHeader(header), { file, line });
      }
      const seen = new Set<string>();
      for (const h of header) {
        if (h !== "" && seen.has(h)) throw new DataError(message.duplicateColumn(h), { file, line });
        seen.add(h);
      }
      cols = chooseColumns(header, options, file);
      hasTime = cols.time !== undefined;
      return;
    }
    try {
      dataRow(record, line);
    } catch (e) {
      if (options.skipBadRows && bad.add(e, line)) return;
      throw markRowError(e);
    }
  };

  /** One data row: every cell is parsed before any is stored, so a skipped row leaves no trace. */
  const dataRow = (record: string[], line: number): void => {
    const h = header!;
    if (record.length !== h.length) {
      if (record.length === 1 && record[0].trim() === "") return; // a line of blanks
      throw new DataError(message.wrongFieldCount(record.length, h.length), { file, line });
    }
    const c = cols!;
    let time = NaN;
    if (hasTime) {
      const cell = record[c.time!];
      const parsed = parseTimeCell(cell, timeUnit === "iso" ? undefined : timeUnit);
      if (parsed.kind === "invalid" || parsed.kind === "infinite") {
        throw new DataError(message.badTimestamp(cell), { file, line, column: h[c.time!] });
      }
      const mixed = parsed.kind === "number" ? timeFormatMismatch(cell, parsed.unit, timeUnit) : null;
      if (mixed) throw new DataError(rm.mixedTimestamps(cell, mixed.found, mixed.expected, timeFormatLine), { file, line, column: h[c.time!] });
      time = parsed.value;
      if (Math.abs(time) > maxDateSeconds) throw new DataError(rm.timeBeyondDates("timestamp", cell.trim(), time), { file, line, column: h[c.time!] });
    }
    const xv = numberAt(record, c.throughput, line);
    const yv = numberAt(record, c.response, line);
    if (hasTime) {
      if (timeUnit === undefined && !Number.isNaN(time)) {
        timeUnit = parseTimeCell(record[c.time!], undefined).unit ?? "iso";
        timeFormatLine = line;
      }
      order.add(time, line);
      t.push(time);
    }
    x.push(xv);
    y.push(yv);
  };

  let delimiter = ",";
  let records: CsvRecords | null = null;
  let head = "";
  const decoder = new StringDecoder("utf8");
  const feed = (text: string, last: boolean): void => {
    if (records === null) {
      head += text;
      const first = firstLine(head, last);
      if (first === null) return;
      const binary = binaryOffset(head);
      if (binary >= 0) throw new DataError(rm.binaryInput(binary), { file, line: 1 });
      if (!first.ended) throw new DataError(rm.lineTooLong("1 MiB"), { file, line: 1 });
      delimiter = detectDelimiter(first.line);
      records = new CsvRecords(delimiter, onRecord, file);
      text = head;
      head = "";
    }
    records.push(text);
    if (last) records.end();
  };
  try {
    for await (const chunk of source) feed(typeof chunk === "string" ? chunk : decoder.write(chunk), false);
    feed(decoder.end(), true);
  } catch (e) {
    if (e instanceof ChpError) throw e;
    throw new DataError(message.cannotRead(file, (e as Error).message));
  }

  if (header === null) throw new DataError(message.emptyFile(), { file });
  const h: string[] = header;
  if (x.length === 0 && bad.count > 0) throw new DataError(rm.allRowsBad(bad.count, bad.first!.line, bad.first!.reason), { file });
  if (x.length === 0) throw new DataError(message.noDataRows(), { file, line: 2 });
  const c = cols!;
  const rows = x.length;
  for (const [col, values] of [
    [c.throughput, x],
    [c.response, y],
  ] as const) {
    if (!values.hasNumber()) throw new DataError(message.noValidValues(h[col]), { file });
  }
  let time = hasTime ? t.finish() : null;
  let throughput = x.finish();
  let response = y.finish();
  if (time) {
    const sorted = sortByTime(time, [throughput, response], order);
    [time, throughput, response] = [sorted.time, ...sorted.columns];
    warnings.push(...sorted.warnings);
  }
  const throughputUnit = rateUnitFromName(h[c.throughput]);
  const responseUnit = unitFromName(h[c.response]);
  return {
    file,
    header: h,
    delimiter,
    columns: {
      ...(c.time !== undefined ? { time: h[c.time] } : {}),
      throughput: h[c.throughput],
      response: h[c.response],
    },
    units: {
      ...(timeUnit !== undefined ? { time: timeUnit } : {}),
      ...(throughputUnit ? { throughput: throughputUnit } : {}),
      ...(responseUnit ? { response: responseUnit } : {}),
    },
    time,
    throughput,
    response,
    rows,
    warnings,
    ...(options.skipBadRows ? { skipped: bad.result() } : {}),
  };
}
