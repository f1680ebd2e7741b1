/**
 * The HdrHistogram interval log reader (`.hlog`, as written by the Java
 * `HistogramLogWriter` and jHiccup): log format versions 1.0 to 1.3.
 *
 *   lines -> comments (#[StartTime: s], #[BaseTime: s], #[Histogram log format version v])
 *         -> legend ("StartTimestamp","Interval_Length",... or the older
 *            "StartTimestamp","EndTimestamp",...) -> data lines
 *            [Tag=NAME,]start,length,Interval_Max,base64 histogram
 *         -> decode (V0/V1/V2, src/load/hdr/encoding.ts) -> IntervalHistogram
 *
 * Timestamps follow Java's `HistogramLogReader`: without #[StartTime] the first
 * data line's timestamp is the start; without #[BaseTime] timestamps more than a
 * year before the start are relative to it (base = start), otherwise absolute.
 * Interval starts are reported as absolute seconds (timestamp + base). The second
 * column is the interval length under both legends: the writers that printed the
 * "EndTimestamp" legend (format 1.01 and earlier) wrote lengths there too, and the
 * Java reader reads it so. The Interval_Max column is checked to be a number but
 * not used: the maximum comes from the histogram.
 *
 * Only the intervals of one tag are returned: the untagged ones by default; with `start`/`end`, only
 * those starting in that range of seconds after the log's start (Java's reader stops at the first
 * interval past `end`; here every later line is still looked at, so a log whose lines are out of
 * time order loses none of the range).
 */
import { ChpError, DataError } from "../../errors.js";
import { histogramMessage as m, reliabilityMessage as rm } from "../../messages.js";
import { lines } from "../open-input.js";
import { maxDateSeconds } from "../parse-cell.js";
import { IntervalSetBuilder, type IntervalHistogram, type IntervalSet } from "../intervals.js";
import { base64Bytes, decodeHistogram } from "./encoding.js";
import type { HdrHistogram } from "./histogram.js";
import { BadRows, markRowError, type SkippedRows } from "../series-checks.js";

export interface HistogramLogOptions {
  /** The tag to read; null (the default) reads the untagged intervals. */
  tag: string | null;
  /** Skip interval lines that cannot be read (counted in `skipped`) instead of failing on the first. */
  skipBadRows?: boolean;
  /**
   * Keep only the intervals whose start lies in [start, end] seconds after the log's start (its
   * #[StartTime], else its first interval's), as Java's HistogramLogReader.nextIntervalHistogram(start,
   * end) and HistogramLogProcessor -start/-end; null or absent: no bound.
   */
  start?: number | null;
  end?: number | null;
}

export const defaultHistogramLogOptions: HistogramLogOptions = { tag: null };

/** What the log's header said. */
export interface HistogramLogInfo {
  formatVersion: string | null;
  startTime: number | null;
  baseTime: number | null;
  legend: "interval-length" | "end-timestamp" | null;
  tags: string[];
  /** The lines skipped with `skipBadRows`. */
  skipped?: SkippedRows;
  /** With a range: intervals of the chosen tag left out because they start outside it. */
  outOfRange?: number;
  /** Start of the first and of the last interval of the chosen tag, in seconds after the log's start (for messages). */
  span?: [number, number];
}

const numberText = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * Stream a histogram log, calling `onInterval` for every interval of the chosen
 * tag, in file order. Returns what the header said and every tag seen.
 */
export function scanHistogramLog(
  source: AsyncIterable<Buffer | string>,
  file: string,
  options: Partial<HistogramLogOptions>,
  onInterval: (interval: IntervalHistogram, line: number) => void,
): Promise<HistogramLogInfo> {
  return scanHistogramLogReusing(source, file, options, onInterval, false);
}

/** Where an interval's encoded histogram is: file, line, column 4. */
export type IntervalWhere = { file: string; line: number; column: number };

/**
 * scanHistogramLog; with `reuse`, every interval is decoded into the same histogram
 * (valid only during its onInterval call: for callers that keep statistics, or the
 * encoded bytes, also handed over, to decode again later). Not part of the barrel.
 */
export async function scanHistogramLogReusing(
  source: AsyncIterable<Buffer | string>,
  file: string,
  options: Partial<HistogramLogOptions>,
  onInterval: (interval: IntervalHistogram, line: number, bytes: Uint8Array, where: IntervalWhere) => void,
  reuse: boolean,
): Promise<HistogramLogInfo> {
  let reused: HdrHistogram | undefined;
  const tag = options.tag ?? defaultHistogramLogOptions.tag;
  const rangeStart = options.start ?? Number.NEGATIVE_INFINITY;
  const rangeEnd = options.end ?? Number.POSITIVE_INFINITY;
  const info: HistogramLogInfo = { formatVersion: null, startTime: null, baseTime: null, legend: null, tags: [] };
  const tags = new Set<string>();
  let startTime: number | null = null;
  let baseTime: number | null = null;
  let sawData = false;
  let kept = 0;
  const bad = new BadRows();
  try {
    for await (const [raw, line] of lines(source, file)) {
      const text = raw.trim();
      if (text === "") continue;
      if (text.startsWith("#")) {
        let mm;
        if ((mm = /^#\[StartTime:\s*([^\s\]]+)/.exec(text))) {
          const v = Number(mm[1]);
          if (!Number.isFinite(v)) throw new DataError(m.hlogBadLine(`StartTime ${JSON.stringify(mm[1])} is not a number of seconds`), { file, line });
          startTime = v;
          info.startTime = v;
        } else if ((mm = /^#\[BaseTime:\s*([^\s\]]+)/.exec(text))) {
          const v = Number(mm[1]);
          if (!Number.isFinite(v)) throw new DataError(m.hlogBadLine(`BaseTime ${JSON.stringify(mm[1])} is not a number of seconds`), { file, line });
          baseTime = v;
          info.baseTime = v;
        } else if ((mm = /^#\[Histogram log format version ([^\]\s]+)/.exec(text))) {
          info.formatVersion = mm[1];
        }
        continue;
      }
      if (/^"?StartTimestamp"?\s*,/.test(text)) {
        info.legend = /"?EndTimestamp"?/.test(text) ? "end-timestamp" : "interval-length";
        continue;
      }
      try {
        let rest = text;
        let lineTag: string | null = null;
        if (rest.startsWith("Tag=")) {
          const comma = rest.indexOf(",");
          if (comma < 0) throw new DataError(m.hlogBadLine("a Tag= line with no fields after the tag"), { file, line });
          lineTag = rest.slice(4, comma);
          rest = rest.slice(comma + 1);
        }
        const fields = rest.split(",");
        if (fields.length !== 4 || !numberText.test(fields[0].trim())) {
          const what =
            sawData || numberText.test(fields[0].trim())
              ? `expected 4 fields (start, length, max, histogram), got ${fields.length}: ${JSON.stringify(text.length > 60 ? text.slice(0, 60) + "..." : text)}`
              : `expected "[Tag=NAME,]start,length,max,histogram" lines after the #[...] header; this file looks like ${looksLike(text)}`;
          throw new DataError(m.hlogBadLine(what), { file, line });
        }
        for (const [k, name] of [
          [1, "interval length"],
          [2, "Interval_Max"],
        ] as const) {
          if (!numberText.test(fields[k].trim()))
            throw new DataError(m.hlogBadLine(`the ${name} ${JSON.stringify(fields[k])} is not a number`), { file, line, column: k + 1 });
        }
        const stamp = Number(fields[0]);
        const length = Number(fields[1]);
        if (length < 0) throw new DataError(m.hlogBadLine(`negative interval length ${fields[1]}`), { file, line, column: 2 });
        sawData = true;
        if (startTime === null) startTime = stamp;
        if (baseTime === null) baseTime = stamp < startTime - 365 * 24 * 3600 ? startTime : 0;
        // A start or end no Date can hold would break every time axis and date printed later.
        const base = baseTime === 0 ? "" : ` + base time ${baseTime}`;
        if (!(Math.abs(stamp + baseTime) <= maxDateSeconds))
          throw new DataError(rm.timeBeyondDates("interval start", fields[0].trim() + base, stamp + baseTime), { file, line, column: 1 });
        if (!(Math.abs(stamp + baseTime + length) <= maxDateSeconds))
          throw new DataError(rm.timeBeyondDates("interval end", `${fields[0].trim()}${base} + ${fields[1].trim()}`, stamp + baseTime + length), {
            file,
            line,
            column: 2,
          });
        if (lineTag !== null) tags.add(lineTag);
        if (lineTag !== tag) continue;
        const offset = stamp + baseTime - startTime;
        info.span = info.span ? [Math.min(info.span[0], offset), Math.max(info.span[1], offset)] : [offset, offset];
        if (offset < rangeStart || offset > rangeEnd) {
          info.outOfRange = (info.outOfRange ?? 0) + 1;
          continue;
        }
        kept++;
        const where = { file, line, column: 4 };
        const bytes = base64Bytes(fields[3], where);
        const histogram = decodeHistogram(bytes, where, reused);
        if (reuse) reused = histogram;
        onInterval({ tag: lineTag, start: stamp + baseTime, length, histogram, errors: 0 }, line, bytes, where);
      } catch (e) {
        // --skip-bad-rows: a bad interval line is counted and left out.
        if (!options.skipBadRows || !bad.add(e, line)) throw markRowError(e);
      }
    }
  } catch (e) {
    if (e instanceof ChpError) throw e;
    throw new DataError(`cannot read ${file}: ${(e as Error).message}`);
  }
  info.tags = [...tags];
  if (options.skipBadRows) info.skipped = bad.result();
  if (info.startTime === null && startTime !== null) info.startTime = baseTime === 0 ? startTime : null;
  if (!sawData) throw new DataError(m.hlogNoIntervals(tag, info.tags), { file });
  if (kept === 0 && info.span) throw new DataError(m.hlogNoneInRange(options.start ?? null, options.end ?? null, info.span), { file });
  return info;
}

function looksLike(text: string): string {
  if (/^[A-Za-z"][^,]*,/.test(text)) return `a CSV file with header ${JSON.stringify(text.length > 60 ? text.slice(0, 60) + "..." : text)}`;
  return `something else (${JSON.stringify(text.length > 40 ? text.slice(0, 40) + "..." : text)})`;
}

/** Read a histogram log into interval statistics and the merged total. */
export async function readHistogramLog(
  source: AsyncIterable<Buffer | string>,
  file: string,
  options: Partial<HistogramLogOptions> = {},
): Promise<IntervalSet & { info: HistogramLogInfo }> {
  const builder = new IntervalSetBuilder(1);
  // the builder keeps each interval's statistics and adds it to the total: one histogram's storage serves every interval
  const info = await scanHistogramLogReusing(source, file, options, (i) => builder.add(i), true);
  const tag = options.tag ?? null;
  if (builder.total === null) throw new DataError(m.hlogNoIntervals(tag, info.tags), { file });
  return {
    file,
    format: "hlog",
    unit: null,
    scale: 1,
    startTime: info.startTime,
    intervals: builder.intervals,
    total: builder.total,
    totalErrors: 0,
    tags: info.tags,
    ...(info.skipped ? { skipped: info.skipped } : {}),
    info,
  };
}
