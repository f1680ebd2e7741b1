/**
 * JMeter results saved as XML (a JTL with `jmeter.save.saveservice.output_format=xml`), streamed:
 *
 *   bytes -> StringDecoder -> saxes (a streaming, well-formedness-checking XML parser) -> start tags
 *   -> the samples that count: per sample, completion time = ts + t, latency t (ms), success s,
 *   label lb -> RequestSink (request-sink.ts) -> IntervalSlots -> IntervalSet
 *
 *   <testResults version="1.2">
 *     <httpSample t="ELAPSED_MS" ts="START_EPOCH_MS" s="true" lb="LABEL" rc="200" rm="OK" .../>
 *     <sample t=... lb="Login" rm="Number of samples in transaction : 2, number of failing samples : 0">
 *       <httpSample .../> <httpSample .../>      (a Transaction Controller's requests)
 *     </sample>
 *   </testResults>
 *
 * Which samples count: the children of <testResults> (`<httpSample>` and `<sample>`); a sample's
 * nested samples (redirects, embedded resources) are parts of it and are not counted again. A
 * Transaction Controller sample (its rm is TransactionController's "Number of samples in
 * transaction : N, ...") times the requests it holds: those count, it does not (as in the CSV JTL,
 * where the controller's row is left out of the totals); with --by-label it is kept as its own
 * label. Other children (<assertionResult>, <responseData>, <java.net.URL>...) are skipped.
 *
 * Written by JMeter's XStream writer, the XML holds no DOCTYPE or CDATA the parser must resolve;
 * entities in attribute values (&amp;, &quot;, &#10;) are decoded by saxes.
 *
 * The fast path: JMeter writes a top-level sample as one line `<httpSample .../>`. While the lines
 * are JMeter's XML declaration, its root tag and such sample lines (src/load/xml-sample-line.ts says
 * which lines the parser would read the same way), they are read from their bytes (a plain sample's
 * numbers parsed from them, its label decoded once per distinct label); from the first other line
 * on, saxes reads the rest, after the lines already read (replayed as the prolog and a line break per
 * sample line, so its state and line numbers are those of reading the whole). The same result,
 * errors and lines (test/load/jmeter-xml-fast.test.ts cross-checks them); about 3x less CPU.
 */
import { StringDecoder } from "node:string_decoder";
import { SaxesParser, type SaxesTag } from "saxes";
import { DataError } from "../errors.js";
import { histogramMessage as hm, message, reliabilityMessage as rm, requestSinkMessage as xm } from "../messages.js";
import { type EpochUnit, epochScale, epochUnitOf, parseDecimalBytes, parseNumberCell, parseTimeCell } from "./parse-cell.js";
import { maxLineLength } from "./line-limit.js";
import { attributeText, closesSample, LB, NAME, RM, S, SHAPE, scanSampleLine, scanUrlLine, spanCount, T, TS } from "./xml-sample-line.js";
import {
  defaultRequestLogOptions,
  isTransactionMessage,
  readRequestLogWith,
  LabelLimitError,
  RequestSink,
  type RequestLogOptions,
  type RequestLogParser,
  type RequestLogSet,
  type SlotsFor,
} from "./request-sink.js";
import { BadRows, markRowError } from "./series-checks.js";
import { timeUnitSeconds } from "./units.js";

/** A Transaction Controller sample read at its start tag. */
interface Transaction {
  /** Left out by --label (its nested requests are still read). */
  skip: boolean;
  end: number;
  latency: number;
  ok: boolean;
  label: string;
}

/** The prolog lines the fast path knows: JMeter's XML declaration and root tag. */
const xmlDeclaration = /^<\?xml version="1\.[01]"( encoding="(UTF-8|utf-8)")?( standalone="(yes|no)")? ?\?>$/;
const rootTag = /^<testResults( version="[0-9.]*")? ?>$/;

/** The attributes onSample reads, by their index in scanSampleLine's spans. */
const keptNames: [number, string][] = [
  [T, "t"],
  [TS, "ts"],
  [S, "s"],
  [LB, "lb"],
  [RM, "rm"],
];
const trueBytes = Buffer.from("true");
const falseBytes = Buffer.from("false");

/** buf at `at` holds `word`. */
function sameWord(buf: Buffer, at: number, word: Buffer): boolean {
  for (let k = 0; k < word.length; k++) if (buf[at + k] !== word[k]) return false;
  return true;
}

/** The element names of JMeter's samples. */
const sampleNames = new Set(["httpSample", "sample"]);

/** A push parser of one JMeter XML results file (see the top of this file). */
export function jmeterXmlParser(file: string, options: Partial<RequestLogOptions>, slotsFor: SlotsFor): RequestLogParser {
  const o = { ...defaultRequestLogOptions, ...options };
  const sink = new RequestSink(file, o, slotsFor);
  const msToSeconds = timeUnitSeconds.ms;
  const bad = new BadRows();
  const decoder = new StringDecoder("utf8");
  const xml = new SaxesParser({ position: true });
  /** Per open element: do the samples directly inside it count? (the root, and a Transaction Controller sample) */
  const counts: boolean[] = [];
  /** Per open element: the Transaction Controller sample it is, recorded when it closes (after its requests). */
  const transactions: (Transaction | null)[] = [];
  let root: string | null = null;
  /** The sink is open (at the root tag). */
  let opened = false;
  /** What the fast path read at the open tag of the sample the parser opens next (the fast path gave it that sample's lines). */
  let adopted: Transaction | null | undefined;
  let timeUnit: EpochUnit | undefined;
  let noSuccess = false;

  const fail = (reason: string, line: number, column?: string): never => {
    throw new DataError(reason, { file, line, ...(column ? { column } : {}) });
  };

  /**
   * One sample that counts, on line `line`: a request (recorded), or a Transaction Controller sample
   * (returned, to be recorded when it closes).
   */
  const onSample = (a: Partial<Record<string, string>>, line: number): Transaction | null => {
    const label = a.lb ?? "";
    const transaction = a.rm !== undefined && isTransactionMessage(a.rm);
    // a controller left out by --label: its requests are still looked at (they may carry the label)
    if (!sink.admit(label, { file, line, column: "lb" })) return transaction ? { skip: true, end: 0, latency: 0, ok: true, label } : null;
    const t = a.t === undefined ? null : parseNumberCell(a.t);
    if (t === null || t.kind !== "number") return fail(xm.xmlBadAttribute("t", a.t, "an elapsed time in ms"), line, "t");
    if (t.value < 0) return fail(hm.negativeLatency(t.value), line, "t");
    const ts = a.ts === undefined ? null : parseTimeCell(a.ts, timeUnit);
    if (ts === null || ts.kind !== "number" || ts.unit === undefined) return fail(xm.xmlBadAttribute("ts", a.ts, "an epoch timestamp"), line, "ts");
    timeUnit ??= ts.unit;
    let ok = true;
    if (a.s === undefined) noSuccess = true;
    else if (a.s === "false") ok = false;
    else if (a.s !== "true") return fail(xm.xmlBadAttribute("s", a.s, "true or false"), line, "s");
    const end = ts.value + t.value * msToSeconds;
    if (transaction) return { skip: false, end, latency: t.value, ok, label };
    sink.record(end, t.value, ok, label, ts.value);
    return null;
  };

  /** onSample; with --skip-bad-rows a bad sample is counted and skipped (its nested samples with it). */
  const countedSample = (a: Partial<Record<string, string>>, line: number): Transaction | null => {
    try {
      return onSample(a, line);
    } catch (e) {
      if (e instanceof LabelLimitError || !o.skipBadRows || !bad.add(e, line)) throw markRowError(e);
      return null;
    }
  };

  xml.on("opentag", (tag: SaxesTag) => {
    if (root === null) {
      root = tag.name;
      if (root !== "testResults") fail(xm.xmlNotResults(root), xml.line);
      if (!opened) sink.open("jmeter-xml", "ms", 1, xml.line);
      opened = true;
      counts.push(true);
      transactions.push(null);
      return;
    }
    const counted = counts[counts.length - 1] && sampleNames.has(tag.name);
    let transaction: Transaction | null = null;
    if (adopted !== undefined && counted) {
      transaction = adopted;
      adopted = undefined;
    } else if (counted) transaction = countedSample(tag.attributes as Record<string, string>, xml.line);
    counts.push(transaction !== null);
    transactions.push(transaction);
  });
  xml.on("closetag", () => {
    counts.pop();
    const x = transactions.pop();
    if (x && !x.skip) sink.transaction(x.end, x.latency, x.ok, x.label);
  });
  xml.on("error", (e: Error) => {
    throw new DataError(xm.xmlSyntax(e.message.replace(/^[^:]*:\d+:\d+: /, "")), { file, line: xml.line });
  });

  // The fast path (see the top of this file): lines read from their bytes while they are the usual
  // ones; from the first other line on, the XML parser reads the rest, given first the lines read
  // (the prolog and root tag as they were, a line break for each sample line) so that it is in the
  // same state and counts lines alike.
  let mode: "head" | "bytes" | "xml" = "head";
  /** The prolog and root tag lines read, as text. */
  let replay = "";
  /** Lines read in the bytes mode (not those of a sample still open). */
  let scanned = 0;
  /** The number of the next line. */
  let lineNo = 1;
  /** An unended line's bytes. */
  let carry: Buffer | null = null;
  const spans = new Int32Array(spanCount);
  /** A sample with children (its URL), read at its open tag: its name's length, lines so far, and what onSample returned. */
  let open: { name: number; text: string[]; transaction: Transaction | null } | null = null;
  const labels = new Map<number, { bytes: Buffer; text: string }>();
  /** The label of buf[s, e) (decoded once per distinct label). */
  const labelOf = (buf: Buffer, s: number, e: number): string => {
    let h = Math.imul(0x811c9dc5 ^ (e - s), 16777619);
    for (let i = s; i < e; i++) h = Math.imul(h ^ buf[i], 16777619);
    const hit = labels.get(h);
    if (hit !== undefined && hit.bytes.length === e - s && hit.bytes.equals(buf.subarray(s, e))) return hit.text;
    const text = buf.toString("utf8", s, e);
    if (hit === undefined && labels.size < 4096) labels.set(h, { bytes: Buffer.from(buf.subarray(s, e)), text });
    return text;
  };
  const toXml = (rest: Buffer | null): void => {
    mode = "xml";
    xml.write(replay + "\n".repeat(scanned));
    if (open !== null) {
      // a sample open, already read: the parser is given its lines, and takes what was read at its open tag
      adopted = open.transaction;
      xml.write(`${open.text.join("\n")}\n`);
      open = null;
    }
    if (rest !== null && rest.length > 0) xml.write(decoder.write(rest));
  };
  /** One line of the prolog: false when it is not the usual one (the parser reads the input). */
  const headLine = (buf: Buffer, s: number, e: number): boolean => {
    if (e - s > 1000) return false;
    const text = buf.toString("latin1", s, e);
    if (lineNo === 1 && xmlDeclaration.test(text)) {
      replay += text + "\n";
      return true;
    }
    if (!rootTag.test(text)) return false;
    replay += text + "\n";
    sink.open("jmeter-xml", "ms", 1, lineNo);
    opened = true;
    mode = "bytes";
    return true;
  };
  /** One line in the bytes mode: false when it is not a sample line (the parser reads from it on). */
  const sampleLine = (buf: Buffer, s: number, e: number): boolean => {
    if (open !== null) {
      // inside a sample written with its URL: the URL line, then the closing tag
      if (scanUrlLine(buf, s, e)) {
        open.text.push(buf.toString("utf8", s, e));
        return true;
      }
      if (!closesSample(buf, s, e, open.name)) return false;
      const x = open.transaction;
      scanned += open.text.length + 1;
      open = null;
      if (x && !x.skip) sink.transaction(x.end, x.latency, x.ok, x.label);
      return true;
    }
    let i = s;
    while (i < e && (buf[i] === 32 || buf[i] === 9)) i++;
    if (i === e) {
      scanned++;
      return true;
    }
    const amps = scanSampleLine(buf, s, e, spans);
    if (amps < 0) return false;
    if (spans[SHAPE] === 0) {
      // an open tag: read now, as the parser reads a sample at its open tag; closed by a later line
      if (spans[NAME] !== 10) return false;
      open = { name: spans[NAME], text: [buf.toString("utf8", s, e)], transaction: sample(buf, amps) };
      return true;
    }
    const x = sample(buf, amps);
    if (x && !x.skip) sink.transaction(x.end, x.latency, x.ok, x.label);
    scanned++;
    return true;
  };
  /** The sample on the line just scanned (spans), read as onSample reads it (a Transaction Controller sample returned). */
  const sample = (buf: Buffer, amps: number): Transaction | null => {
    const line = lineNo;
    const rs = spans[2 * RM];
    if (amps === 0 && (rs < 0 || buf[rs] !== 78)) {
      // a request with plain values: read from its bytes, with onSample's checks in its order
      const tv = spans[2 * T] >= 0 ? parseDecimalBytes(buf, spans[2 * T], spans[2 * T + 1]) : Number.NaN;
      const tsv = spans[2 * TS] >= 0 ? parseDecimalBytes(buf, spans[2 * TS], spans[2 * TS + 1]) : Number.NaN;
      const ss = spans[2 * S];
      const se = spans[2 * S + 1];
      const ok = se - ss === 4 && buf[ss] === 116 ? 1 : se - ss === 5 && buf[ss] === 102 ? 0 : -1;
      if (!Number.isNaN(tv) && !Number.isNaN(tsv) && ok >= 0 && spans[2 * LB] >= 0 && sameWord(buf, ss, ok === 1 ? trueBytes : falseBytes)) {
        const label = labelOf(buf, spans[2 * LB], spans[2 * LB + 1]);
        try {
          if (!sink.admit(label, { file, line, column: "lb" })) return null;
          const unit = timeUnit ?? epochUnitOf(tsv);
          timeUnit = unit;
          const start = tsv * epochScale[unit];
          sink.record(start + tv * msToSeconds, tv, ok === 1, label, start);
        } catch (e) {
          if (e instanceof LabelLimitError || !o.skipBadRows || !bad.add(e, line)) throw markRowError(e);
        }
        return null;
      }
    }
    // any other sample: its values as the parser gives them, read by onSample
    const a: Partial<Record<string, string>> = {};
    for (const [k, name] of keptNames) if (spans[2 * k] >= 0) a[name] = attributeText(buf, spans[2 * k], spans[2 * k + 1], (amps & (1 << k)) !== 0);
    return countedSample(a, line);
  };
  /** The whole lines of buf; the rest is kept, or given to the parser once a line is not the usual one. */
  const scan = (buf: Buffer): void => {
    let pos = 0;
    for (;;) {
      const nl = buf.indexOf(10, pos);
      if (nl < 0) break;
      const e = nl > pos && buf[nl - 1] === 13 ? nl - 1 : nl;
      if (!(mode === "head" ? headLine(buf, pos, e) : sampleLine(buf, pos, e))) return toXml(buf.subarray(pos));
      lineNo++;
      pos = nl + 1;
    }
    if (pos < buf.length) {
      carry = Buffer.from(buf.subarray(pos));
      if (carry.length > maxLineLength) {
        const held = carry;
        carry = null;
        toXml(held);
      }
    }
  };

  let bytes = 0;
  return {
    push(chunk) {
      bytes += chunk.length;
      o.onProgress?.(bytes);
      if (mode === "xml") return xml.write(typeof chunk === "string" ? chunk : decoder.write(chunk));
      const b = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
      const held = carry;
      carry = null;
      scan(held === null ? b : Buffer.concat([held, b]));
    },
    end() {
      if (mode !== "xml") {
        const held = carry;
        carry = null;
        toXml(held);
      }
      const rest = decoder.end();
      if (rest) xml.write(rest);
      if (root !== null && counts.length > 0) throw new DataError(xm.xmlTruncated(), { file, line: xml.line });
      xml.close();
    },
    get last() {
      return sink.last;
    },
    finish() {
      if (root === null && !opened) throw new DataError(message.emptyFile(), { file });
      return sink.finish(timeUnit, noSuccess ? [rm.noSuccessColumn("jtl")] : [], bad);
    },
  };
}

/** Stream a JMeter XML results file into intervals. */
export async function readJmeterXml(source: AsyncIterable<Buffer | string>, file: string, options: Partial<RequestLogOptions> = {}): Promise<RequestLogSet> {
  return readRequestLogWith(jmeterXmlParser, source, file, options);
}
