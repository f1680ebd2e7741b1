/**
 * What the per-request log formats share: one sink (src/load/request-sink.ts) that streams requests
 * into interval histograms, fed by each format's push parser (CSV rows: src/load/request-log.ts; a
 * JMeter XML JTL; a Gatling simulation.log), and the merge of several logs onto one interval grid.
 */
import type { RequestLogOptions, RequestLogParserFactory } from "../request-sink.js";
import { isVegetaCsv, isVegetaJson } from "./vegeta-sniff.js";
import type { InputFormat, LoadOptions, OpenedInput, ReaderOption } from "./types.js";

export const requestLogOptions: readonly ReaderOption[] = [
  "timeCol",
  "responseCol",
  "skipBadRows",
  "label",
  "byLabel",
  "interval",
  "inputUnit",
  "start",
  "end",
];

function readerOptions(o: LoadOptions): Partial<RequestLogOptions> {
  return {
    interval: o.interval ?? null,
    label: o.label ?? null,
    inputUnit: o.inputUnit ?? null,
    timeCol: o.timeCol,
    responseCol: o.responseCol,
    skipBadRows: o.skipBadRows,
    byLabel: o.byLabel === true,
    ...(o.metric ? { metric: o.metric } : {}),
    samples: o.samples ?? null,
    start: o.start ?? null,
    end: o.end ?? null,
  };
}

/** The push parser of one per-request input, by its first line: a JMeter XML JTL, a Gatling simulation.log, a k6 output, vegeta results, else a CSV. */
async function parserOf(input: OpenedInput): Promise<RequestLogParserFactory> {
  const first = input.head.firstLine;
  if (input.head.text.startsWith("\u0000")) return (await import("../gatling-binary.js")).gatlingBinaryParser;
  if (/^\s*</.test(first)) return (await import("../jmeter-xml.js")).jmeterXmlParser;
  if (/^\s*\{/.test(first)) {
    if (isVegetaJson(first)) return (await import("../vegeta.js")).vegetaJsonParser;
    return (await import("../k6-output.js")).k6JsonParser;
  }
  if (/^metric_name,timestamp,metric_value(,|$)/.test(first)) return (await import("../k6-output.js")).k6CsvParser;
  if (isVegetaCsv(first)) return (await import("../vegeta.js")).vegetaCsvParser;
  if (/^([^\t]*\t){0,2}(RUN|USER|REQUEST|GROUP|ERROR|ASSERTION)\t/.test(first)) return (await import("../gatling-log.js")).gatlingLogParser;
  return (await import("../request-log.js")).requestLogParser;
}

/**
 * The read and merge of a per-request log format, given its id; `minInterval` (when given) is the
 * shortest interval the inputs' time stamps allow, from their heads.
 */
export function requestLogReader(id: string, minInterval?: (inputs: readonly OpenedInput[]) => number): Pick<InputFormat, "read" | "readMany" | "mergeGroup"> {
  const least = (inputs: readonly OpenedInput[]) => (minInterval ? { minInterval: minInterval(inputs) } : {});
  return {
    async read(input: OpenedInput, o: LoadOptions) {
      const { readRequestLogWith } = await import("../request-sink.js");
      const onProgress = o.onProgress && ((bytes: number) => o.onProgress!(input.file, bytes, input.size));
      const parser = await parserOf(input);
      const options = { ...readerOptions(o), ...least([input]), onProgress };
      const { requestLogParser, readRequestLogFile } = await import("../request-log.js");
      if (parser === requestLogParser) {
        // The CSV rows' parser reads a plain file itself, straight into its 2 MiB batches of lines;
        // any other input (stdin, gzip, UTF-16) comes as a stream, 1 MiB at a time.
        const plain = input.openSync?.() ?? null;
        if (plain !== null) return { kind: "intervals", format: id, set: await readRequestLogFile(plain, input.file, options) };
      }
      const source = input.open(parser === requestLogParser ? { chunkBytes: 1 << 20 } : {});
      const set = await readRequestLogWith(parser, source, input.file, options);
      return { kind: "intervals", format: id, set };
    },
    mergeGroup: "request-log",
    async readMany(inputs: readonly OpenedInput[], o: LoadOptions) {
      const { readMergedRequestLogs } = await import("../merge-intervals.js");
      const sources = inputs.map((i) => ({ file: i.file, source: i.open() }));
      const parsers = await Promise.all(inputs.map(parserOf));
      return { kind: "intervals", format: id, set: await readMergedRequestLogs(sources, { ...readerOptions(o), ...least(inputs) }, parsers) };
    },
  };
}
