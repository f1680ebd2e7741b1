/**
 * vegeta's results, encoded with `vegeta encode --to csv` or `--to json`, streamed into the
 * per-request path. Layouts from vegeta's lib/results.go (NewCSVEncoder, and the easyjson encoder of
 * jsonResult in lib/results_easyjson.go):
 *
 *   CSV, no header, one result a record (12 fields since v12.8.0; 9 before, without method, url and
 *   headers):
 *     timestamp (ns since epoch), code, latency (ns), bytes out, bytes in, error, body (base64),
 *     attack, seq, method, url, headers (base64)
 *   JSON, one object a line:
 *     {"attack":"","seq":0,"code":200,"timestamp":"2020-03-24T12:00:00.123456789Z","latency":1234567,
 *      "bytes_out":0,"bytes_in":12,"error":"","body":"...","method":"GET","url":"http://x/","headers":{...}}
 *
 *   completion time = timestamp + latency (vegeta's Result.End), latency ns -> ms (microsecond
 *   histograms), success = code 200-399 (vegeta's own Success ratio, lib/metrics.go; a result with
 *   no response has code 0), label = the url (the attack name in the 9-field CSV)
 */
import { DataError } from "../errors.js";
import { message, vegetaMessage as vm } from "../messages.js";
import { ByteRows } from "./byte-rows.js";
import { lineSplitter } from "./line-splitter.js";
import { pushParser } from "./push-parser.js";
import { parseDigitBytes, parseIsoSeconds } from "./parse-cell.js";
import {
  defaultRequestLogOptions,
  LabelLimitError,
  readRequestLogWith,
  RequestSink,
  type RequestLogOptions,
  type RequestLogParser,
  type RequestLogSet,
  type SlotsFor,
} from "./request-sink.js";
import { BadRows, markRowError } from "./series-checks.js";

/** Histogram values are ms latencies times this (microseconds). */
const scale = 1000;

const digits = /^\d+$/;

/** vegeta's success: a response with a 2xx or 3xx code. */
const succeeded = (code: number) => code >= 200 && code < 400;

/** What both encodings share: one result into the sink. */
function vegetaSink(file: string, options: Partial<RequestLogOptions>, slotsFor: SlotsFor, kind: "vegeta-csv" | "vegeta-json") {
  const o = { ...defaultRequestLogOptions, ...options };
  const sink = new RequestSink(file, o, slotsFor);
  const bad = new BadRows();
  let opened = false;
  return {
    o,
    sink,
    bad,
    open(line: number) {
      if (!opened) sink.open(kind, "ms", scale, line);
      opened = true;
    },
    get opened() {
      return opened;
    },
    /** One result: start in epoch s, latency in ns. */
    result(start: number, latencyNs: number, code: number, label: string, line: number) {
      if (!sink.admit(label, { file, line })) return;
      sink.record(start + latencyNs * 1e-9, latencyNs / 1e6, succeeded(code), label);
    },
    /** A record's error: skipped with --skip-bad-rows, else thrown (with the line). */
    rowError(e: unknown, line: number) {
      const located = e instanceof DataError && e.location.line === undefined ? new DataError(e.reason, { file, line }) : e;
      if (located instanceof LabelLimitError || !o.skipBadRows || !bad.add(located, line)) throw markRowError(located);
    },
  };
}

/** A non-negative whole number field, or a DataError naming it. */
function whole(value: string, field: string): number {
  if (!digits.test(value)) throw new DataError(vm.badField(field, value));
  return Number(value);
}

/**
 * A push parser of `vegeta encode --to csv` output (see the top of this file). The first record is
 * read as text and gives the layout; then a record without a quote is read from its bytes (its
 * label decoded once per distinct label), and one that does not fit (spaces around a number, a
 * field count that changed) is read as text, which says what is wrong. From a record with a quote
 * on, the RFC 4180 splitter reads the rest (vegeta quotes an error message holding a comma or quote).
 */
export function vegetaCsvParser(file: string, options: Partial<RequestLogOptions>, slotsFor: SlotsFor): RequestLogParser {
  const v = vegetaSink(file, options, slotsFor, "vegeta-csv");
  let fields = 0;
  /** The labels read so far, as bytes and text (the first 64 are kept). */
  const labels: { bytes: Uint8Array; label: string }[] = [];
  const labelOf = (buf: Buffer, from: number, to: number): string => {
    const length = to - from;
    for (const l of labels) {
      if (l.bytes.length !== length) continue;
      let same = true;
      for (let i = 0; i < length && same; i++) same = buf[from + i] === l.bytes[i];
      if (same) return l.label;
    }
    const label = buf.toString("utf8", from, to);
    if (labels.length < 64) labels.push({ bytes: Uint8Array.prototype.slice.call(buf, from, to), label });
    return label;
  };
  const onBytes = (buf: Buffer, n: number, count: number, line: number): void => {
    const starts = rows.starts;
    const ends = rows.ends;
    const labelField = fields === 12 ? 10 : 7;
    const tsFrom = starts[0];
    const tsTo = ends[0];
    const seconds = tsTo - tsFrom >= 16 ? parseDigitBytes(buf, tsFrom, tsTo - 9) : Number.NaN;
    const nanos = parseDigitBytes(buf, tsTo - 9, tsTo);
    const code = parseDigitBytes(buf, starts[1], ends[1]);
    const latency = parseDigitBytes(buf, starts[2], ends[2]);
    if (count !== fields || n <= labelField || Number.isNaN(seconds + nanos + code + latency)) {
      let end = buf.indexOf(10, tsFrom);
      if (end < 0) end = buf.length;
      if (end > tsFrom && buf[end - 1] === 13) end--;
      onRecord(buf.toString("utf8", tsFrom, end).split(","), line);
      return;
    }
    try {
      v.result(seconds + nanos * 1e-9, latency, code, labelOf(buf, starts[labelField], ends[labelField]), line);
    } catch (e) {
      v.rowError(e, line);
    }
  };
  const onRecord = (f: string[], line: number): void => {
    v.open(line);
    try {
      if (fields === 0) {
        if (f.length !== 12 && f.length !== 9) throw new DataError(vm.csvFields(f.length));
        fields = f.length;
        // the fields up to the label, and one more than the layout's count (so a longer record shows)
        rows.columns(fields === 12 ? 11 : 8, fields + 1);
      }
      if (f.length !== fields) throw new DataError(vm.csvFieldsChanged(f.length, fields));
      const ts = f[0].trim();
      if (!digits.test(ts) || ts.length < 16) throw new DataError(vm.badField("timestamp (ns since epoch)", ts));
      const start = Number(ts.slice(0, -9) || "0") + Number(ts.slice(-9)) * 1e-9;
      const code = whole(f[1].trim(), "code");
      const latency = whole(f[2].trim(), "latency (ns)");
      v.result(start, latency, code, fields === 12 ? f[10] : f[7], line);
    } catch (e) {
      v.rowError(e, line);
    }
  };
  const rows = new ByteRows(",", (f, _count, line) => onRecord(f, line), onBytes, file);
  return pushParser(
    { push: (chunk) => rows.push(typeof chunk === "string" ? Buffer.from(chunk) : chunk), end: () => rows.end() },
    v.o.onProgress,
    () => v.sink.last,
    () => {
      if (!v.opened) throw new DataError(message.emptyFile(), { file });
      return v.sink.finish("ns", [], v.bad);
    },
  );
}

/** The fields of a vegeta JSON result that are read. */
interface JsonResult {
  code?: unknown;
  timestamp?: unknown;
  latency?: unknown;
  url?: unknown;
  attack?: unknown;
}

/** A push parser of `vegeta encode --to json` output (see the top of this file). */
export function vegetaJsonParser(file: string, options: Partial<RequestLogOptions>, slotsFor: SlotsFor): RequestLogParser {
  const v = vegetaSink(file, options, slotsFor, "vegeta-json");
  let line = 0;
  const onLine = (text: string): void => {
    line++;
    if (text.trim() === "") return;
    v.open(line);
    try {
      let r: JsonResult;
      try {
        r = JSON.parse(text) as JsonResult;
      } catch {
        throw new DataError(vm.jsonLine(text));
      }
      if (typeof r !== "object" || r === null || Array.isArray(r)) throw new DataError(vm.jsonLine(text));
      const start = typeof r.timestamp === "string" ? parseIsoSeconds(r.timestamp) : NaN;
      if (Number.isNaN(start)) throw new DataError(vm.badField("timestamp (RFC 3339)", JSON.stringify(r.timestamp ?? null)));
      if (!(typeof r.latency === "number" && Number.isInteger(r.latency) && r.latency >= 0))
        throw new DataError(vm.badField("latency (ns)", JSON.stringify(r.latency ?? null)));
      if (!(typeof r.code === "number" && Number.isInteger(r.code) && r.code >= 0)) throw new DataError(vm.badField("code", JSON.stringify(r.code ?? null)));
      const label = typeof r.url === "string" && r.url !== "" ? r.url : typeof r.attack === "string" ? r.attack : "";
      v.result(start, r.latency, r.code, label, line);
    } catch (e) {
      v.rowError(e, line);
    }
  };
  return pushParser(
    lineSplitter(onLine, file),
    v.o.onProgress,
    () => v.sink.last,
    () => {
      if (!v.opened) throw new DataError(message.emptyFile(), { file });
      return v.sink.finish("iso", [], v.bad);
    },
  );
}

/** Stream `vegeta encode --to csv` output into intervals. */
export async function readVegetaCsv(source: AsyncIterable<Buffer | string>, file: string, options: Partial<RequestLogOptions> = {}): Promise<RequestLogSet> {
  return readRequestLogWith(vegetaCsvParser, source, file, options);
}

/** Stream `vegeta encode --to json` output into intervals. */
export async function readVegetaJson(source: AsyncIterable<Buffer | string>, file: string, options: Partial<RequestLogOptions> = {}): Promise<RequestLogSet> {
  return readRequestLogWith(vegetaJsonParser, source, file, options);
}
