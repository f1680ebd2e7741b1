/**
 * ApacheBench `-e` output: `Percentage served,Time in ms` and one row per percent 0..100, as a
 * distribution of percentiles only (ms). ab writes no count, mean or histogram: the count is NaN
 * (never invented), the mean null. Row 0 is ab's fastest request and row 100 its slowest; row i
 * is ab's sorted response times at index round(n * i / 100) (0-based), in ms to the microsecond.
 */
import { DataError } from "../errors.js";
import { loadToolMessage as lm } from "../messages.js";
import type { FileDistribution } from "./distribution.js";
import { lines } from "./open-input.js";

export async function readAbPercentiles(source: AsyncIterable<Buffer | string>, file: string): Promise<FileDistribution> {
  const rows: { fraction: number; value: number }[] = [];
  let header = false;
  for await (const [raw, line] of lines(source, file)) {
    const t = raw.trim();
    if (t === "") continue;
    if (!header) {
      header = true;
      if (/^percentage served\s*,/i.test(t)) continue;
    }
    const m = /^(\d+(?:\.\d+)?)\s*,\s*(\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)$/.exec(t);
    if (!m) throw new DataError(lm.abPercentilesBadRow(`expected "percent,time", got ${JSON.stringify(t.slice(0, 60))}`), { file, line });
    const r = { fraction: Number(m[1]) / 100, value: Number(m[2]) };
    const prev = rows[rows.length - 1];
    if (r.fraction > 1 || (prev && (r.fraction <= prev.fraction || r.value < prev.value)))
      throw new DataError(lm.abPercentilesBadRow("percentages must rise to at most 100 and times must not fall down the rows"), { file, line });
    rows.push(r);
  }
  if (rows.length === 0) throw new DataError(lm.abPercentilesNoRows(), { file });
  const at = (p: number) => rows.find((r) => Math.abs(r.fraction - p / 100) < 1e-9)?.value ?? null;
  return {
    file,
    format: "ab-percentiles",
    name: null,
    unit: "ms",
    stats: { count: Number.NaN, min: at(0), max: at(100), mean: null, stdDeviation: null, p50: at(50), p90: at(90), p95: at(95), p99: at(99), p999: null },
    bins: [],
    percentiles: rows,
    truncated: false,
    derived: [],
  };
}
