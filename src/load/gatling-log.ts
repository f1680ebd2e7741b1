/**
 * Gatling's text simulation.log (Gatling 2.x to 3.7), streamed: tab-separated records, one a line,
 * of which only REQUEST records are requests (RUN, USER, GROUP, ERROR, ASSERTION are skipped):
 *
 *   bytes -> lines -> REQUEST fields -> completion time = end, latency = end - start (ms),
 *   success = OK (KO is a failure), label = the request name -> RequestSink -> IntervalSlots
 *
 * Lines are split in the bytes; once the first REQUEST record has given the layout, the other
 * records are skipped by their first bytes and a REQUEST record's times and status are read from
 * its bytes, its name decoded once per distinct name (a record that does not fit is read as text,
 * which says what is wrong with it).
 *
 * The REQUEST layout differs between versions (from Gatling's LogFileDataWriter serializers):
 *   2.0          scenario  userId  REQUEST  groups  name  reqStart reqEnd respStart respEnd  status  message
 *   2.1          REQUEST  scenario  userId  groups  name  reqStart reqEnd respStart respEnd  status  message
 *   2.2 - 3.x    REQUEST  scenario  userId  groups  name  start  end  status  message
 *   3.x          REQUEST  userId  groups  name  start  end  status  message
 *   3.4 - 3.7    REQUEST  groups  name  start  end  status  message
 * so the layout is read from the first REQUEST record: its status (OK or KO) is the first field
 * from the sixth on that follows two timestamps; with four timestamps the response time is
 * respEnd - reqStart, as Gatling 2.0-2.1 reported it. Times are epoch milliseconds.
 */
import { DataError } from "../errors.js";
import { message, requestSinkMessage as gm } from "../messages.js";
import {
  defaultRequestLogOptions,
  readRequestLogWith,
  LabelLimitError,
  RequestSink,
  type RequestLogOptions,
  type RequestLogParser,
  type RequestLogSet,
  type SlotsFor,
} from "./request-sink.js";
import { BadRows, markRowError } from "./series-checks.js";
import { epochScale, parseDigitBytes } from "./parse-cell.js";
import { lineTooLongError, maxLineLength, unendedLimit } from "./line-limit.js";
import { pushParser, type ChunkFeeder } from "./push-parser.js";

const recordTypes = new Set(["RUN", "USER", "REQUEST", "GROUP", "ERROR", "ASSERTION"]);
const digits = /^\d+$/;

/** A field of digits as a number (epoch ms), NaN when it is empty or holds anything else. */
function digitsValue(s: string): number {
  if (s.length === 0 || s.length > 15) return s.length > 15 && digits.test(s) ? Number(s) : Number.NaN;
  let v = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return Number.NaN;
    v = v * 10 + c;
  }
  return v;
}

/** The bytes a request record starts with when the record type leads ("REQUEST" and a tab). */
const requestTag = Buffer.from("REQUEST\t");
const requestType = requestTag.subarray(0, requestTag.length - 1);

/** Whether buf[from, from + bytes.length) holds `bytes` (a short field: a loop is cheaper than Buffer.compare). */
function bytesAt(buf: Buffer, from: number, bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) if (buf[from + i] !== bytes[i]) return false;
  return true;
}

/**
 * A line splitter on bytes: each line (LF or CRLF, the break removed) goes to `onLine` as
 * buf[from, to), the start of a line cut across chunks kept until its end arrives. Lines split at
 * LF bytes only, so a UTF-8 character is never cut; a line longer than `maxLineLength` bytes is an
 * error naming the file and line, as soon as that much has arrived.
 */
function byteLines(onLine: (buf: Buffer, from: number, to: number) => void, file: string): ChunkFeeder {
  let tail: Buffer[] = [];
  let tailLength = 0;
  let lines = 0;
  const emit = (buf: Buffer, from: number, to: number) => {
    const end = to > from && buf[to - 1] === 13 ? to - 1 : to;
    if (end - from > maxLineLength) throw lineTooLongError(file, lines + 1);
    lines++;
    onLine(buf, from, end);
  };
  return {
    push(chunk) {
      const buf = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
      let from = 0;
      let nl = buf.indexOf(10);
      if (nl < 0) {
        tail.push(buf);
        tailLength += buf.length;
        if (tailLength > unendedLimit) throw lineTooLongError(file, lines + 1);
        return;
      }
      if (tailLength > 0) {
        const first = Buffer.concat([...tail, buf.subarray(0, nl)]);
        tail = [];
        tailLength = 0;
        emit(first, 0, first.length);
        from = nl + 1;
        nl = buf.indexOf(10, from);
      }
      while (nl >= 0) {
        emit(buf, from, nl);
        from = nl + 1;
        nl = buf.indexOf(10, from);
      }
      if (from < buf.length) {
        tail.push(buf.subarray(from));
        tailLength += buf.length - from;
        if (tailLength > unendedLimit) throw lineTooLongError(file, lines + 1);
      }
    },
    end() {
      if (tailLength > 0) {
        const last = Buffer.concat(tail);
        tail = [];
        tailLength = 0;
        emit(last, 0, last.length);
      }
    },
  };
}

/** Where a REQUEST record holds what is read. */
interface RequestLayout {
  name: number;
  start: number;
  end: number;
  status: number;
}

/** The layout of a REQUEST record's fields (see the top of this file), or null when none fits. */
function requestLayout(f: readonly string[]): RequestLayout | null {
  for (let i = 5; i <= 9 && i < f.length; i++) {
    if ((f[i] === "OK" || f[i] === "KO") && digits.test(f[i - 1]) && digits.test(f[i - 2])) {
      return i === 9 ? { name: 4, start: 5, end: 8, status: 9 } : { name: i - 3, start: i - 2, end: i - 1, status: i };
    }
  }
  return null;
}

/** A push parser of one Gatling simulation.log (see the top of this file). */
export function gatlingLogParser(file: string, options: Partial<RequestLogOptions>, slotsFor: SlotsFor): RequestLogParser {
  const o = { ...defaultRequestLogOptions, ...options };
  const sink = new RequestSink(file, o, slotsFor);
  const bad = new BadRows();
  const msToSeconds = epochScale.ms;
  let typeColumn = -1;
  let layout: RequestLayout | null = null;
  let line = 0;

  const request = (f: string[]): void => {
    layout ??= requestLayout(f);
    if (layout === null || f.length <= layout.status) throw new DataError(gm.gatlingBadRequest(`no OK/KO status after two timestamps`), { file, line });
    const l = layout;
    const status = f[l.status];
    if (status !== "OK" && status !== "KO") throw new DataError(gm.gatlingBadRequest(`status ${JSON.stringify(status)} is not OK or KO`), { file, line });
    const start = digitsValue(f[l.start]);
    const end = digitsValue(f[l.end]);
    if (Number.isNaN(start) || Number.isNaN(end)) {
      throw new DataError(gm.gatlingBadRequest(`times ${JSON.stringify(f[l.start])}, ${JSON.stringify(f[l.end])} are not epoch milliseconds`), { file, line });
    }
    if (end < start) throw new DataError(gm.gatlingBadRequest(`it ends (${end}) before it starts (${start})`), { file, line });
    const label = f[l.name];
    if (!sink.admit(label, { file, line })) return;
    sink.record(end * msToSeconds, end - start, status === "OK", label, start * msToSeconds);
  };

  /** Tab positions of the record read on the fast path (fields before the status's end). */
  const tabs = new Int32Array(16);
  /** The request names read so far, as bytes and text (a run has few; the first 64 are kept). */
  const names: { bytes: Uint8Array; label: string }[] = [];
  const labelOf = (buf: Buffer, from: number, to: number): string => {
    const length = to - from;
    for (const n of names) if (n.bytes.length === length && bytesAt(buf, from, n.bytes)) return n.label;
    const label = buf.toString("utf8", from, to);
    if (names.length < 64) names.push({ bytes: Uint8Array.prototype.slice.call(buf, from, to), label });
    return label;
  };

  /**
   * Once the layout is known and the type leads (Gatling 2.1 and later): a REQUEST record read from
   * its bytes, the other records skipped unread. False when the record is not a plain OK/KO request
   * of that layout: the text path then reads it (and says what is wrong).
   */
  const requestBytes = (buf: Buffer, from: number, to: number): boolean => {
    const l = layout!;
    const want = l.status + 1;
    let n = 0;
    for (let i = from + requestTag.length - 1; i < to && n < want; i++) if (buf[i] === 9) tabs[n++] = i;
    if (n < l.status) return false;
    const fieldEnd = (k: number) => (k < n ? tabs[k] : to);
    const statusFrom = tabs[l.status - 1] + 1;
    if (fieldEnd(l.status) - statusFrom !== 2) return false;
    const ok = buf[statusFrom] === 79 && buf[statusFrom + 1] === 75; // "OK"
    if (!ok && !(buf[statusFrom] === 75 && buf[statusFrom + 1] === 79)) return false; // nor "KO"
    const start = parseDigitBytes(buf, tabs[l.start - 1] + 1, tabs[l.start]);
    const end = parseDigitBytes(buf, tabs[l.end - 1] + 1, tabs[l.end]);
    if (Number.isNaN(start) || Number.isNaN(end) || end < start) return false;
    const label = labelOf(buf, tabs[l.name - 1] + 1, tabs[l.name]);
    try {
      if (!sink.admit(label, { file, line })) return true;
      sink.record(end * msToSeconds, end - start, ok, label, start * msToSeconds);
    } catch (e) {
      if (e instanceof LabelLimitError || !o.skipBadRows || !bad.add(e, line)) throw markRowError(e);
    }
    return true;
  };

  const onBytes = (buf: Buffer, from: number, to: number): void => {
    if (layout !== null && typeColumn === 0) {
      line++;
      if (to - from < requestTag.length || !bytesAt(buf, from, requestTag)) {
        // a bare "REQUEST" (a record cut short) is read as text, which refuses it
        if (to - from !== requestTag.length - 1 || !bytesAt(buf, from, requestType)) return;
      } else if (requestBytes(buf, from, to)) return;
      line--;
    }
    onLine(buf.toString("utf8", from, to));
  };

  const onLine = (t: string): void => {
    line++;
    if (t === "") return;
    const f = t.split("\t");
    if (typeColumn < 0) {
      typeColumn = recordTypes.has(f[0]) ? 0 : recordTypes.has(f[2] ?? "") ? 2 : -1;
      if (typeColumn < 0) throw new DataError(gm.gatlingBadRequest(`the first line is not a Gatling record (RUN, USER, REQUEST...)`), { file, line });
      sink.open("gatling-log", "ms", 1, line);
    }
    if (f[typeColumn] !== "REQUEST") return;
    try {
      request(f);
    } catch (e) {
      if (e instanceof LabelLimitError || !o.skipBadRows || !bad.add(e, line)) throw markRowError(e);
    }
  };

  return pushParser(
    byteLines(onBytes, file),
    o.onProgress,
    () => sink.last,
    () => {
      if (typeColumn < 0) throw new DataError(message.emptyFile(), { file });
      if (sink.rows === 0 && layout === null && bad.first === null && o.label === null) throw new DataError(gm.gatlingNoRequests(), { file });
      return sink.finish("ms", [], bad);
    },
  );
}

/** Stream a Gatling simulation.log into intervals. */
export async function readGatlingLog(source: AsyncIterable<Buffer | string>, file: string, options: Partial<RequestLogOptions> = {}): Promise<RequestLogSet> {
  return readRequestLogWith(gatlingLogParser, source, file, options);
}
