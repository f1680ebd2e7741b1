/**
 * What the three per-request log formats share: one reader (src/load/request-log.ts) that streams
 * requests into interval histograms, and the merge of several logs onto one interval grid.
 */
import type { RequestLogOptions } from "../request-log.js";
import type { InputFormat, LoadOptions, OpenedInput, ReaderOption } from "./types.js";

export const requestLogOptions: readonly ReaderOption[] = ["timeCol", "responseCol", "skipBadRows", "label", "byLabel", "interval", "inputUnit"];

function readerOptions(o: LoadOptions): Partial<RequestLogOptions> {
  return {
    interval: o.interval ?? null,
    label: o.label ?? null,
    inputUnit: o.inputUnit ?? null,
    timeCol: o.timeCol,
    responseCol: o.responseCol,
    skipBadRows: o.skipBadRows,
    byLabel: o.byLabel === true,
  };
}

/** The read and merge of a per-request log format, given its id. */
export function requestLogReader(id: string): Pick<InputFormat, "read" | "readMany" | "mergeGroup"> {
  return {
    async read(input: OpenedInput, o: LoadOptions) {
      const { readRequestLog } = await import("../request-log.js");
      const onProgress = o.onProgress && ((bytes: number) => o.onProgress!(input.file, bytes, input.size));
      return { kind: "intervals", format: id, set: await readRequestLog(input.open(), input.file, { ...readerOptions(o), onProgress }) };
    },
    mergeGroup: "request-log",
    async readMany(inputs: readonly OpenedInput[], o: LoadOptions) {
      const { readMergedRequestLogs } = await import("../merge-intervals.js");
      const sources = inputs.map((i) => ({ file: i.file, source: i.open() }));
      return { kind: "intervals", format: id, set: await readMergedRequestLogs(sources, readerOptions(o)) };
    },
  };
}
