/**
 * HdrHistogram percentile output (`outputPercentileDistribution`, `.hgrm`), in
 * its text form
 *
 *          Value     Percentile TotalCount 1/(1-Percentile)
 *          0.017 0.000000000000          7           1.00
 *   #[Mean    =  25.048, StdDeviation   = 120.097]
 *   #[Max     = 9420.800, Total count    =  475109]
 *   #[Buckets =       27, SubBuckets     =    2048]
 *
 * and its CSV form (`"Value","Percentile","TotalCount","1/(1-Percentile)"`, the
 * last row's inverse is "Infinity"). The footer's mean, standard deviation, max
 * and total count are used when present; otherwise the count and max come from
 * the last row and the mean from the rows (marked derived). Percentiles: the
 * first row whose TotalCount reaches ceil(p * count), the value HdrHistogram
 * itself prints there (an upper bound when no row sits exactly at p).
 */
import { DataError } from "../errors.js";
import { histogramMessage as hm } from "../messages.js";
import { lines } from "./open-input.js";
import { valueAtCumulative, type FileDistribution } from "./distribution.js";

const num = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * `lineOffset`: the lines before the source in its file, for the line numbers of errors (a block
 * cut out of a longer report: wrk2's "Detailed Percentile spectrum").
 */
export async function readHgrm(source: AsyncIterable<Buffer | string>, file: string, lineOffset = 0): Promise<FileDistribution> {
  const rows: { value: number; fraction: number; cumulative: number }[] = [];
  const footer: Record<string, number> = {};
  let sawHeader = false;
  for await (const [raw, blockLine] of lines(source, file)) {
    const line = blockLine + lineOffset;
    const t = raw.trim();
    if (t === "") continue;
    if (t.startsWith("#[")) {
      for (const m of t.matchAll(/([A-Za-z][A-Za-z ]*?)\s*=\s*([-+0-9.eE]+|NaN)/g)) footer[m[1].trim().toLowerCase()] = Number(m[2]);
      continue;
    }
    if (/^"?Value"?/.test(t)) {
      sawHeader = true;
      continue;
    }
    if (!sawHeader) throw new DataError(hm.notThisFormat("HdrHistogram percentile output (.hgrm)", JSON.stringify(t.slice(0, 40))), { file, line });
    const cells = t.split(/\s*,\s*|\s+/).map((c) => c.replace(/^"|"$/g, ""));
    if (cells.length < 3 || !num.test(cells[0]) || !num.test(cells[1]) || !num.test(cells[2])) {
      throw new DataError(hm.hgrmBadRow(`expected Value, Percentile, TotalCount numbers, got ${JSON.stringify(t.slice(0, 60))}`), { file, line });
    }
    const r = { value: Number(cells[0]), fraction: Number(cells[1]), cumulative: Number(cells[2]) };
    const prev = rows[rows.length - 1];
    if (r.fraction < 0 || r.fraction > 1) throw new DataError(hm.hgrmBadRow(`percentile ${cells[1]} is not in [0, 1]`), { file, line });
    if (prev && (r.cumulative < prev.cumulative || r.value < prev.value))
      throw new DataError(hm.hgrmBadRow("values and counts must not decrease down the rows"), { file, line });
    rows.push(r);
  }
  if (rows.length === 0) throw new DataError(hm.hgrmNoRows(), { file });
  const last = rows[rows.length - 1];
  const count = footer["total count"] ?? last.cumulative;
  const derived: FileDistribution["derived"] = [];
  let mean = footer["mean"];
  if (mean === undefined) {
    let s = 0;
    let prev = 0;
    for (const r of rows) {
      s += (r.cumulative - prev) * r.value;
      prev = r.cumulative;
    }
    mean = s / last.cumulative;
    derived.push("mean");
  }
  if (footer["max"] === undefined) derived.push("max");
  if (footer["total count"] === undefined) derived.push("count");
  const at = (p: number) => valueAtCumulative(rows, count, p);
  const bins: FileDistribution["bins"] = [];
  let prevValue = rows[0].value;
  let prevCount = 0;
  for (const r of rows) {
    if (r.cumulative > prevCount) bins.push({ from: prevValue, to: r.value, count: r.cumulative - prevCount });
    prevValue = r.value;
    prevCount = r.cumulative;
  }
  return {
    file,
    format: "hgrm",
    name: null,
    unit: null,
    stats: {
      count,
      min: rows[0].value,
      max: footer["max"] ?? last.value,
      mean,
      stdDeviation: footer["stddeviation"] ?? null,
      p50: at(50),
      p90: at(90),
      p95: at(95),
      p99: at(99),
      p999: at(99.9),
    },
    bins,
    percentiles: rows.map((r) => ({ fraction: r.fraction, value: r.value })),
    truncated: false,
    derived,
  };
}
