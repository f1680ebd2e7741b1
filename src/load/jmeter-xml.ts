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
 */
import { StringDecoder } from "node:string_decoder";
import { SaxesParser, type SaxesTag } from "saxes";
import { DataError } from "../errors.js";
import { histogramMessage as hm, message, reliabilityMessage as rm, requestSinkMessage as xm } from "../messages.js";
import { type EpochUnit, parseNumberCell, parseTimeCell } from "./parse-cell.js";
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
  let timeUnit: EpochUnit | undefined;
  let noSuccess = false;

  const fail = (reason: string, column?: string): never => {
    throw new DataError(reason, { file, line: xml.line, ...(column ? { column } : {}) });
  };

  /** One sample that counts: a request (recorded), or a Transaction Controller sample (returned, to be recorded when it closes). */
  const onSample = (a: Record<string, string>): Transaction | null => {
    const label = a.lb ?? "";
    const transaction = a.rm !== undefined && isTransactionMessage(a.rm);
    // a controller left out by --label: its requests are still looked at (they may carry the label)
    if (!sink.admit(label, { file, line: xml.line, column: "lb" })) return transaction ? { skip: true, end: 0, latency: 0, ok: true, label } : null;
    const t = a.t === undefined ? null : parseNumberCell(a.t);
    if (t === null || t.kind !== "number") return fail(xm.xmlBadAttribute("t", a.t, "an elapsed time in ms"), "t");
    if (t.value < 0) return fail(hm.negativeLatency(t.value), "t");
    const ts = a.ts === undefined ? null : parseTimeCell(a.ts, timeUnit);
    if (ts === null || ts.kind !== "number" || ts.unit === undefined) return fail(xm.xmlBadAttribute("ts", a.ts, "an epoch timestamp"), "ts");
    timeUnit ??= ts.unit;
    let ok = true;
    if (a.s === undefined) noSuccess = true;
    else if (a.s === "false") ok = false;
    else if (a.s !== "true") return fail(xm.xmlBadAttribute("s", a.s, "true or false"), "s");
    const end = ts.value + t.value * msToSeconds;
    if (transaction) return { skip: false, end, latency: t.value, ok, label };
    sink.record(end, t.value, ok, label, ts.value);
    return null;
  };

  xml.on("opentag", (tag: SaxesTag) => {
    if (root === null) {
      root = tag.name;
      if (root !== "testResults") fail(xm.xmlNotResults(root));
      sink.open("jmeter-xml", "ms", 1, xml.line);
      counts.push(true);
      transactions.push(null);
      return;
    }
    const counted = counts[counts.length - 1] && sampleNames.has(tag.name);
    let transaction: Transaction | null = null;
    if (counted) {
      try {
        transaction = onSample(tag.attributes as Record<string, string>);
      } catch (e) {
        // --skip-bad-rows: a bad sample is counted and skipped (its nested samples with it)
        if (e instanceof LabelLimitError || !o.skipBadRows || !bad.add(e, xml.line)) throw markRowError(e);
      }
    }
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

  let bytes = 0;
  return {
    push(chunk) {
      bytes += chunk.length;
      o.onProgress?.(bytes);
      xml.write(typeof chunk === "string" ? chunk : decoder.write(chunk));
    },
    end() {
      const rest = decoder.end();
      if (rest) xml.write(rest);
      if (root !== null && counts.length > 0) throw new DataError(xm.xmlTruncated(), { file, line: xml.line });
      xml.close();
    },
    get last() {
      return sink.last;
    },
    finish() {
      if (root === null) throw new DataError(message.emptyFile(), { file });
      return sink.finish(timeUnit, noSuccess ? [rm.noSuccessColumn("jtl")] : [], bad);
    },
  };
}

/** Stream a JMeter XML results file into intervals. */
export async function readJmeterXml(source: AsyncIterable<Buffer | string>, file: string, options: Partial<RequestLogOptions> = {}): Promise<RequestLogSet> {
  return readRequestLogWith(jmeterXmlParser, source, file, options);
}
