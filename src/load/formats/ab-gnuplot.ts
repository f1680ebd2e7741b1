/**
 * ApacheBench `-g` output: a TSV per request, `starttime` (ctime text), `seconds` (start, epoch
 * s, 1 s resolution), `ctime`, `dtime`, `ttime`, `wait` (ms, rounded). Read through the per-request
 * path with ab's columns preset: time = `seconds`, response = `ttime` in ms, every row a success
 * (ab writes no status), and 1 s intervals by default (finer ones would split whole seconds).
 */
import { DataError } from "../../errors.js";
import { loadToolMessage as lm } from "../../messages.js";
import { hasColumns, headerRow } from "./head.js";
import { requestLogReader } from "./request-logs.js";
import type { InputFormat, InputHead, LoadOptions } from "./types.js";

const isAbGnuplot = (head: InputHead) => hasColumns(headerRow(head), "starttime", "seconds", "ctime", "dtime", "ttime", "wait");

/** ab's columns and unit, and 1 s intervals unless --interval says otherwise. */
const abPreset = (o: LoadOptions): LoadOptions => ({ ...o, timeCol: "seconds", responseCol: "ttime", inputUnit: "ms", interval: o.interval ?? 1 });

const reader = requestLogReader("ab-gnuplot");

export const abGnuplotFormat: InputFormat = {
  id: "ab-gnuplot",
  describe: "an ApacheBench -g per-request table (starttime, seconds, ctime, dtime, ttime, wait)",
  extensions: [],
  gives: "intervals",
  options: ["skipBadRows", "interval", "start", "end"],
  sniff(head, o) {
    // With column flags the user reads it as a generic per-request CSV (--format request-csv).
    return o.timeCol === undefined && o.responseCol === undefined && isAbGnuplot(head) ? 1 : 0;
  },
  async read(input, o) {
    return reader.read(input, abPreset(o));
  },
  mergeGroup: "request-log",
  async readMany(inputs, o) {
    const other = inputs.find((i) => !isAbGnuplot(i.head));
    if (other) throw new DataError(lm.abMergeOnlyAb(other.file), { file: other.file, line: 1 });
    return reader.readMany!(inputs, abPreset(o));
  },
};
