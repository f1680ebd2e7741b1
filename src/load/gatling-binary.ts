/**
 * Gatling's binary simulation.log (Gatling 3.13 and later; 2.x to 3.12 write the text log that
 * gatling-log.ts reads), streamed. The layout, from Gatling's LogFileDataWriter (writer) and
 * LogFileReader (reader), unchanged from 3.13.0 to 3.15: big-endian (Java DataOutput) records, each
 * a header byte then its fields:
 *
 *   0 RUN      string gatlingVersion, string simulationClassName, long start (epoch ms),
 *              string runDescription, int n, n x string scenario, int m, m x (int length, bytes) assertion
 *   1 REQUEST  int g, g x cached group, cached name, int start, int end (ms after the run's start),
 *              byte ok (1: OK, 0: KO), cached message
 *   2 USER     int scenario, byte start, int timestamp
 *   3 GROUP    int g, g x cached group, int start, int end, int cumulatedResponseTime, byte ok
 *   4 ERROR    cached message, int timestamp
 *
 *   string: int length; when > 0, the bytes of Java's String value and its coder byte (0: Latin-1,
 *           1: UTF-16 in the writing JVM's byte order, little-endian on the platforms Gatling runs on)
 *   cached: int index; >= 0: a new string follows (kept under that index); < 0: the string kept
 *           under -index
 *
 *   REQUEST -> completion time = start + end, latency = end - start (ms), success = ok, label =
 *   the name -> RequestSink -> IntervalSlots
 */
import { DataError } from "../errors.js";
import { message, requestSinkMessage as gm, reportMessage as rm } from "../messages.js";
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
import { epochScale } from "./parse-cell.js";
import { BadRows, markRowError } from "./series-checks.js";

const header = { run: 0, request: 1, user: 2, group: 3, error: 4 } as const;

/** Thrown inside a record when the bytes read so far end in it: the record is read again with more. */
class NeedMore {}
const needMore = new NeedMore();

/** A push parser of one binary Gatling simulation.log (see the top of this file). */
export function gatlingBinaryParser(file: string, options: Partial<RequestLogOptions>, slotsFor: SlotsFor): RequestLogParser {
  const o = { ...defaultRequestLogOptions, ...options };
  const sink = new RequestSink(file, o, slotsFor);
  const bad = new BadRows();
  const cache = new Map<number, string>();
  let buf = Buffer.alloc(0);
  let pos = 0;
  /** Records read (the RUN record is the first), for messages: a binary file has no lines. */
  let records = 0;
  let runStart: number | null = null;
  let version = "";

  const need = (n: number) => {
    if (pos + n > buf.length) throw needMore;
  };
  const int = () => {
    need(4);
    const v = buf.readInt32BE(pos);
    pos += 4;
    return v;
  };
  const byte = () => {
    need(1);
    return buf[pos++];
  };
  const long = () => {
    need(8);
    const v = Number(buf.readBigInt64BE(pos));
    pos += 8;
    return v;
  };
  const string = (): string => {
    const length = int();
    if (length === 0) return "";
    if (length < 0) throw new DataError(rm.gatlingBinaryBad(records, `a string of length ${length}`));
    need(length + 1);
    const bytes = buf.subarray(pos, pos + length);
    const coder = buf[pos + length];
    pos += length + 1;
    if (coder === 0) return bytes.toString("latin1");
    if (coder === 1) return bytes.toString("utf16le");
    throw new DataError(rm.gatlingBinaryBad(records, `a string coder ${coder} (0: Latin-1, 1: UTF-16)`));
  };
  const cached = (): string => {
    const index = int();
    if (index >= 0) {
      const s = string();
      cache.set(index, s);
      return s;
    }
    const s = cache.get(-index);
    if (s === undefined) throw new DataError(rm.gatlingBinaryBad(records, `a reference to string ${-index}, which the file has not defined`));
    return s;
  };
  const skip = (n: number) => {
    need(n);
    pos += n;
  };

  /** One record from `pos`; NeedMore when the bytes end in it. */
  const record = (): void => {
    const type = byte();
    if (records === 0) {
      if (type !== header.run) throw new DataError(rm.gatlingBinaryNotRun(type));
      version = string();
      string(); // simulation class
      const start = long();
      string(); // description
      const scenarios = int();
      for (let i = 0; i < scenarios; i++) string();
      const assertions = int();
      for (let i = 0; i < assertions; i++) skip(int());
      runStart = start;
      sink.open("gatling-binary", "ms", 1, 1);
      return;
    }
    switch (type) {
      case header.request: {
        const groups = int();
        for (let i = 0; i < groups; i++) cached();
        const name = cached();
        const start = int();
        const end = int();
        const ok = byte();
        cached(); // message
        request(name, start, end, ok);
        return;
      }
      case header.user:
        skip(9);
        return;
      case header.group: {
        const groups = int();
        for (let i = 0; i < groups; i++) cached();
        skip(13);
        return;
      }
      case header.error:
        cached();
        skip(4);
        return;
      default:
        throw new DataError(rm.gatlingBinaryBad(records, `a record type ${type} (RUN 0, REQUEST 1, USER 2, GROUP 3, ERROR 4)`));
    }
  };

  const request = (name: string, start: number, end: number, ok: number): void => {
    const where = { file };
    try {
      if (ok !== 0 && ok !== 1) throw new DataError(rm.gatlingBinaryBad(records, `a status byte ${ok} (1: OK, 0: KO)`), where);
      if (end < start) throw new DataError(rm.gatlingBinaryBad(records, `a REQUEST that ends (${end}) before it starts (${start})`), where);
      if (!sink.admit(name, where)) return;
      sink.record((runStart! + end) * epochScale.ms, end - start, ok === 1, name);
    } catch (e) {
      if (e instanceof LabelLimitError || !o.skipBadRows || !bad.add(e, records + 1)) throw markRowError(e);
    }
  };

  /** Every whole record of the bytes held; the rest kept for the next chunk. */
  const drain = (final: boolean): void => {
    while (pos < buf.length) {
      const at = pos;
      try {
        record();
        records++;
      } catch (e) {
        if (e instanceof DataError && e.location.file === undefined) throw new DataError(e.reason, { file });
        if (e !== needMore) throw e;
        pos = at;
        if (final) throw new DataError(rm.gatlingBinaryTruncated(records, version), { file });
        break;
      }
    }
    buf = buf.subarray(pos);
    pos = 0;
  };

  let bytes = 0;
  return {
    push(chunk) {
      const b = typeof chunk === "string" ? Buffer.from(chunk, "latin1") : chunk;
      bytes += b.length;
      o.onProgress?.(bytes);
      buf = buf.length === 0 ? b : Buffer.concat([buf, b]);
      drain(false);
    },
    end() {
      drain(true);
    },
    get last() {
      return sink.last;
    },
    finish() {
      if (records === 0) throw new DataError(message.emptyFile(), { file });
      if (sink.rows === 0 && bad.first === null && o.label === null) throw new DataError(gm.gatlingNoRequests(), { file });
      return sink.finish("ms", [], bad);
    },
  };
}

/** Stream a binary Gatling simulation.log into intervals. */
export async function readGatlingBinary(
  source: AsyncIterable<Buffer | string>,
  file: string,
  options: Partial<RequestLogOptions> = {},
): Promise<RequestLogSet> {
  return readRequestLogWith(gatlingBinaryParser, source, file, options);
}
