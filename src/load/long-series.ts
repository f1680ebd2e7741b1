/**
 * A long time-series CSV (what `chp fetch --by LABEL` writes): a LABEL column beside the time,
 * throughput and response columns; the rows with LABEL empty are the total, the others one series
 * per value. Read as one time series per value and the total, each by the time-series reader
 * itself (so the numbers are those of a plain series CSV), with `--by LABEL`.
 *
 *   text -> CSV records (RFC 4180: quoted values may hold commas, quotes, line breaks)
 *        -> rows grouped by the LABEL cell (at most maxGroups values; total rows required)
 *        -> each group without the LABEL column -> readTimeSeries -> the total and SeriesGroups
 *
 * Errors name the file and its own line (a group's line mapped back to the file's).
 */
import { DataError } from "../errors.js";
import { prometheusMessage as pm } from "../messages.js";
import { CsvRecords } from "./csv-records.js";
import type { SeriesGroups } from "./formats/types.js";
import { maxGroups } from "./sources/prometheus-by.js";
import { csvCell } from "./sources/series-csv.js";
import { readTimeSeries, type TimeSeries, type TimeSeriesOptions } from "./time-series.js";

/** The rows of one value: its records without the label cell, and each one's line in the file. */
interface Rows {
  records: string[][];
  lines: number[];
}

/** Read a long CSV (see the top of this file) from its bytes. */
export async function readLongSeries(
  bytes: AsyncIterable<Buffer>,
  file: string,
  label: string,
  options: TimeSeriesOptions,
): Promise<{ series: TimeSeries; groups: SeriesGroups }> {
  const chunks: Buffer[] = [];
  for await (const b of bytes) chunks.push(b);
  const text = Buffer.concat(chunks)
    .toString("utf8")
    .replace(/^\uFEFF/, "");
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const delimiter = firstLine.includes("\t") && !firstLine.includes(",") ? "\t" : ",";
  let header: string[] | null = null;
  let at = -1;
  const byValue = new Map<string, Rows>();
  const records = new CsvRecords(
    delimiter,
    (fields, line) => {
      if (header === null) {
        header = fields;
        at = fields.indexOf(label);
        if (at < 0) throw new DataError(pm.byNoColumn(label, fields), { file, line });
        return;
      }
      const value = fields[at] ?? "";
      let rows = byValue.get(value);
      if (rows === undefined) {
        if (value !== "" && byValue.size - (byValue.has("") ? 1 : 0) >= maxGroups) throw new DataError(pm.byFileTooMany(label, maxGroups), { file, line });
        rows = { records: [], lines: [] };
        byValue.set(value, rows);
      }
      rows.records.push(fields.filter((_, i) => i !== at));
      rows.lines.push(line);
    },
    file,
  );
  records.push(text);
  records.end();
  if (header === null) throw new DataError(pm.byNoColumn(label, []), { file });
  const head = (header as string[]).filter((_, i) => i !== at);
  const total = byValue.get("");
  if (total === undefined) throw new DataError(pm.byNoTotal(label), { file });
  const read = async (rows: Rows, value: string | null): Promise<TimeSeries> => {
    const csv = [head, ...rows.records].map((r) => r.map(csvCell).join(delimiter)).join("\n") + "\n";
    try {
      return await readTimeSeries(one(csv), file, options);
    } catch (e) {
      if (!(e instanceof DataError)) throw e;
      // The group's own line k is the file's line of its (k - 1)th row; its header is the file's first line.
      const line = e.location.line === undefined ? undefined : e.location.line <= 1 ? 1 : rows.lines[e.location.line - 2];
      const reason = value === null ? e.reason : pm.byInGroup(label, value, e.reason);
      throw new DataError(reason, { ...e.location, file, line });
    }
  };
  const series = await read(total, null);
  const values = [...byValue.keys()].filter((v) => v !== "").sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const groups: SeriesGroups["groups"] = [];
  for (const value of values) groups.push({ value, series: await read(byValue.get(value)!, value) });
  return { series, groups: { label, groups } };
}

async function* one(text: string): AsyncIterable<string> {
  yield text;
}
