/**
 * The text wrk and wrk2 print with `--latency`, as one distribution in ms:
 *
 *   wrk2: "Detailed Percentile spectrum:" -> the `Value Percentile TotalCount` rows and their
 *         `#[Mean ...]`, `#[Max ...]`, `#[Buckets ...]` footer, which are HdrHistogram percentile
 *         output (read by readHgrm): count, mean, sd, max and the percentile curve. The
 *         percentiles p50..p99.9 are wrk2's own "Latency Distribution (HdrHistogram - Recorded
 *         Latency)" lines (the histogram's value at p, printed to 10 us); a spectrum row is only
 *         an upper bound where no row sits exactly at p.
 *   wrk:  no spectrum: "Latency Distribution" (50% 75% 90% 99%), the Thread Stats latency line
 *         (mean, stdev, max) and "N requests in" (count).
 *
 * Failures: "Non-2xx or 3xx responses: N" and "Socket errors: connect a, read b, write c, timeout
 * d" (wrk prints each only when it is not zero): `errors` is their sum, and the count of a wrk
 * summary leaves the non-2xx responses out. One run per file: a file with several "Running ... test
 * @" lines is an error saying so.
 */
import { DataError } from "../errors.js";
import { loadToolMessage as lm } from "../messages.js";
import type { FileDistribution } from "./distribution.js";
import { readHgrm } from "./hgrm.js";
import { lines } from "./open-input.js";

/** wrk's time suffixes (format_time_us), in ms. */
const msPer: Record<string, number> = { us: 1e-3, ms: 1, s: 1e3, m: 6e4, h: 3.6e6 };

/** "706.00us", "1.44ms", "1.02s" in ms; null when the text is not one. */
export function wrkDuration(text: string): number | null {
  const m = /^(\d+(?:\.\d+)?)(us|ms|s|m|h)$/.exec(text.trim());
  return m ? Number(m[1]) * msPer[m[2]] : null;
}

async function* only(text: string): AsyncGenerator<string> {
  yield text;
}

/** One wrk or wrk2 `--latency` report as a distribution (see the top of this file). */
export async function readWrk(source: AsyncIterable<Buffer | string>, file: string): Promise<FileDistribution> {
  const all: string[] = [];
  for await (const [line] of lines(source, file)) all.push(line);
  const runs = all.filter((l) => /^\s*Running \S+ test @ /.test(l)).length;
  if (runs > 1) throw new DataError(lm.wrkSeveralRuns(runs), { file });
  const find = (re: RegExp) => {
    for (const l of all) {
      const m = re.exec(l);
      if (m) return m;
    }
    return null;
  };
  const requests = find(/^\s*(\d+) requests in /);
  const non2xx = find(/Non-2xx or 3xx responses:\s*(\d+)/);
  const socket = find(/Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/);
  const rejected = non2xx ? Number(non2xx[1]) : 0;
  const errors = rejected + (socket ? socket.slice(1, 5).reduce((a, v) => a + Number(v), 0) : 0);

  // The printed percentiles: the lines after "Latency Distribution" ("50%    4.05ms").
  const printed: { fraction: number; value: number }[] = [];
  const at = all.findIndex((l) => /^\s*Latency Distribution\b/.test(l));
  if (at >= 0) {
    for (let i = at + 1; i < all.length; i++) {
      const m = /^\s*(\d+(?:\.\d+)?)%\s+(\S+)\s*$/.exec(all[i]);
      if (!m) break;
      const v = wrkDuration(m[2]);
      if (v === null) throw new DataError(lm.wrkBadLine(JSON.stringify(all[i].trim())), { file, line: i + 1 });
      printed.push({ fraction: Number(m[1]) / 100, value: v });
    }
  }
  const printedAt = (p: number) => printed.find((r) => Math.abs(r.fraction - p / 100) < 1e-9)?.value ?? null;

  const spectrum = all.findIndex((l) => /Detailed Percentile spectrum/.test(l));
  if (spectrum >= 0) {
    const head = all.findIndex((l, i) => i > spectrum && /^\s*Value\s+Percentile\s+TotalCount/.test(l));
    let end = head < 0 ? -1 : all.findIndex((l, i) => i > head && l.trim().startsWith("#[Buckets"));
    if (head >= 0 && end < 0) end = all.length - 1;
    if (head >= 0) {
      const block = all.slice(head, end + 1).join("\n");
      const d = await readHgrm(only(block), file, head);
      const pick = (p: number, fromRows: number | null) => printedAt(p) ?? fromRows;
      return {
        ...d,
        format: "wrk",
        unit: "ms",
        stats: {
          ...d.stats,
          p50: pick(50, d.stats.p50),
          p90: pick(90, d.stats.p90),
          p95: pick(95, d.stats.p95 ?? null),
          p99: pick(99, d.stats.p99),
          p999: pick(99.9, d.stats.p999),
        },
        errors,
      };
    }
  }
  if (printed.length === 0) throw new DataError(lm.wrkNoLatency(), { file });
  const thread = find(/^\s*Latency\s+(\S+)\s+(\S+)\s+(\S+)\s+/);
  const mean = thread ? wrkDuration(thread[1]) : null;
  const sd = thread ? wrkDuration(thread[2]) : null;
  const max = thread ? wrkDuration(thread[3]) : null;
  return {
    file,
    format: "wrk",
    name: null,
    unit: "ms",
    stats: {
      count: requests ? Number(requests[1]) - rejected : Number.NaN,
      min: null,
      max,
      mean,
      stdDeviation: sd,
      p50: printedAt(50),
      p90: printedAt(90),
      p95: printedAt(95),
      p99: printedAt(99),
      p999: printedAt(99.9),
    },
    errors,
    bins: [],
    percentiles: printed,
    truncated: false,
    derived: [],
  };
}
