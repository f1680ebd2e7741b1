/**
 * Where every per-request reader puts its requests, whatever the file's shape (CSV rows, XML
 * samples, Gatling records):
 *
 *   reader -> RequestSink: label noted and filtered (--label), one request (completion time in s,
 *   latency in the file's unit, success, label) -> IntervalSlots (one HdrHistogram per interval;
 *   per label with --by-label) -> RequestLogPart (what the file adds) -> requestLogSet
 *
 * A reader is a push parser (`RequestLogParser`): several files of one run share one IntervalSlots
 * (merge-intervals.ts pulls from the file that lags), so they get one interval grid, one merged
 * total and one set of labels, exactly as one file holding all their requests.
 *
 * Transaction Controller samples (JMeter) time a group of requests already counted one by one:
 * `transaction` keeps them out of the overall intervals and total, and with --by-label records
 * them under their own label.
 */
import { ChpError, DataError, type Location } from "../errors.js";
import { histogramMessage as hm, message, reliabilityMessage as rm, requestLogMergeMessage, requestSinkMessage } from "../messages.js";
import type { HdrHistogram } from "./hdr/histogram.js";
import { IntervalSlots } from "./interval-slots.js";
import type { IntervalSet, IntervalStats } from "./intervals.js";
import type { EpochUnit } from "./parse-cell.js";
import { addSkipped, type BadRows, type SkippedRows } from "./series-checks.js";
import { timeUnitSeconds, type TimeUnit } from "./units.js";

export interface RequestLogOptions {
  /** Interval length in seconds; null chooses it from the run length. */
  interval: number | null;
  /** With interval null: the shortest interval to choose (seconds), when the times are stamped coarsely. */
  minInterval?: number;
  /** k6 outputs: the trend metric read as the latency (default http_req_duration). */
  metric?: string | null;
  /** Keep only requests with this label; null keeps all. */
  label: string | null;
  timeCol?: string;
  responseCol?: string;
  successCol?: string;
  labelCol?: string;
  /** The unit of the latency column when its name does not say (generic CSVs). */
  inputUnit: TimeUnit | null;
  significantDigits: number;
  /** Called with the bytes read so far (for a progress bar). */
  onProgress?: (bytes: number) => void;
  /** Skip rows that cannot be read (counted in `skipped`) instead of failing on the first. */
  skipBadRows?: boolean;
  /** Also aggregate every label apart (`labels` in the result). */
  byLabel: boolean;
  /** With byLabel: the most labels (each costs one histogram per open interval). */
  maxLabels: number;
  /** Sees every sample as read, failures and Transaction Controller samples included (`--like jmeter`). */
  samples?: SampleObserver | null;
  /**
   * Keep only the requests completed from `start` to `end` seconds after the log's start: the
   * completion time of its first row (as Java's log reader takes a header-less log's first line).
   */
  start?: number | null;
  end?: number | null;
  /** A large file read alone: its rows may be parsed on two threads (the result is the same). */
  parallel?: boolean;
  /** The input's size in bytes, when known: a large one read in parallel starts its worker as soon as the header is read. */
  sizeHint?: number;
  /** For tests: the parallel reading's start (bytes), batch size (bytes), whether it starts a worker, and how often a synchronous reading lets the event loop run (bytes). */
  parallelTuning?: { from: number; batchBytes: number; threads: boolean; yieldBytes?: number };
}

/** Sees every sample a per-request reader records, before any aggregation. */
export interface SampleObserver {
  /** Start and end in ms (end = completion; start = end - elapsed), elapsed in ms; `transaction` for a Transaction Controller sample. */
  sample(label: string, startMs: number, endMs: number, elapsedMs: number, ok: boolean, transaction: boolean): void;
}

export const defaultRequestLogOptions: RequestLogOptions = {
  interval: null,
  label: null,
  inputUnit: null,
  significantDigits: 3,
  byLabel: false,
  maxLabels: 200,
};

/** One label's intervals (same grid as the overall ones) and merged total. */
export interface LabelIntervals {
  label: string;
  intervals: IntervalStats[];
  total: HdrHistogram;
  totalErrors: number;
}

/** What wrote the log: a JMeter CSV or XML JTL, hey, a generic per-request CSV, a Gatling simulation.log, a k6 --out csv or json, vegeta results. */
export type RequestLogKind = "jtl" | "hey" | "generic" | "jmeter-xml" | "gatling-log" | "k6-csv" | "k6-json" | "vegeta-csv" | "vegeta-json" | "gatling-binary";

/** The kinds as merge messages name them. */
export const requestLogKindName: Record<RequestLogKind, string> = {
  jtl: "JTL",
  hey: "hey",
  generic: "per-request CSV",
  "jmeter-xml": "JMeter XML",
  "gatling-log": "Gatling log",
  "k6-csv": "k6 CSV",
  "k6-json": "k6 JSON",
  "vegeta-csv": "vegeta CSV",
  "vegeta-json": "vegeta JSON",
  "gatling-binary": "Gatling binary log",
};

export type RequestLogSet = IntervalSet & {
  kind: RequestLogKind;
  late: number;
  interval: number;
  /** With byLabel: every label, sorted by name. */
  labels?: LabelIntervals[];
};

/** What one parsed log contributes to the result (the histograms are in the shared IntervalSlots). */
export interface RequestLogPart {
  file: string;
  kind: RequestLogKind;
  unit: TimeUnit | null;
  scale: number;
  /** The first time value's unit (undefined: no rows). */
  timeUnit: EpochUnit | "iso" | undefined;
  /** Earliest completion time recorded. */
  minTime: number;
  labels: Set<string>;
  warnings: string[];
  skipped?: SkippedRows;
}

/** A push parser of one per-request log: `push` chunks, `end`, then `finish` for its part. */
export interface RequestLogParser {
  push(chunk: Buffer | string): void;
  end(): void;
  /** Completion time of the last row recorded (-Infinity before the first): merged reading pulls from the file that lags. */
  readonly last: number;
  /** After end: the file's part; throws when it held no usable row. */
  finish(): RequestLogPart;
}

/** The IntervalSlots of a file, given once its reader knows the value scale and unit (a new one per file, or one shared by several). */
export type SlotsFor = (scale: number, unit: TimeUnit | null, kind: RequestLogKind, line: number) => IntervalSlots;

/** A push parser's constructor: a file, the options, and where its IntervalSlots come from. */
export type RequestLogParserFactory = (file: string, options: Partial<RequestLogOptions>, slotsFor: SlotsFor) => RequestLogParser;

/** JMeter's Transaction Controller sample: its responseMessage, as TransactionController writes it. */
const transactionMessage = /^Number of samples in transaction : \d+, number of failing samples : \d+$/;

/** True for the responseMessage of a JMeter Transaction Controller sample. */
export function isTransactionMessage(responseMessage: string): boolean {
  return transactionMessage.test(responseMessage);
}

/** More labels than --by-label keeps: the input as a whole cannot be read on, so --skip-bad-rows never skips it. */
export class LabelLimitError extends DataError {}

/** One file's requests into IntervalSlots, and the bookkeeping every per-request reader needs. */
export class RequestSink {
  /** The slots, once `open` has been called. */
  slots: IntervalSlots | null = null;
  /** Requests recorded (Transaction Controller samples not included). */
  rows = 0;
  /** Completion time of the last request recorded. */
  last = -Infinity;
  /** Earliest completion time recorded. */
  minTime = Infinity;
  /** Labels seen (the first 10,000, for the --label hint). */
  readonly labels = new Set<string>();
  /** Transaction Controller samples left out of the overall intervals, and their labels. */
  transactions = 0;
  readonly transactionLabels = new Set<string>();
  private kind: RequestLogKind = "generic";
  private unit: TimeUnit | null = null;
  private scale = 1;
  /** Latency in the file's unit times this = ms (for the sample observer). */
  private toMs = 1;
  /** With --start/--end: the first row's completion time, and the requests left out by the range (before the first row, or outside). */
  private rangeOrigin: number | null = null;
  private outOfRange = 0;
  private beforeOrigin = 0;
  /** No time range and no sample observer: decided once, so that `record` checks nothing per request for them. */
  private readonly plain: boolean;

  constructor(
    readonly file: string,
    readonly o: RequestLogOptions,
    private readonly slotsFor: SlotsFor,
  ) {
    this.plain = !o.samples && (o.start === undefined || o.start === null) && (o.end === undefined || o.end === null);
  }

  /** The reader knows the values' kind, unit and scale (histogram value = latency * scale): the slots are taken. */
  open(kind: RequestLogKind, unit: TimeUnit | null, scale: number, line: number): IntervalSlots {
    this.kind = kind;
    this.unit = unit;
    this.scale = scale;
    if (this.o.samples) {
      if (unit === null) throw new DataError(hm.unknownSampleUnit(this.file), { file: this.file, line });
      this.toMs = timeUnitSeconds[unit] * 1000;
    }
    this.slots = this.slotsFor(scale, unit, kind, line);
    return this.slots;
  }

  /** A DataError blaming the response time when the end is refused but the start would not be. */
  private checkElapsed(end: number, latency: number, start: number | undefined): void {
    if (start === undefined || start === end || this.slots!.timeProblem(end) === null || this.slots!.timeProblem(start) !== null) return;
    throw new DataError(rm.elapsedFar(latency, this.unit ?? "", end - start));
  }

  /** True when --by-label already holds maxLabels labels and this is a new one. */
  labelsFull(label: string): boolean {
    return this.o.byLabel && !this.slots!.labelBuilders.has(label) && this.slots!.labelBuilders.size >= this.o.maxLabels;
  }

  /**
   * A request's label admitted: a LabelLimitError (at `where`) past --by-label's label limit, else
   * whether --label keeps the request (the label is kept for the --label hint either way).
   */
  admit(label: string, where: Location): boolean {
    if (this.labelsFull(label)) throw new LabelLimitError(requestLogMergeMessage.tooManyLabels(this.o.maxLabels, label), where);
    return this.keeps(label);
  }

  /** A label seen (kept for the --label hint); false when --label leaves its request out. */
  keeps(label: string): boolean {
    if (this.labels.size < 10000) this.labels.add(label);
    return this.o.label === null || label === this.o.label;
  }

  /**
   * One request: completed at `end` (s), latency in the file's unit; failures count as errors.
   * `start` (s), when the file gives it: an end far outside the run from a start within it is the
   * response time's fault, and the error says so rather than blaming the timestamp.
   */
  record(end: number, latency: number, ok: boolean, label: string | undefined, start?: number): void {
    if (this.plain) return this.recordPlain(end, latency, ok, label, start);
    this.checkElapsed(end, latency, start);
    if (this.outside(end)) return;
    if (this.o.samples) this.observe(end, latency, ok, label ?? "", false);
    this.slots!.record(end, latency, ok, this.o.byLabel ? label : undefined);
    this.rows++;
    this.last = end;
    if (end < this.minTime) this.minTime = end;
  }

  /**
   * `record` of a request without a label kept apart, when it is cheap (IntervalSlots.recordNear):
   * true when recorded; false, with nothing done, for any other (then `record` it).
   */
  recordNear(end: number, latency: number, ok: boolean): boolean {
    if (!this.plain || this.o.byLabel || !this.slots!.recordNear(end, latency, ok)) return false;
    this.rows++;
    this.last = end;
    if (end < this.minTime) this.minTime = end;
    return true;
  }

  /**
   * `record` without a time range or sample observer: the time is checked once, by the slots (a
   * refused end with a start that would not be is then the response time's fault, as in checkElapsed).
   */
  private recordPlain(end: number, latency: number, ok: boolean, label: string | undefined, start: number | undefined): void {
    try {
      this.slots!.record(end, latency, ok, this.o.byLabel ? label : undefined);
    } catch (e) {
      this.checkElapsed(end, latency, start);
      throw e;
    }
    this.rows++;
    this.last = end;
    if (end < this.minTime) this.minTime = end;
  }

  /**
   * A Transaction Controller sample: its requests are counted one by one, so it stays out of the
   * overall intervals and total; with --by-label it is recorded under its own label. When --label
   * names it, it is the request asked for and is recorded as one.
   */
  transaction(end: number, latency: number, ok: boolean, label: string, start?: number): void {
    if (this.o.label !== null) return this.record(end, latency, ok, label, start);
    this.checkElapsed(end, latency, start);
    if (this.outside(end)) return;
    if (this.o.samples) this.observe(end, latency, ok, label, true);
    this.transactions++;
    if (this.transactionLabels.size < 100) this.transactionLabels.add(label);
    this.slots!.recordInLabel(end, latency, ok, label);
  }

  /** With --start/--end: true for a request completed outside the range (counted). */
  private outside(end: number): boolean {
    const { start, end: last } = this.o;
    if ((start === undefined || start === null) && (last === undefined || last === null)) return false;
    this.rangeOrigin ??= end;
    const offset = end - this.rangeOrigin;
    if (offset >= (start ?? Number.NEGATIVE_INFINITY) && offset <= (last ?? Number.POSITIVE_INFINITY)) return false;
    this.outOfRange++;
    if (offset < 0) this.beforeOrigin++;
    return true;
  }

  /** A sample to the observer, its times in ms (rounded to the µs, so a JTL's integer ms come back exactly). */
  private observe(end: number, latency: number, ok: boolean, label: string, transaction: boolean): void {
    const endMs = Math.round(end * 1e6) / 1e3;
    const elapsedMs = latency * this.toMs;
    this.o.samples!.sample(label, endMs - elapsedMs, endMs, elapsedMs, ok, transaction);
  }

  /**
   * After the last request: the file's part. `bad` holds the rows skipped with --skip-bad-rows;
   * a file without a recorded request is a DataError saying why.
   */
  finish(timeUnit: EpochUnit | "iso" | undefined, warnings: string[], bad: BadRows): RequestLogPart {
    const { file } = this;
    if (this.rows === 0) {
      if (bad.first !== null) throw new DataError(rm.allRowsBad(bad.count, bad.first.line, bad.first.reason), { file });
      if (this.o.label !== null) throw new DataError(hm.noLabel(this.o.label, [...this.labels]), { file });
      if (this.transactions > 0) throw new DataError(requestSinkMessage.onlyTransactions(this.transactions), { file });
      if (this.outOfRange > 0) throw new DataError(requestSinkMessage.noneInRange(this.o.start ?? null, this.o.end ?? null, this.outOfRange), { file });
      throw new DataError(hm.requestLogNoRows(), { file, line: 2 });
    }
    const notes =
      this.transactions > 0
        ? [...warnings, requestSinkMessage.transactionsLeftOut(this.transactions, [...this.transactionLabels], this.o.byLabel)]
        : [...warnings];
    if (this.outOfRange > 0) notes.push(requestSinkMessage.leftOutOfRange(this.outOfRange, this.beforeOrigin));
    return {
      file,
      kind: this.kind,
      unit: this.unit,
      scale: this.scale,
      timeUnit,
      minTime: this.minTime,
      labels: this.labels,
      warnings: notes,
      ...(this.o.skipBadRows ? { skipped: bad.result() } : {}),
    };
  }
}

/** The IntervalSlots of per-request logs read with these options. */
export function requestLogSlots(o: Pick<RequestLogOptions, "interval" | "significantDigits" | "byLabel" | "minInterval">, scale: number): IntervalSlots {
  return new IntervalSlots({
    interval: o.interval,
    minInterval: o.minInterval ?? 0,
    scale,
    byLabel: o.byLabel,
    layout: { lowestDiscernibleValue: 1, highestTrackableValue: 3_600_000_000_000, significantDigits: o.significantDigits },
  });
}

/** Feed a source to a parser (a read failure becomes a DataError naming the file). */
export async function pumpRequestLog(source: AsyncIterable<Buffer | string>, file: string, parser: RequestLogParser): Promise<void> {
  try {
    for await (const chunk of source) parser.push(chunk);
    parser.end();
  } catch (e) {
    throw readError(e, file);
  }
}

export function readError(e: unknown, file: string): unknown {
  if (e instanceof ChpError) return e;
  return new DataError(message.cannotRead(file, (e as Error).message));
}

/** The format id a set of parts reads as: their common kind (a JTL, a JMeter XML, a Gatling log), else a per-request CSV. */
function setFormat(parts: readonly RequestLogPart[]): RequestLogSet["format"] {
  const kind = parts[0].kind;
  if (!parts.every((p) => p.kind === kind)) return "request-csv";
  return kind === "hey" || kind === "generic" ? "request-csv" : kind;
}

/** The result of one or several parsed logs recorded into `slots` (already finished). */
export function requestLogSet(parts: readonly RequestLogPart[], slots: IntervalSlots, interval: number): RequestLogSet {
  const first = parts[0];
  const s = slots;
  const tags = new Set<string>();
  for (const p of parts) for (const t of p.labels) tags.add(t);
  let skipped: SkippedRows | undefined;
  for (const p of parts) skipped = addSkipped(skipped, p.skipped, p.file);
  const labels =
    s.labelBuilders.size === 0
      ? undefined
      : [...s.labelBuilders]
          .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
          .map(([label, b]) => ({ label, intervals: b.intervals, total: b.total!, totalErrors: b.totalErrors }));
  return {
    file: parts.map((p) => p.file).join(" + "),
    format: setFormat(parts),
    unit: first.unit,
    scale: first.scale,
    startTime: first.timeUnit !== undefined && s.minTime > 1e8 ? s.minTime : null,
    intervals: s.builder.intervals,
    total: s.builder.total!,
    totalErrors: s.builder.totalErrors,
    tags: [...tags],
    kind: first.kind,
    late: s.late,
    interval,
    warnings: [...new Set(parts.flatMap((p) => p.warnings))],
    ...(skipped ? { skipped } : {}),
    ...(labels ? { labels } : {}),
  };
}

/** Stream one per-request log through the parser `factory` makes into intervals. */
export async function readRequestLogWith(
  factory: RequestLogParserFactory,
  source: AsyncIterable<Buffer | string>,
  file: string,
  options: Partial<RequestLogOptions> = {},
): Promise<RequestLogSet> {
  const o = { ...defaultRequestLogOptions, parallel: true, ...options };
  let slots: IntervalSlots | null = null;
  const parser = factory(file, o, (scale) => (slots = requestLogSlots(o, scale)));
  await pumpRequestLog(source, file, parser);
  const part = parser.finish();
  const s = slots!;
  return requestLogSet([part], s, s.finish());
}
