/**
 * k6's raw outputs, streamed into the per-request path: `--out csv` (one row per metric sample,
 * every metric interleaved) and `--out json` (NDJSON: "Metric" definition lines and "Point" lines).
 *
 *   bytes -> rows (csv-records.ts) | lines (line-splitter.ts) -> samples of the chosen trend metric
 *   (http_req_duration, or --metric NAME): completion time = the sample's time, latency = its value
 *   (ms), label = its `name` tag, success (below) -> RequestSink -> IntervalSlots
 *
 *   metric_name,timestamp,metric_value,check,error,...,name,...,status,...,extra_tags,metadata
 *   http_req_duration,1730305221,218.508000,,,,true,,POST,http://x/transaction,...,200,...
 *
 *   {"metric":"http_req_duration","type":"Point","data":{"time":"2024-08-21T03:13:39.741736-03:00",
 *    "value":218.5,"tags":{"expected_response":"true","name":"http://x/","status":"200",...}}}
 *
 * k6 writes one request's samples together (its Trail, lib/netext/httpext/tracer.go): http_reqs,
 * http_req_duration, blocked, connecting, tls_handshaking, sending, waiting, receiving, then
 * http_req_failed, all stamped with the request's end time. Whether a request failed, first rule
 * that applies:
 *   1. its `expected_response` tag ("false": failed). k6 derives http_req_failed from the same
 *      response callback, so the tag and the metric never disagree;
 *   2. the http_req_failed point of the same request (same time, after the sample; 1: failed),
 *      when the tag is not kept (--system-tags without expected_response);
 *   3. its `status` tag: k6's default expected statuses 200-399 succeed; 0 (no response) and any
 *      other fail (a run with responseCallback null has neither 1 nor 2);
 *   4. none of these (a Trend of one's own): a success.
 *
 * The CSV's time is epoch seconds by default (K6_CSV_TIME_FORMAT: whole seconds; unix_milli,
 * unix_micro, unix_nano or rfc3339 when set); the JSON's is RFC 3339 with nanoseconds. Values of
 * time trends are milliseconds.
 */
import { DataError } from "../errors.js";
import { k6Message as km, message } from "../messages.js";
import { CsvRecords } from "./csv-records.js";
import { lineSplitter } from "./line-splitter.js";
import { decodingFeeder, pushParser } from "./push-parser.js";
import { type EpochUnit, parseIsoSeconds, parseTimeCell } from "./parse-cell.js";
import {
  defaultRequestLogOptions,
  LabelLimitError,
  readRequestLogWith,
  RequestSink,
  type RequestLogKind,
  type RequestLogOptions,
  type RequestLogParser,
  type RequestLogSet,
  type SlotsFor,
} from "./request-sink.js";
import { BadRows, markRowError } from "./series-checks.js";

/** The trend read unless --metric names another. */
export const defaultK6Metric = "http_req_duration";

/** k6's per-request failure metric. */
const failedMetric = "http_req_failed";

/** Histogram values are the ms latency times this: microsecond resolution. */
const scale = 1000;

/** A tag of a sample (undefined: not there). */
type Tags = (name: string) => string | undefined;

/** A sample waiting for its request's http_req_failed point (no expected_response tag). */
interface Pending {
  time: number;
  latency: number;
  label: string;
  status: string | undefined;
  line: number;
}

/** Success by a status tag (rule 3 at the top of this file); undefined when there is none. */
function statusOk(status: string | undefined): boolean | undefined {
  if (status === undefined || status === "") return undefined;
  const n = Number(status);
  return Number.isInteger(n) && n >= 200 && n <= 399;
}

/** What both encodings share: samples in, requests into the sink. */
class K6Requests {
  readonly sink: RequestSink;
  readonly bad = new BadRows();
  readonly metric: string;
  /** Metric names seen (the first 100), for the message when the chosen one has no sample. */
  readonly seen = new Set<string>();
  /** Samples of the chosen metric (recorded, failed, or left out by --label). */
  points = 0;
  private pending: Pending | null = null;
  private opened = false;

  constructor(
    readonly file: string,
    readonly o: RequestLogOptions,
    slotsFor: SlotsFor,
    private readonly kind: RequestLogKind,
  ) {
    this.sink = new RequestSink(file, o, slotsFor);
    this.metric = o.metric ?? defaultK6Metric;
  }

  open(line: number): void {
    if (this.opened) return;
    this.opened = true;
    this.sink.open(this.kind, "ms", scale, line);
  }

  note(metric: string): void {
    if (this.seen.size < 100) this.seen.add(metric);
  }

  /** A request recorded (its --label check done). */
  private record(time: number, latency: number, ok: boolean, label: string): void {
    this.sink.record(time, latency, ok, label);
  }

  /** The waiting sample, by its status (rules 3 and 4). */
  flush(): void {
    const p = this.pending;
    if (p === null) return;
    this.pending = null;
    this.record(p.time, p.latency, statusOk(p.status) ?? true, p.label);
  }

  /** A sample of the chosen metric: time in s, value in ms. */
  sample(time: number, latency: number, tags: Tags, line: number): void {
    this.flush();
    this.points++;
    const label = tags("name") ?? tags("url") ?? "";
    if (!this.sink.admit(label, { file: this.file, line })) return;
    const expected = tags("expected_response");
    if (expected === "true" || expected === "false") return this.record(time, latency, expected === "true", label);
    this.pending = { time, latency, label, status: tags("status"), line };
  }

  /** An http_req_failed point: the waiting sample's request, when it has the same time (rule 2). */
  failed(time: number, value: number): void {
    const p = this.pending;
    if (p === null || p.time !== time) return;
    this.pending = null;
    this.record(p.time, p.latency, value === 0, p.label);
  }

  /** A row's error: skipped with --skip-bad-rows, else thrown. */
  rowError(e: unknown, line: number): void {
    if (e instanceof LabelLimitError || !this.o.skipBadRows || !this.bad.add(e, line)) throw markRowError(e);
  }

  finish(timeUnit: EpochUnit | "iso" | undefined) {
    this.flush();
    if (this.points === 0 && this.bad.first === null) throw new DataError(km.noPoints(this.metric, [...this.seen]), { file: this.file });
    return this.sink.finish(timeUnit, [], this.bad);
  }
}

/** A latency value: a finite number >= 0 (ms). */
function latencyOf(metric: string, text: string): number {
  const v = text.trim() === "" ? NaN : Number(text);
  if (!Number.isFinite(v) || v < 0) throw new DataError(km.badValue(metric, text));
  return v;
}

/** The tags of a k6 CSV row: its tag columns, else (empty or no column) `extra_tags` (k=v&k=v). */
function csvTags(fields: readonly string[], columns: ReadonlyMap<string, number>, extra: number): Tags {
  return (name) => {
    const i = columns.get(name);
    if (i !== undefined && fields[i] !== "") return fields[i];
    if (extra < 0 || fields[extra] === "") return undefined;
    for (const kv of fields[extra].split("&")) {
      const eq = kv.indexOf("=");
      if (eq > 0 && kv.slice(0, eq) === name) return kv.slice(eq + 1);
    }
    return undefined;
  };
}

/** A push parser of one k6 `--out csv` file (see the top of this file). */
export function k6CsvParser(file: string, options: Partial<RequestLogOptions>, slotsFor: SlotsFor): RequestLogParser {
  const o = { ...defaultRequestLogOptions, ...options };
  const k6 = new K6Requests(file, o, slotsFor, "k6-csv");
  let header: string[] | null = null;
  const columns = new Map<string, number>();
  let at = { metric: 0, time: 1, value: 2, extra: -1 };
  let timeUnit: EpochUnit | undefined;
  let iso = false;

  const time = (cell: string): number => {
    const t = parseTimeCell(cell, timeUnit);
    if (t.kind !== "number") throw new DataError(km.badTime(cell));
    if (t.unit === undefined) iso = true;
    else timeUnit ??= t.unit;
    return t.value;
  };

  const onRecord = (f: string[], line: number): void => {
    if (header === null) {
      header = f;
      f.forEach((c, i) => columns.set(c, i));
      const missing = ["metric_name", "timestamp", "metric_value"].filter((c) => !columns.has(c));
      if (missing.length > 0) throw new DataError(km.csvNoColumns(missing), { file, line });
      at = {
        metric: columns.get("metric_name")!,
        time: columns.get("timestamp")!,
        value: columns.get("metric_value")!,
        extra: columns.get("extra_tags") ?? -1,
      };
      k6.open(line);
      return;
    }
    try {
      if (f.length !== header.length) throw new DataError(km.csvFields(f.length, header.length), { file, line });
      const metric = f[at.metric];
      k6.note(metric);
      if (metric === k6.metric) k6.sample(time(f[at.time]), latencyOf(metric, f[at.value]), csvTags(f, columns, at.extra), line);
      else if (metric === failedMetric) k6.failed(time(f[at.time]), Number(f[at.value]));
    } catch (e) {
      k6.rowError(e instanceof DataError && e.location.line === undefined ? new DataError(e.reason, { file, line }) : e, line);
    }
  };

  return pushParser(
    decodingFeeder(new CsvRecords(",", onRecord, file)),
    o.onProgress,
    () => k6.sink.last,
    () => {
      if (header === null) throw new DataError(message.emptyFile(), { file });
      return k6.finish(iso ? "iso" : timeUnit);
    },
  );
}

/** The fields of a k6 JSON Point line that are read. */
interface Point {
  type?: unknown;
  metric?: unknown;
  data?: { time?: unknown; value?: unknown; tags?: unknown; type?: unknown; contains?: unknown; name?: unknown };
}

/** A push parser of one k6 `--out json` file (see the top of this file). */
export function k6JsonParser(file: string, options: Partial<RequestLogOptions>, slotsFor: SlotsFor): RequestLogParser {
  const o = { ...defaultRequestLogOptions, ...options };
  const k6 = new K6Requests(file, o, slotsFor, "k6-json");
  const wanted = JSON.stringify(k6.metric);
  const failed = JSON.stringify(failedMetric);
  let line = 0;
  let any = false;

  const timeOf = (p: Point): number => {
    const text = p.data?.time;
    const t = typeof text === "string" ? parseIsoSeconds(text) : NaN;
    if (Number.isNaN(t)) throw new DataError(km.badTime(String(text)));
    return t;
  };

  const read = (text: string): void => {
    if (!(text.startsWith("{") && text.endsWith("}"))) throw new DataError(km.jsonLine(text));
    // only the lines that can matter are parsed: the chosen metric's, http_req_failed's, definitions
    const definition = text.includes('"Metric"');
    if (!definition && !text.includes(wanted) && !text.includes(failed)) return;
    let p: Point;
    try {
      p = JSON.parse(text) as Point;
    } catch {
      throw new DataError(km.jsonLine(text));
    }
    if (typeof p !== "object" || p === null || typeof p.metric !== "string" || (p.type !== "Point" && p.type !== "Metric"))
      throw new DataError(km.jsonLine(text));
    if (p.type === "Metric") {
      k6.note(p.metric);
      const type = String(p.data?.type ?? "");
      if (p.metric === k6.metric && type !== "trend") throw new DataError(km.notTrend(k6.metric, type, String(p.data?.contains ?? "")));
      return;
    }
    const value = p.data?.value;
    if (p.metric === k6.metric) {
      const tags = (p.data?.tags ?? {}) as Record<string, unknown>;
      const tag: Tags = (name) => (typeof tags[name] === "string" ? (tags[name] as string) : undefined);
      k6.sample(timeOf(p), latencyOf(p.metric, typeof value === "number" ? String(value) : JSON.stringify(value ?? null)), tag, line);
    } else if (p.metric === failedMetric) k6.failed(timeOf(p), Number(value));
  };

  const onLine = (text: string): void => {
    line++;
    if (text.trim() === "") return;
    if (!any) {
      any = true;
      k6.open(line);
    }
    try {
      read(text);
    } catch (e) {
      k6.rowError(e instanceof DataError && e.location.line === undefined ? new DataError(e.reason, { file, line }) : e, line);
    }
  };

  return pushParser(
    lineSplitter(onLine, file),
    o.onProgress,
    () => k6.sink.last,
    () => {
      if (!any) throw new DataError(message.emptyFile(), { file });
      return k6.finish("iso");
    },
  );
}

/** Stream a k6 `--out csv` file into intervals. */
export async function readK6Csv(source: AsyncIterable<Buffer | string>, file: string, options: Partial<RequestLogOptions> = {}): Promise<RequestLogSet> {
  return readRequestLogWith(k6CsvParser, source, file, options);
}

/** Stream a k6 `--out json` file into intervals. */
export async function readK6Json(source: AsyncIterable<Buffer | string>, file: string, options: Partial<RequestLogOptions> = {}): Promise<RequestLogSet> {
  return readRequestLogWith(k6JsonParser, source, file, options);
}
