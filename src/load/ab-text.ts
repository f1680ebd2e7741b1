/**
 * ApacheBench's own text report (its stdout), as one distribution in ms:
 *
 *   "Complete requests:", "Failed requests:", "Non-2xx responses:" -> count and errors;
 *   "Total:  min  mean[+/-sd]  median  max" (Connection Times, ms)  -> min, mean, sd, max;
 *   "Percentage of the requests served within a certain time (ms)" -> the percentile curve
 *   (50% 66% 75% 80% 90% 95% 98% 99% 100%: ab's sorted times at index floor(n p / 100), 0-based,
 *   rounded to the ms; 100% is the longest request).
 *
 * Every figure is ab's, to the ms it prints. ab counts failed and non-2xx responses among its
 * complete requests: the count here is the rest (successful requests), `errors` those two.
 */
import { DataError } from "../errors.js";
import { loadToolMessage as lm } from "../messages.js";
import type { FileDistribution } from "./distribution.js";
import { lines } from "./open-input.js";

export async function readAbText(source: AsyncIterable<Buffer | string>, file: string): Promise<FileDistribution> {
  let complete: number | null = null;
  let failed = 0;
  let non2xx = 0;
  let total: number[] | null = null;
  const curve: { fraction: number; value: number }[] = [];
  let inTable = false;
  for await (const [raw] of lines(source, file)) {
    const t = raw.trim();
    let m: RegExpExecArray | null;
    if ((m = /^Complete requests:\s+(\d+)/.exec(t))) complete = Number(m[1]);
    else if ((m = /^Failed requests:\s+(\d+)/.exec(t))) failed = Number(m[1]);
    else if ((m = /^Non-2xx responses:\s+(\d+)/.exec(t))) non2xx = Number(m[1]);
    else if ((m = /^Total:\s+(\d+)\s+(\d+)\s+(\d+(?:\.\d+)?)\s+(\d+)\s+(\d+)$/.exec(t))) total = m.slice(1, 6).map(Number);
    else if (/^Percentage of the requests served/.test(t)) inTable = true;
    else if (inTable && (m = /^(\d+)%\s+(\d+)/.exec(t))) curve.push({ fraction: Number(m[1]) / 100, value: Number(m[2]) });
    else if (inTable && t !== "") inTable = false;
  }
  if (complete === null || (total === null && curve.length === 0)) throw new DataError(lm.abTextNoFigures(), { file });
  const at = (p: number) => curve.find((r) => Math.abs(r.fraction - p / 100) < 1e-9)?.value ?? null;
  const [min, mean, sd, median, max] = total ?? [null, null, null, null, null];
  return {
    file,
    format: "ab-text",
    name: null,
    unit: "ms",
    stats: {
      count: complete - failed - non2xx,
      min,
      max: max ?? at(100),
      mean,
      stdDeviation: sd,
      p50: at(50) ?? median,
      p90: at(90),
      p95: at(95),
      p99: at(99),
      p999: null,
    },
    errors: failed + non2xx,
    bins: [],
    percentiles: curve,
    truncated: false,
    derived: [],
  };
}
