/**
 * The histogram and log formats on the command line (issue 5): which loader a
 * file needs, the options they share (--tag, --label, --interval, --unit,
 * --input-unit, --response), and loading one or several files into intervals
 * (hlog, JTL, hey, generic per-request CSVs) or one distribution (.hgrm, spigo).
 * Several .hlog files, or several per-request logs, are merged interval by interval.
 * A single plain time-series CSV is left to the original loader.
 */
import { UsageError } from "../../errors.js";
import { histogramMessage as hm, message, requestLogMergeMessage as mm } from "../../messages.js";
import { decideFormat, headText, readHead, replayable, type InputFormat } from "../../load/detect-format.js";
import type { FileDistribution } from "../../load/distribution.js";
import { readHistogramLog } from "../../load/hdr/interval-log.js";
import { readHgrm } from "../../load/hgrm.js";
import { responseStats, type IntervalSet, type ResponseStat } from "../../load/intervals.js";
import { readMergedHistogramLogs, readMergedRequestLogs } from "../../load/merge-intervals.js";
import { checkInputFile, openInput } from "../../load/open-input.js";
import { readRequestLog, timeUnitSeconds, type RequestLogOptions, type TimeUnit } from "../../load/request-log.js";
import { readSpigo } from "../../load/spigo.js";
import type { Io } from "../io.js";
import { printLoadWarnings, rethrowWithSkipHint } from "../load-warnings.js";

export interface HistogramArgs {
  tag: string | null;
  label: string | null;
  interval: number | null;
  unit: TimeUnit | null;
  inputUnit: TimeUnit | null;
  response: ResponseStat;
  timeCol?: string;
  responseCol?: string;
  /** --skip-bad-rows: skip and count unreadable rows / interval lines. */
  skipBadRows?: boolean;
  /** --by-label (chp summary of per-request logs): every label apart too. */
  byLabel?: boolean;
}

/** The flags only these formats take: an error with a plain time-series CSV, where they would be ignored. */
export function rejectHistogramFlags(v: Record<string, string | boolean | undefined>): void {
  for (const flag of ["tag", "label", "interval", "unit", "input-unit", "response", "by-label"]) {
    if (v[flag] !== undefined) throw new UsageError(message.badOption(`--${flag} applies to histogram and log files (.hlog, .hgrm, spigo, JTL, per-request CSVs), not to a time-series CSV`));
  }
}

function unitOf(flag: string, raw: string | boolean | undefined): TimeUnit | null {
  if (typeof raw !== "string") return null;
  const u = raw.trim().toLowerCase().replace("µs", "us");
  if (!(u in timeUnitSeconds)) throw new UsageError(hm.badUnit(flag, raw));
  return u as TimeUnit;
}

/** "10s", "500ms", "1m", "2h", or a bare number of seconds. */
export function parseDuration(raw: string): number {
  const m = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*(ms|s|m|min|h)?\s*$/.exec(raw);
  if (!m) throw new UsageError(hm.badInterval(raw));
  const v = Number(m[1]) * ({ ms: 1e-3, s: 1, m: 60, min: 60, h: 3600 } as Record<string, number>)[m[2] ?? "s"];
  if (!(v > 0)) throw new UsageError(hm.badInterval(raw));
  return v;
}

export function histogramArgs(v: Record<string, string | boolean | undefined>): HistogramArgs & { responseGiven: boolean } {
  const s = (k: string) => (typeof v[k] === "string" ? (v[k] as string) : undefined);
  const response = s("response");
  if (response !== undefined && !responseStats.includes(response as ResponseStat)) throw new UsageError(hm.badResponseStat(response));
  if (v["by-label"] === true && s("label") !== undefined) throw new UsageError(mm.byLabelWithLabel());
  return {
    tag: s("tag") ?? null,
    label: s("label") ?? null,
    interval: s("interval") !== undefined ? parseDuration(s("interval")!) : null,
    unit: unitOf("--unit", v.unit),
    inputUnit: unitOf("--input-unit", v["input-unit"]),
    response: (response as ResponseStat | undefined) ?? "mean",
    responseGiven: response !== undefined,
    timeCol: s("time-col"),
    responseCol: s("response-col"),
    skipBadRows: v["skip-bad-rows"] === true,
    byLabel: v["by-label"] === true,
  };
}

interface Opened {
  file: string;
  format: InputFormat;
  source: AsyncIterable<Buffer>;
  size: number;
}

/** Detect each file's format (stdin `-` is peeked and replayed). */
export async function openInputs(files: readonly string[], stdin: AsyncIterable<Buffer> = process.stdin): Promise<Opened[]> {
  const out: Opened[] = [];
  for (const file of files) {
    const size = await checkInputFile(file);
    if (file === "-") {
      const r = replayable(stdin);
      const format = decideFormat(file, headText(await r.peek(65536)));
      out.push({ file, format, source: openInput("-", r), size: 0 });
    } else {
      out.push({ file, format: decideFormat(file, await readHead(file)), source: openInput(file), size });
    }
  }
  return out;
}

/**
 * True when the files need these loaders: one file that is not a plain time-series
 * CSV, or several files the first of which is a histogram log. Otherwise (one CSV,
 * or several with the first missing or a CSV) the original summary/plot path runs
 * and reports its own errors.
 */
export async function needsHistogramLoader(files: readonly string[], throughputColGiven = false): Promise<boolean> {
  if (files.length === 0) return false;
  if (files[0] === "-") return true;
  if (files.length > 1) {
    try {
      await checkInputFile(files[0]);
    } catch {
      return false;
    }
  } else await checkInputFile(files[0]);
  const format = decideFormat(files[0], await readHead(files[0]));
  // --throughput-col names a throughput column: a time series whose column names were not recognised,
  // not a per-request log (issue 9: such a file was aggregated as requests, a silently wrong plot).
  if (format === "request-log" && throughputColGiven) return false;
  return format !== "time-series";
}

export type Loaded = { kind: "intervals"; set: IntervalSet } | { kind: "distribution"; dist: FileDistribution };

function progress(io: Io | undefined, file: string, size: number): ((bytes: number) => void) | undefined {
  if (!io || !process.stderr.isTTY || size < 64 << 20) return undefined;
  let last = -1;
  return (bytes) => {
    const pct = Math.min(100, Math.floor((bytes / size) * 100));
    if (pct !== last) {
      last = pct;
      io.stderr(`\rreading ${file}: ${pct}%${pct === 100 ? "\n" : ""}`);
    }
  };
}

/** Load one or several files (several: .hlog files, or per-request logs, merged interval by interval); warnings and skipped rows go to io.stderr. */
export async function loadHistogramInputs(files: readonly string[], a: HistogramArgs, io?: Io): Promise<Loaded> {
  const loaded = await loadInputs(files, a, io).catch(rethrowWithSkipHint);
  if (io && loaded.kind === "intervals") printLoadWarnings(io, loaded.set);
  return loaded;
}

async function loadInputs(files: readonly string[], a: HistogramArgs, io?: Io): Promise<Loaded> {
  const opened = await openInputs(files);
  if (a.byLabel) {
    const bad = opened.find((o) => o.format !== "request-log");
    if (bad) throw new UsageError(mm.byLabelNeedsRequestLog(bad.file));
  }
  if (opened.length > 1) {
    const hlog = opened.find((o) => o.format === "hlog");
    const other = opened.find((o) => o.format !== (hlog ? "hlog" : "request-log"));
    if (other) throw new UsageError(hlog ? mm.mixedMerge(hlog.file, other.file) : mm.notMergeable(other.file));
    if (hlog) return { kind: "intervals", set: await readMergedHistogramLogs(opened, { tag: a.tag, skipBadRows: a.skipBadRows }) };
    return { kind: "intervals", set: await readMergedRequestLogs(opened, requestLogOptions(a)) };
  }
  const o = opened[0];
  switch (o.format) {
    case "hlog":
      return { kind: "intervals", set: await readHistogramLog(o.source, o.file, { tag: a.tag, skipBadRows: a.skipBadRows }) };
    case "hgrm":
      return { kind: "distribution", dist: await readHgrm(o.source, o.file) };
    case "spigo":
      return { kind: "distribution", dist: await readSpigo(o.source, o.file) };
    case "time-series":
      throw new UsageError(message.badOption(`${o.file} is a time-series CSV: give it as a file name (stdin and several files are for histogram and log formats)`));
    default:
      return {
        kind: "intervals",
        set: await readRequestLog(o.source, o.file, { ...requestLogOptions(a), onProgress: progress(io, o.file, o.size) }),
      };
  }
}

function requestLogOptions(a: HistogramArgs): Partial<RequestLogOptions> {
  return {
    interval: a.interval, label: a.label, inputUnit: a.inputUnit, timeCol: a.timeCol, responseCol: a.responseCol,
    skipBadRows: a.skipBadRows, byLabel: a.byLabel === true,
  };
}

/** The factor from the file's unit to --unit (1 when no --unit). */
export function unitFactor(fileUnit: string | null, a: HistogramArgs, file: string): { factor: number; unit: string | null } {
  const from = (a.inputUnit ?? fileUnit) as TimeUnit | null;
  if (a.unit === null) return { factor: 1, unit: from };
  if (from === null || !(from in timeUnitSeconds)) throw new UsageError(hm.unknownInputUnit(file));
  return { factor: timeUnitSeconds[from] / timeUnitSeconds[a.unit], unit: a.unit };
}
