/**
 * Gatling's text simulation.log (Gatling 2.x to 3.7), streamed: tab-separated records, one a line,
 * of which only REQUEST records are requests (RUN, USER, GROUP, ERROR, ASSERTION are skipped):
 *
 *   bytes -> lines -> REQUEST fields -> completion time = end, latency = end - start (ms),
 *   success = OK (KO is a failure), label = the request name -> RequestSink -> IntervalSlots
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
import { epochScale } from "./parse-cell.js";
import { lineSplitter } from "./line-splitter.js";
import { pushParser } from "./push-parser.js";

const recordTypes = new Set(["RUN", "USER", "REQUEST", "GROUP", "ERROR", "ASSERTION"]);
const digits = /^\d+$/;

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
    if (!digits.test(f[l.start]) || !digits.test(f[l.end])) {
      throw new DataError(gm.gatlingBadRequest(`times ${JSON.stringify(f[l.start])}, ${JSON.stringify(f[l.end])} are not epoch milliseconds`), { file, line });
    }
    const start = Number(f[l.start]);
    const end = Number(f[l.end]);
    if (end < start) throw new DataError(gm.gatlingBadRequest(`it ends (${end}) before it starts (${start})`), { file, line });
    const label = f[l.name];
    if (!sink.admit(label, { file, line })) return;
    sink.record(end * msToSeconds, end - start, status === "OK", label, start * msToSeconds);
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
    lineSplitter(onLine, file),
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
