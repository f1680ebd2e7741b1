/**
 * Measured latencies from a file: one column of a CSV/TSV (raw samples), or a bucket table
 * with columns from, to, count (weighted buckets). Other formats plug in through
 * `EmpiricalReader`s keyed by file extension (see `defaultEmpiricalReaders`): a reader of
 * HdrHistogram .hgrm or spigo histograms only has to return `WeightedBucket[]`.
 *
 *   file --extension--> reader --> samples | buckets --> Empirical
 */
import { readFile } from "node:fs/promises";
import { extname } from "node:path";
import { DataError } from "../errors.js";
import { detectColumn, matchScore, resolveColumn, unitFromName } from "../load/columns.js";
import { CsvRecords } from "../load/csv-records.js";
import { detectDelimiter } from "../load/delimiter.js";
import { sniffAll } from "../load/formats/registry.js";
import type { OpenedInput } from "../load/formats/types.js";
import { openOne } from "../load/load-inputs.js";
import { checkInputFile } from "../load/open-input.js";
import { parseNumberCell } from "../load/parse-cell.js";
import { histogramMessage, message, modelMessage } from "../messages.js";
import { empiricalFromBuckets, empiricalFromSamples, type Empirical, type WeightedBucket } from "./empirical.js";

/** Which column to read. */
export interface LatencyReadOptions {
  /** A name (case-insensitive) or a 1-based number; undefined = the only column, or one named like a latency. */
  column?: string | number;
  /** What named `column`, for the message when it is no column (a UsageError); default "--column". */
  columnFlag?: string;
  /**
   * Refuse a negative latency (a DataError naming the file, line and column), as the
   * time-series reader refuses a negative response; default false (the caller checks).
   */
  refuseNegative?: boolean;
}

/** What a file held: samples, or buckets; `column` names what was read. */
export interface LatencyData {
  empirical: Empirical;
  column: string;
  /** The unit of the values when the format or the column's name states it ("s" for hey, "ms" for latency_ms). */
  unit?: string | null;
  /** Raw samples in file order (absent for buckets). */
  values?: Float64Array;
}

/** A reader for one file format. */
export type EmpiricalReader = (file: string, options: LatencyReadOptions) => Promise<LatencyData>;

/** The whole text of a file, after checking it is a regular file (a device or FIFO would be read without end). */
async function readText(file: string): Promise<string> {
  await checkInputFile(file);
  try {
    return await readFile(file, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw new DataError(message.fileNotFound(file));
    if (code === "EISDIR") throw new DataError(message.notAFile(file));
    throw new DataError(message.cannotRead(file, (e as Error).message));
  }
}

/** Parse CSV text into header + records (with line numbers). */
export function csvTable(text: string, file: string): { header: string[]; rows: { cells: string[]; line: number }[] } {
  const nl = text.indexOf("\n");
  const delimiter = detectDelimiter((nl < 0 ? text : text.slice(0, nl)).replace(/^\uFEFF/, ""));
  let header: string[] | null = null;
  const rows: { cells: string[]; line: number }[] = [];
  const records = new CsvRecords(
    delimiter,
    (cells, line) => {
      if (header === null) header = cells.map((c) => c.trim());
      else if (!(cells.length === 1 && cells[0].trim() === "")) rows.push({ cells, line });
    },
    file,
  );
  records.push(text);
  records.end();
  if (header === null) throw new DataError(message.emptyFile(), { file });
  return { header, rows };
}

/** The latency column: the one named (see `resolveColumn`), the only one, or the one detected by name. */
function pickColumn(header: string[], options: LatencyReadOptions, file: string): number {
  if (options.column !== undefined) return resolveColumn(header, options.column, options.columnFlag ?? "--column");
  if (header.length === 1) return 0;
  const best = detectColumn(header, (h) => matchScore(h, "response"));
  if (best < 0) throw new DataError(modelMessage.noLatencyColumn(header), { file });
  return best;
}

function numberCell(cell: string | undefined, file: string, line: number, column: string): number {
  const { kind, value } = parseNumberCell(cell ?? "");
  if (kind === "number" || kind === "missing") return value;
  if (kind === "infinite") throw new DataError(message.notFinite(cell ?? ""), { file, line, column });
  throw new DataError(message.notANumber(cell ?? ""), { file, line, column });
}

/**
 * JSON is no latency table: a response-time model or a Guesstimate space is named (they are
 * run with chp model), other JSON said to be JSON, rather than read as a CSV with a syntax error.
 */
async function refuseJson(text: string, file: string): Promise<void> {
  const t = text.replace(/^\uFEFF/, "").trimStart();
  if (!t.startsWith("{") && !t.startsWith("[")) return;
  let parsed: unknown;
  try {
    parsed = JSON.parse(t);
  } catch {
    return; // not JSON after all: the CSV reader says what is wrong
  }
  const o = parsed !== null && typeof parsed === "object" && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  // Loaded only here: the Guesstimate reader brings the expression parser.
  const { isSpace } = await import("./guesstimate/import.js");
  const kind = Array.isArray(o.tiers) ? "model" : isSpace(parsed) ? "space" : "json";
  throw new DataError(modelMessage.modelFileNotLatencies(kind), { file });
}

/** A CSV/TSV: a from/to/count bucket table when it has those columns, else one latency column. */
export const readCsvLatencies: EmpiricalReader = async (file, options) => {
  const text = await readText(file);
  await refuseJson(text, file);
  const { header, rows } = csvTable(text, file);
  if (header.every((h) => parseNumberCell(h).kind === "number")) throw new DataError(message.noHeader(header), { file, line: 1 });
  const lower = header.map((h) => h.toLowerCase());
  const [f, t, c] = ["from", "to", "count"].map((n) => lower.indexOf(n));
  if (options.column === undefined && f >= 0 && t >= 0 && c >= 0) {
    const buckets: WeightedBucket[] = rows.map(({ cells, line }) => {
      const b = {
        from: numberCell(cells[f], file, line, header[f]),
        to: numberCell(cells[t], file, line, header[t]),
        count: numberCell(cells[c], file, line, header[c]),
      };
      if (!(b.to >= b.from) || !(b.count >= 0)) throw new DataError(message.notANumber(`${cells[f]}..${cells[t]} x ${cells[c]}`), { file, line });
      if (options.refuseNegative && b.from < 0) throw new DataError(histogramMessage.negativeLatency(b.from), { file, line, column: header[f] });
      return b;
    });
    if (!buckets.some((b) => b.count > 0)) throw new DataError(message.noValidValues("count"), { file });
    return { empirical: empiricalFromBuckets(buckets), column: "from/to/count" };
  }
  const col = pickColumn(header, options, file);
  const values = new Float64Array(rows.length);
  rows.forEach(({ cells, line }, i) => {
    if (cells.length !== header.length) throw new DataError(message.wrongFieldCount(cells.length, header.length), { file, line });
    values[i] = numberCell(cells[col], file, line, header[col]);
    // As the time-series reader: a negative duration is a clock step or an overflow, not a latency.
    if (options.refuseNegative && values[i] < 0) throw new DataError(histogramMessage.negativeLatency(values[i]), { file, line, column: header[col] });
  });
  const kept = values.filter((v) => Number.isFinite(v));
  if (kept.length === 0) throw new DataError(rows.length ? message.noValidValues(header[col]) : message.noDataRows(), { file });
  return { empirical: empiricalFromSamples(kept), column: header[col], values: kept };
};

/**
 * Readers by lower-case file extension; "" is the fallback (CSV/TSV). Loaders of other formats
 * (.hgrm, spigo histograms) are added here.
 */
export const defaultEmpiricalReaders: Readonly<Record<string, EmpiricalReader>> = {
  "": readCsvLatencies,
};

/** Whether the column is hey's response-time in a file with hey's header (hey -o csv writes seconds). */
function heyColumns(column: string, firstLine: string | undefined): boolean {
  return column === "response-time" && firstLine !== undefined && /^response-time,DNS\+dialup,/.test(firstLine.replace(/^\uFEFF/, ""));
}

/** Read latencies from `file` with the reader its extension selects. */
export async function readLatencies(
  file: string,
  options: LatencyReadOptions = {},
  readers: Readonly<Record<string, EmpiricalReader>> = defaultEmpiricalReaders,
): Promise<LatencyData> {
  // A device or FIFO (/dev/zero, /dev/urandom) never ends: refuse it before any reader starts.
  await checkInputFile(file);
  const ext = extname(file).toLowerCase();
  let opened: OpenedInput | null = null;
  if (readers[ext] === undefined) {
    // HdrHistogram .hgrm and spigo histograms (src/load readers) give weighted buckets.
    // A format of the registry that gives one distribution (.hgrm, spigo) gives weighted buckets.
    try {
      opened = await openOne(file);
    } catch {
      opened = null; // unreadable: the CSV reader reports it
    }
    const best = opened ? sniffAll(opened.head)[0] : undefined;
    if (opened && best?.format.gives === "distribution") {
      const loaded = await best.format.read(opened, {});
      if (loaded.kind !== "distribution") throw new Error(`format ${best.format.id} gave ${loaded.kind}, not a distribution`);
      const d = loaded.dist;
      const buckets = d.bins.filter((b) => b.count > 0);
      if (buckets.length === 0) throw new DataError(message.noValidValues("count"), { file });
      return { empirical: empiricalFromBuckets(buckets), column: `${best.format.id} histogram${d.unit ? ` (${d.unit})` : ""}`, unit: d.unit ?? null };
    }
  }
  const reader = readers[ext] ?? readers[""];
  const data = await reader(file, options);
  if (data.unit) return data;
  // hey writes seconds; other CSVs may say their unit in the column's name (latency_ms).
  const unit = heyColumns(data.column, opened?.head.firstLine) ? "s" : (unitFromName(data.column) ?? null);
  return { ...data, unit };
}
