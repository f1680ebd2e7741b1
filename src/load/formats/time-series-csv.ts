/**
 * A time-series CSV/TSV: one row per interval with a throughput and a response column (and
 * optionally a time column), found by name or named with --throughput-col/--response-col/--time-col;
 * with --by LABEL a long CSV of one series per value of a column and their total (../long-series.ts).
 * The generic fall-back among text formats, so its sniff is weak: any delimited text with a header
 * row, surer when the columns are there.
 */
import { matchScore } from "../columns.js";
import { headerRow } from "./head.js";
import type { InputFormat } from "./types.js";

export const timeSeriesFormat: InputFormat = {
  id: "csv",
  describe: "a time-series CSV/TSV (a throughput and a response column per interval)",
  extensions: [".csv", ".tsv", ".txt"],
  gives: "series",
  options: ["timeCol", "throughputCol", "responseCol", "skipBadRows", "by"],
  sniff(head, o) {
    const first = head.firstLine.trimStart();
    if (first === "" || /^[[{<#]/.test(first)) return 0;
    const row = headerRow(head);
    // A first line of numbers, or one cell: the reader says what is missing (a header, a column).
    if (row === null) return 0.1;
    const has = (role: "throughput" | "response") => row.cells.some((h) => matchScore(h, role) > 0);
    const throughput = o.throughputCol !== undefined || has("throughput");
    const response = o.responseCol !== undefined || has("response");
    return throughput && response ? 0.6 : 0.3;
  },
  async read(input, o) {
    const { loadTimeSeries, readTimeSeries } = await import("../time-series.js");
    const options = { timeCol: o.timeCol, throughputCol: o.throughputCol, responseCol: o.responseCol, skipBadRows: o.skipBadRows };
    if (o.by) {
      // A long CSV (chp fetch --by): one series per value of the column, and their total.
      const { readLongSeries } = await import("../long-series.js");
      return { kind: "series", format: "csv", ...(await readLongSeries(input.open(), input.file, o.by, options)) };
    }
    const series = input.file === "-" ? await readTimeSeries(input.open(), input.file, options) : await loadTimeSeries(input.file, options);
    return { kind: "series", format: "csv", series };
  },
};
