/**
 * HdrHistogram interval logs (`HistogramLogWriter`, jHiccup; log format 1.0-1.3, encodings V0-V2):
 * one histogram per interval. Several logs merge interval by interval, aligned on time.
 */
import type { InputFormat, LoadOptions } from "./types.js";

const comment = /^#\[(Histogram log format|StartTime:|BaseTime:)/;
const legend = /^"?StartTimestamp"?,/;
const intervalLine = /^(Tag=[^,]*,)?[\d.]+,[\d.]+,[\d.]+,HIST/;

export const hlogFormat: InputFormat = {
  id: "hlog",
  describe: "an HdrHistogram interval log (.hlog; jHiccup, HistogramLogWriter)",
  extensions: [".hlog", ".hdr"],
  gives: "intervals",
  options: ["tag", "skipBadRows", "inputUnit", "start", "end"],
  sniff(head) {
    for (const l of head.lines.slice(0, 50)) {
      const t = l.trim();
      if (comment.test(t) || legend.test(t) || intervalLine.test(t)) return 1;
    }
    return 0;
  },
  async read(input, o) {
    const { readHistogramLog } = await import("../hdr/interval-log.js");
    return { kind: "intervals", format: "hlog", set: await readHistogramLog(input.open(), input.file, logOptions(o)) };
  },
  mergeGroup: "hlog",
  async readMany(inputs, o) {
    const { readMergedHistogramLogs } = await import("../merge-intervals.js");
    const sources = inputs.map((i) => ({ file: i.file, source: i.open() }));
    return { kind: "intervals", format: "hlog", set: await readMergedHistogramLogs(sources, logOptions(o)) };
  },
};

/** The log reader's options: the tag, --skip-bad-rows and the --start/--end range. */
function logOptions(o: LoadOptions) {
  return { tag: o.tag ?? null, skipBadRows: o.skipBadRows, start: o.start ?? null, end: o.end ?? null };
}
