/**
 * Per-request logs, aggregated into intervals while streaming:
 * - JMeter JTL CSV (`timeStamp,elapsed,label,responseCode,...,success`; timeStamp
 *   = request start in epoch ms, elapsed in ms; a header-less JTL in JMeter's
 *   default field order is read too);
 * - `hey -o csv` (`response-time` in s, ..., `status-code`, `offset` = start in s
 *   from the run's start);
 * - generic `timestamp,latency[,success][,label]` CSVs (columns found by name or
 *   flag; the time is the completion time unless its name says start/offset).
 *
 *   bytes -> rows (src/load/byte-rows.ts; text chunks: fast-rows.ts; quoted
 *   lines: csv-records.ts) -> header -> per row: completion time = start + latency,
 *   success?, label filter -> RequestSink (request-sink.ts) -> IntervalSlots (one
 *   HdrHistogram per interval) -> IntervalSet
 *
 * A row of plain cells read from bytes is parsed from its bytes (parseDecimalBytes,
 * successBytes, labels decoded once per distinct label); any other row is decoded and
 * read by the general path (onRow), so both give the same values and errors
 * (test/load/byte-rows.test.ts cross-checks them). A large log read alone is parsed in
 * batches of whole lines on two threads from `parallelFrom` bytes on (row-batches.ts); the rows
 * are recorded here in line order with byteRow's checks, so the result is the same
 * (test/load/row-batches.test.ts).
 *
 * Throughput = successful completions per second; failures are counted per
 * interval (`errors`), not recorded in the histograms. Memory holds the open
 * intervals' histograms, not the rows.
 *
 * `byLabel` also aggregates each label apart (one histogram per open interval per
 * label, at most `maxLabels` labels). `requestLogParser` is the push parser under
 * `readRequestLog`; several logs share one IntervalSlots in merge-intervals.ts.
 *
 * A JTL row whose responseMessage is a Transaction Controller's ("Number of samples in
 * transaction : N, number of failing samples : M") times requests that have rows of their
 * own: it is left out of the overall intervals and total (as JMeter's dashboard leaves it
 * out of its Total row), and kept under its own label with --by-label.
 */
import { StringDecoder } from "node:string_decoder";
import { setImmediate as yieldNow } from "node:timers/promises";
import { DataError } from "../errors.js";
import { histogramMessage as hm, message, reliabilityMessage as rm, requestLogMergeMessage as labelMessage } from "../messages.js";
import { BadRows, markRowError, timeFormatMismatch } from "./series-checks.js";
import { detectColumn, matchScore, nameTokens, resolveColumn } from "./columns.js";
import { asTimeUnit, timeUnitSeconds, unitFromColumnName, type TimeUnit } from "./units.js";
import { FastRows } from "./fast-rows.js";
import { ByteRows } from "./byte-rows.js";
import { cutFields } from "./cut-fields.js";
import { BLANK, type ParsedRows, ROW, type RowColumns, SHORT, TRANSACTION } from "./request-rows.js";
import { batchBytes, type ReadInto, RowBatches, type RowWorker, startRowWorker, stopRowWorker } from "./row-batches.js";
import type { SyncReader } from "./open-input.js";
import { detectDelimiter, firstLine } from "./delimiter.js";
import type { IntervalSlots } from "./interval-slots.js";
import { epochScale, epochUnitOf, parseDecimalBytes, parseNumberCell, parseTimeCell, type EpochUnit } from "./parse-cell.js";
import {
  defaultRequestLogOptions,
  isTransactionMessage,
  readRequestLogWith,
  readError,
  requestLogSet,
  requestLogSlots,
  LabelLimitError,
  RequestSink,
  type RequestLogKind,
  type RequestLogOptions,
  type RequestLogParser,
  type RequestLogSet,
} from "./request-sink.js";

/** Re-exported from units.ts, where the time units live. */
export { timeUnitSeconds, type TimeUnit } from "./units.js";
/** Re-exported from request-sink.ts, which every per-request reader shares. */
export {
  defaultRequestLogOptions,
  pumpRequestLog,
  readError,
  requestLogSet,
  requestLogSlots,
  type LabelIntervals,
  type RequestLogKind,
  type RequestLogOptions,
  type RequestLogParser,
  type RequestLogPart,
  type RequestLogSet,
} from "./request-sink.js";

/** JMeter's default CSV field order, for JTL files written without a header. */
export const jtlDefaultFields = [
  "timeStamp",
  "elapsed",
  "label",
  "responseCode",
  "responseMessage",
  "threadName",
  "dataType",
  "success",
  "failureMessage",
  "bytes",
  "sentBytes",
  "grpThreads",
  "allThreads",
  "URL",
  "Latency",
  "IdleTime",
  "Connect",
];

type Kind = RequestLogKind;

interface Layout {
  kind: Kind;
  time: number;
  latency: number;
  success?: number;
  label?: number;
  /** A JTL's responseMessage (Transaction Controller samples are told by it). */
  message?: number;
  unit: TimeUnit | null;
  timeIsStart: boolean;
  header: string[];
}

const successNames = ["success", "ok", "status", "status_code", "statuscode", "code", "result", "responsecode", "response_code"];
const labelNames = ["label", "name", "endpoint", "operation", "request", "transaction", "url"];

/** Decide which columns hold what, from the header. */
export function requestLogLayout(header: string[], o: Partial<RequestLogOptions>, file: string): Layout {
  const names = header.map((h) => h.trim().toLowerCase());
  const byName = (n: string) => names.indexOf(n.toLowerCase());
  let kind: Kind = "generic";
  if (byName("timestamp") >= 0 && byName("elapsed") >= 0) kind = "jtl";
  else if (byName("response-time") >= 0 && byName("offset") >= 0) kind = "hey";
  // A column the user named, else the format's own (JTL, hey), else one detected by name.
  const pick = (flagValue: string | undefined, flag: string, preset: number, find: () => number, role: string, required: boolean) => {
    if (flagValue !== undefined) return resolveColumn(header, flagValue, flag);
    const i = preset >= 0 ? preset : find();
    if (i < 0 && required) throw new DataError(hm.requestLogNoColumn(role, flag, header), { file, line: 1 });
    return i;
  };
  const preset = (jtl: string, hey: string) => (kind === "jtl" ? byName(jtl) : kind === "hey" ? byName(hey) : -1);
  const latency = pick(
    o.responseCol,
    "--response-col",
    preset("elapsed", "response-time"),
    () => detectColumn(header, (h) => matchScore(h, "response")),
    "the response time",
    true,
  );
  const time = pick(
    o.timeCol,
    "--time-col",
    preset("timeStamp", "offset"),
    () => detectColumn(header, (h) => matchScore(h, "time"), [latency]),
    "the time",
    true,
  );
  const nameIs = (list: string[]) => (h: string) => (list.includes(nameTokens(h).join("_")) ? 2 : 0);
  const success = pick(
    o.successCol,
    "--success-col",
    preset("success", "status-code"),
    () => detectColumn(header, nameIs(successNames), [latency, time]),
    "success",
    false,
  );
  const label = pick(
    o.labelCol,
    "--label-col",
    kind === "jtl" ? byName("label") : -1,
    () => detectColumn(header, nameIs(labelNames), [latency, time, success]),
    "the label",
    false,
  );
  // A generic CSV's latency unit is the one its column's name states, unless that is minutes.
  let unit: TimeUnit | null = kind === "jtl" ? "ms" : kind === "hey" ? "s" : asTimeUnit(unitFromColumnName(header[latency]));
  if (o.inputUnit) unit = o.inputUnit;
  const tTokens = nameTokens(header[time]);
  const timeIsStart = kind !== "generic" || tTokens.some((t) => ["start", "offset", "begin", "sent", "starttime"].includes(t));
  const message = kind === "jtl" ? byName("responseMessage") : -1;
  return {
    kind,
    time,
    latency,
    success: success >= 0 ? success : undefined,
    label: label >= 0 ? label : undefined,
    ...(message >= 0 ? { message } : {}),
    unit,
    timeIsStart,
    header,
  };
}

/** A success cell: true/false, 1/0, ok/error, or an HTTP status (< 400 is a success). */
function parseSuccess(cell: string): boolean | null {
  const s = cell.trim().toLowerCase();
  if (s === "true" || s === "ok" || s === "1" || s === "yes" || s === "success" || s === "passed") return true;
  if (s === "false" || s === "0" || s === "error" || s === "fail" || s === "failed" || s === "no" || s === "ko") return false;
  if (/^\d{3}$/.test(s)) return Number(s) < 400;
  return null;
}

/**
 * parseSuccess of a cell's bytes for the common cells: 1 for `true` or an HTTP status < 400, 0 for
 * `false` or one >= 400, -1 for anything else (then the cell is decoded and given to parseSuccess).
 */
function successBytes(buf: Uint8Array, start: number, end: number): number {
  const n = end - start;
  if (n === 4 && buf[start] === 116 && buf[start + 1] === 114 && buf[start + 2] === 117 && buf[start + 3] === 101) return 1;
  if (n === 5 && buf[start] === 102 && buf[start + 1] === 97 && buf[start + 2] === 108 && buf[start + 3] === 115 && buf[start + 4] === 101) return 0;
  if (n === 3) {
    const a = buf[start] - 48,
      b = buf[start + 1] - 48,
      c = buf[start + 2] - 48;
    if (a >= 0 && a <= 9 && b >= 0 && b <= 9 && c >= 0 && c <= 9) return a * 100 + b * 10 + c < 400 ? 1 : 0;
  }
  return -1;
}

/**
 * Parse a per-request log pushed in chunks. The IntervalSlots come from `slotsFor`,
 * called once the header says the value scale and unit (a new one per file, or one
 * shared by several files).
 */
export function requestLogParser(
  file: string,
  options: Partial<RequestLogOptions>,
  slotsFor: (scale: number, unit: TimeUnit | null, kind: Kind, line: number) => IntervalSlots,
): PullingParser {
  const o = { ...defaultRequestLogOptions, ...options };
  const sink = new RequestSink(file, o, slotsFor);
  let layout: Layout | null = null;
  let scale = 1;
  let unitToSeconds = 1e-3;
  let timeUnit: EpochUnit | "iso" | undefined;
  let timeLine = 0;

  let afterHeader: (l: Layout) => void = () => undefined;
  let needed = Infinity;
  const start = (header: string[], line: number) => {
    layout = requestLogLayout(header, o, file);
    needed = Math.min(header.length, 2 + lastUsed(layout));
    afterHeader(layout);
    scale = layout.kind === "jtl" ? 1 : layout.unit === "s" ? 1e6 : layout.unit === "ms" ? 1e3 : layout.unit === null ? 1e3 : 1;
    unitToSeconds = layout.unit === null ? 0 : timeUnitSeconds[layout.unit];
    if (layout.unit === null && !layout.timeIsStart) unitToSeconds = 0;
    if (layout.unit === null && layout.timeIsStart) {
      throw new DataError(hm.unknownInputUnit(file), { file, line, column: header[layout.latency] });
    }
    if (o.byLabel && layout.label === undefined) throw new DataError(labelMessage.byLabelNoColumn(header), { file, line });
    sink.open(layout.kind, layout.unit, scale, line);
    const tuning = o.parallelTuning;
    if (o.parallel && (tuning?.threads ?? true) && (o.sizeHint ?? 0) >= (tuning?.from ?? parallelFrom) + batchBytes) early = startRowWorker();
  };
  /** The batches' worker, started as soon as the header is read when the input is known to be large. */
  let early: RowWorker | null = null;
  const stopEarly = (): void => {
    if (early !== null) stopRowWorker(early);
    early = null;
  };

  // --skip-bad-rows: a data row's DataError is counted, not thrown (a row records nothing until it is fully read).
  const bad = new BadRows();
  const rowFailed = (e: unknown, line: number): void => {
    if (e instanceof LabelLimitError) throw e;
    const located = e instanceof DataError && e.location.line === undefined ? new DataError(e.reason, { file, line }) : e;
    if (!o.skipBadRows || !bad.add(located, line)) throw markRowError(located);
  };
  const onRecord = (record: string[], count: number, line: number): void => {
    if (layout === null) return onRow(record, count, line);
    try {
      onRow(record, count, line);
    } catch (e) {
      rowFailed(e, line);
    }
  };
  /** One request read (time t in seconds, latency in the file's unit), from either path. */
  const recordRequest = (t: number, lat: number, ok: boolean, label: string | undefined): void => {
    sink.record(layout!.timeIsStart ? t + lat * unitToSeconds : t, lat, ok, label, layout!.timeIsStart ? t : undefined);
  };
  const onRow = (record: string[], count: number, line: number): void => {
    if (layout === null) {
      const header = record.map((h) => h.trim());
      if (parseNumberCell(header[0]).kind === "number" && parseNumberCell(header[1] ?? "").kind === "number") {
        if (record.length >= 8 && parseSuccess(record[7]) !== null) {
          start(
            jtlDefaultFields.slice(0, record.length).concat(record.slice(jtlDefaultFields.length).map((_, k) => `field${jtlDefaultFields.length + k + 1}`)),
            line,
          );
        } else throw new DataError(message.noHeader(header), { file, line });
      } else {
        start(header, line);
        return;
      }
    }
    const l = layout!;
    if (count < Math.min(l.header.length, needed)) {
      if (count === 1 && record[0].trim() === "") return;
      throw new DataError(message.wrongFieldCount(count, l.header.length), { file, line });
    }
    if (l.label !== undefined) {
      const lab = record[l.label];
      if (!sink.admit(lab, { file, line, column: l.header[l.label] })) return;
    }
    const latCell = record[l.latency];
    const lat = parseNumberCell(latCell);
    if (lat.kind !== "number") throw new DataError(hm.requestLogBadCell("a response time", latCell), { file, line, column: l.header[l.latency] });
    if (lat.value < 0) throw new DataError(hm.negativeLatency(lat.value), { file, line, column: l.header[l.latency] });
    const tCell = record[l.time];
    const t = parseTimeCell(tCell, timeUnit === "iso" ? undefined : timeUnit);
    if (t.kind !== "number") throw new DataError(message.badTimestamp(tCell), { file, line, column: l.header[l.time] });
    const mixed = timeFormatMismatch(tCell, t.unit, timeUnit);
    if (mixed) throw new DataError(rm.mixedTimestamps(tCell, mixed.found, mixed.expected, timeLine), { file, line, column: l.header[l.time] });
    if (timeUnit === undefined) {
      timeUnit = t.unit ?? "iso";
      timeLine = line;
    }
    let ok = true;
    if (l.success !== undefined) {
      const s = parseSuccess(record[l.success]);
      if (s === null)
        throw new DataError(hm.requestLogBadCell("a success flag (true/false, ok/error or an HTTP status)", record[l.success]), {
          file,
          line,
          column: l.header[l.success],
        });
      ok = s;
    }
    const lab = l.label !== undefined ? record[l.label] : undefined;
    if (l.message !== undefined && isTransactionMessage(record[l.message])) {
      sink.transaction(l.timeIsStart ? t.value + lat.value * unitToSeconds : t.value, lat.value, ok, lab ?? "", l.timeIsStart ? t.value : undefined);
    } else recordRequest(t.value, lat.value, ok, lab);
  };

  // Rows read from bytes (see byte-rows.ts): a row whose cells are plain decimals, a known success flag and
  // a timestamp of the column's epoch unit is recorded here, without decoding it; any other row is decoded
  // and goes through onRow, so it gives the same result or the same error.
  let byteRows: ByteRows | null = null;
  const labelCache = new Map<number, { bytes: Buffer; text: string }>();
  const labelOf = (buf: Buffer, s: number, e: number): string => {
    let h = Math.imul(0x811c9dc5 ^ (e - s), 16777619);
    for (let i = s; i < e; i++) h = Math.imul(h ^ buf[i], 16777619);
    const hit = labelCache.get(h);
    if (hit !== undefined) {
      const b = hit.bytes;
      if (b.length === e - s) {
        let i = 0;
        while (i < b.length && b[i] === buf[s + i]) i++;
        if (i === b.length) return hit.text;
      }
      return buf.toString("utf8", s, e);
    }
    const text = buf.toString("utf8", s, e);
    if (labelCache.size < 4096) labelCache.set(h, { bytes: Buffer.from(buf.subarray(s, e)), text });
    return text;
  };
  const decodedRow = (buf: Buffer, fields: number, count: number, line: number, starts = byteRows!.starts, ends = byteRows!.ends): void => {
    const record: string[] = [];
    for (let k = 0; k < fields; k++) record.push(buf.toString("utf8", starts[k], ends[k]));
    onRow(record, count, line);
  };
  const byteRow = (buf: Buffer, fields: number, count: number, line: number): void => {
    const l = layout!;
    const tu = timeUnit;
    if (fields < byteRows!.starts.length || count < needed || tu === undefined || tu === "iso") return decodedRow(buf, fields, count, line);
    const starts = byteRows!.starts;
    const ends = byteRows!.ends;
    let lab: string | undefined;
    if (l.label !== undefined) {
      lab = labelOf(buf, starts[l.label], ends[l.label]);
      if (sink.labelsFull(lab)) return decodedRow(buf, fields, count, line);
      if (!sink.keeps(lab)) return;
    }
    // a Transaction Controller's row (its message starts "Number of samples in transaction") is read by onRow
    if (l.message !== undefined && buf[starts[l.message]] === 78 && startsWithTransaction(buf, starts[l.message], ends[l.message])) {
      return decodedRow(buf, fields, count, line);
    }
    const lat = parseDecimalBytes(buf, starts[l.latency], ends[l.latency]);
    if (Number.isNaN(lat)) return decodedRow(buf, fields, count, line);
    const tv = parseDecimalBytes(buf, starts[l.time], ends[l.time]);
    if (Number.isNaN(tv) || epochUnitOf(tv) !== tu) return decodedRow(buf, fields, count, line);
    let ok = true;
    if (l.success !== undefined) {
      const sc = successBytes(buf, starts[l.success], ends[l.success]);
      if (sc < 0) {
        const s = parseSuccess(buf.toString("utf8", starts[l.success], ends[l.success]));
        if (s === null) return decodedRow(buf, fields, count, line);
        ok = s;
      } else ok = sc === 1;
    }
    recordRequest(tv * epochScale[tu], lat, ok, lab);
  };

  // Rows parsed in batches (row-batches.ts, request-rows.ts), recorded here in line order with the same
  // checks in the same order as byteRow; a row byteRow would decode is cut again and decoded.
  let batches: RowBatches | null = null;
  let rowColumns: RowColumns | null = null;
  let cellStarts = new Int32Array(0);
  let cellEnds = new Int32Array(0);
  const cut = new Int32Array(2);
  /** Cut row i's line again (into cellStarts/cellEnds; fields cut and counted into `cut`). */
  const cutRow = (buf: Buffer, r: ParsedRows, i: number): void => {
    const c = rowColumns!;
    cutFields(buf, r.lineStart[i], r.lineEnd[i], c.d, c.want, c.atLeast, cellStarts, cellEnds, cut);
  };
  const lineRow = (buf: Buffer, r: ParsedRows, i: number, line: number): void => {
    cutRow(buf, r, i);
    decodedRow(buf, cut[0], cut[1], line, cellStarts, cellEnds);
  };
  /** Per label id of the batch's dictionary: 0 not seen yet, 1 kept, 2 left out by --label. */
  const keptBy = new Map<readonly string[], Uint8Array>();
  let kept = new Uint8Array(0);
  const parsedRow = (buf: Buffer, r: ParsedRows, i: number, kind: number, line: number, names: readonly string[]): void => {
    const l = layout!;
    const tu = timeUnit;
    if (kind === SHORT || tu === undefined || tu === "iso") return lineRow(buf, r, i, line);
    let lab: string | undefined;
    if (l.label !== undefined) {
      const id = r.label[i];
      if (id >= 0) lab = names[id];
      else {
        cutRow(buf, r, i);
        lab = labelOf(buf, cellStarts[l.label], cellEnds[l.label]);
      }
      if (id >= 0 && !o.byLabel) {
        // without --by-label a label's first sight decides for all its rows (keeps notes it then)
        let k = kept[id];
        if (k === 0) kept[id] = k = sink.keeps(lab) ? 1 : 2;
        if (k === 2) return;
      } else {
        if (sink.labelsFull(lab)) return lineRow(buf, r, i, line);
        if (!sink.keeps(lab)) return;
      }
    }
    if (kind === TRANSACTION) return lineRow(buf, r, i, line);
    const lat = r.latency[i];
    if (Number.isNaN(lat)) return lineRow(buf, r, i, line);
    const tv = r.time[i];
    if (Number.isNaN(tv) || epochUnitOf(tv) !== tu) return lineRow(buf, r, i, line);
    let ok = true;
    if (l.success !== undefined) {
      const sc = r.ok[i];
      if (sc < 0) {
        cutRow(buf, r, i);
        const s = parseSuccess(buf.toString("utf8", cellStarts[l.success], cellEnds[l.success]));
        if (s === null) return lineRow(buf, r, i, line);
        ok = s;
      } else ok = sc === 1;
    }
    recordRequest(tv * epochScale[tu], lat, ok, lab);
  };
  const onRows = (buf: Buffer, r: ParsedRows, first: number, names: readonly string[]): void => {
    kept = keptBy.get(names) ?? new Uint8Array(0);
    if (kept.length < names.length) {
      const grown = new Uint8Array(Math.max(names.length, 2 * kept.length));
      grown.set(kept);
      kept = grown;
      keptBy.set(names, kept);
    }
    const kinds = r.kind;
    const l = layout!;
    const labelled = l.label !== undefined;
    const fast = !o.byLabel;
    for (let i = 0; i < r.rows; i++) {
      const kind = kinds[i];
      if (kind === BLANK) continue;
      // The common row, recorded here: parsedRow's checks in its order, up to the recording
      // (sink.recordNear); any other row (or one recordNear does not take) goes to parsedRow.
      const tu = timeUnit;
      if (fast && kind === ROW && tu !== undefined && tu !== "iso") {
        let k = 1;
        if (labelled) {
          const id = r.label[i];
          k = id >= 0 ? kept[id] : 0;
        }
        if (k === 2) continue;
        const lat = r.latency[i];
        const tv = r.time[i];
        const sc = r.ok[i];
        if (k === 1 && sc >= 0 && lat === lat && tv === tv && epochUnitOf(tv) === tu) {
          const t = tv * epochScale[tu];
          if (sink.recordNear(l.timeIsStart ? t + lat * unitToSeconds : t, lat, sc === 1)) continue;
        }
      }
      try {
        parsedRow(buf, r, i, kind, first + i, names);
      } catch (e) {
        rowFailed(e, first + i);
      }
    }
  };
  /** From `parallelFrom` bytes on, the rest of a large input is read in batches on two threads. */
  const startBatches = (rows: ByteRows): void => {
    const l = layout!;
    const held = rows.detach();
    if (held === null) return;
    const c = columnsFor(l);
    rowColumns = {
      d: rows.delimiterCode,
      want: c.want,
      atLeast: c.atLeast,
      needed,
      time: l.time,
      latency: l.latency,
      success: l.success ?? -1,
      label: l.label ?? -1,
      message: l.message ?? -1,
    };
    cellStarts = new Int32Array(c.want);
    cellEnds = new Int32Array(c.want);
    const tuning = o.parallelTuning;
    batches = new RowBatches(rowColumns, held.line, onRows, rows, early ?? tuning?.threads ?? true, tuning?.batchBytes ?? batchBytes);
    early = null;
    batches.push(held.tail);
  };

  const onBytes = (buf: Buffer, fields: number, count: number, line: number): void => {
    try {
      byteRow(buf, fields, count, line);
    } catch (e) {
      rowFailed(e, line);
    }
  };

  // Text chunks (a string pushed first) go through FastRows; Buffers through ByteRows.
  let records: FastRows | null = null;
  let mode: "text" | "bytes" | null = null;
  let head = "";
  let headChunks: Buffer[] = [];
  let bytes = 0;
  const decoder = new StringDecoder("utf8");
  /** Both splitters cut out only the columns used (see fast-rows.ts). */
  const columnsFor = (l: Layout) => {
    const want = 1 + lastUsed(l);
    // A row must reach one field past the last one used (so that field is complete); rows are
    // not split further, so a row with extra or missing trailing fields beyond that is accepted.
    return { want, atLeast: Math.min(l.header.length, want + 1) };
  };
  const feed = (text: string, last: boolean): void => {
    if (records === null) {
      head += text;
      const first = firstLine(head, last);
      if (first === null) return;
      records = new FastRows(detectDelimiter(first.line), onRecord, file);
      const rows = records;
      afterHeader = (l: Layout) => {
        const c = columnsFor(l);
        rows.want = c.want;
        rows.atLeast = c.atLeast;
      };
      text = head;
      head = "";
    }
    records.push(text);
    if (last) records.end();
  };
  /** The delimiter is detected from the decoded first line; then the bytes so far go to ByteRows. */
  const feedBytes = (chunk: Buffer | null): void => {
    if (byteRows === null) {
      const last = chunk === null;
      if (chunk !== null) headChunks.push(Buffer.from(chunk));
      head += last ? decoder.end() : decoder.write(chunk);
      const first = firstLine(head, last);
      if (first === null) return;
      const rows = new ByteRows(detectDelimiter(first.line), onRecord, onBytes, file);
      byteRows = rows;
      afterHeader = (l: Layout) => {
        const c = columnsFor(l);
        rows.columns(c.want, c.atLeast);
      };
      head = "";
      const held = headChunks;
      headChunks = [];
      for (const b of held) rows.push(b);
    } else if (chunk !== null) {
      if (batches !== null) return batches.push(chunk);
      byteRows.push(chunk);
      if (o.parallel && bytes >= (o.parallelTuning?.from ?? parallelFrom) && layout !== null) startBatches(byteRows);
    }
    if (chunk === null) {
      if (batches !== null) batches.end();
      else byteRows!.end();
    }
  };
  /** The buffer `pull` reads into until the batches take over (what is fed is copied where kept). */
  let readBuf: Buffer | null = null;
  return {
    pull(read: ReadInto): boolean {
      mode ??= "bytes";
      let n: number;
      try {
        if (batches !== null) n = batches.fill(read);
        else {
          readBuf ??= Buffer.allocUnsafe(pullBytes);
          n = read(readBuf, 0, readBuf.length);
          if (n > 0) {
            bytes += n;
            o.onProgress?.(bytes);
            feedBytes(readBuf.subarray(0, n));
          }
          return n > 0;
        }
      } catch (e) {
        batches?.close();
        stopEarly();
        throw e;
      }
      if (n > 0) {
        bytes += n;
        o.onProgress?.(bytes);
      }
      return n > 0;
    },
    push(chunk) {
      bytes += chunk.length;
      o.onProgress?.(bytes);
      mode ??= typeof chunk === "string" ? "text" : "bytes";
      try {
        if (mode === "text") feed(typeof chunk === "string" ? chunk : decoder.write(chunk), false);
        else feedBytes(typeof chunk === "string" ? Buffer.from(chunk) : chunk);
      } catch (e) {
        batches?.close();
        stopEarly();
        throw e;
      }
    },
    end() {
      try {
        if (mode === "bytes") feedBytes(null);
        else feed(decoder.end(), true);
      } finally {
        batches?.close();
        stopEarly();
      }
    },
    get last() {
      return sink.last;
    },
    finish() {
      if (layout === null) throw new DataError(message.emptyFile(), { file });
      const l: Layout = layout;
      return sink.finish(timeUnit, l.success === undefined && l.kind === "jtl" ? [rm.noSuccessColumn(l.kind)] : [], bad);
    },
  };
}

/**
 * A RequestLogParser that can also read its bytes itself: `pull` reads the next bytes with `read`
 * (straight into the batch being filled, once the batches read the input) and returns false at the
 * end of the input (then `end`). Use either `push` or `pull` for one input, not both.
 */
export interface PullingParser extends RequestLogParser {
  pull(read: ReadInto): boolean;
}

/** readRequestLogFile lets the event loop run after this many bytes read (64 MiB: a fraction of a second). */
export const yieldBytes = 64 << 20;

/** The reads `pull` makes before the batches take over. */
const pullBytes = 1 << 20;

/** The bytes from which a large input is read on two threads (smaller ones stay on one: a worker costs ~30 ms to start). */
export const parallelFrom = 4 << 20;

/** The last column a layout reads. */
function lastUsed(l: Layout): number {
  return Math.max(l.time, l.latency, l.success ?? 0, l.label ?? 0, l.message ?? 0);
}

/** The cell's bytes start with "Number of samples in transaction" (a Transaction Controller's message). */
function startsWithTransaction(buf: Buffer, start: number, end: number): boolean {
  return end - start >= transactionPrefix.length && buf.compare(transactionPrefix, 0, transactionPrefix.length, start, start + transactionPrefix.length) === 0;
}
const transactionPrefix = Buffer.from("Number of samples in transaction");

/**
 * Read a per-request log from a plain file with synchronous reads straight into the parser's
 * batches (src/load/open-input.ts openPlainFile): the same result as readRequestLog of its stream.
 * The event loop runs every 64 MiB (signal handlers stay responsive). The reader is closed at the end.
 */
export async function readRequestLogFile(reader: SyncReader, file: string, options: Partial<RequestLogOptions> = {}): Promise<RequestLogSet> {
  const o = { ...defaultRequestLogOptions, parallel: true, ...(reader.size !== undefined ? { sizeHint: reader.size } : {}), ...options };
  let slots: IntervalSlots | null = null;
  const parser = requestLogParser(file, o, (scale) => (slots = requestLogSlots(o, scale)));
  // every `yieldBytes` the event loop runs (a Ctrl-C's handler, a progress bar), as between a stream's chunks
  const every = o.parallelTuning?.yieldBytes ?? yieldBytes;
  let read = 0;
  const counted: ReadInto = (into, at, max) => {
    const n = reader.read(into, at, max);
    read += n;
    return n;
  };
  try {
    for (let next = every; parser.pull(counted); ) {
      if (read >= next) {
        next = read + every;
        await yieldNow();
      }
    }
    parser.end();
  } catch (e) {
    throw readError(e, file);
  } finally {
    reader.close();
  }
  const part = parser.finish();
  const s = slots as IntervalSlots | null;
  return requestLogSet([part], s!, s!.finish());
}

/** Stream a per-request log into intervals. */
export async function readRequestLog(source: AsyncIterable<Buffer | string>, file: string, options: Partial<RequestLogOptions> = {}): Promise<RequestLogSet> {
  return readRequestLogWith(requestLogParser, source, file, options);
}
