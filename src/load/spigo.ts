/**
 * spigo simulator histograms (adrianco/spigo csv_metrics), values in ns:
 *
 * 1. the bucket table
 *      name: storage.*...load00...load.denominator_serv
 *      quantiles: [{50 47103} {99 139263}]
 *      From   To     Count  Prob    Bar
 *      20480  21503  2      0.0007  :
 *    only non-empty buckets; a Bar starting with ":" marks that empty buckets were
 *    skipped before the row, "|" that it follows its neighbour. The table may be
 *    truncated: the population is then estimated from Count / Prob (Prob =
 *    Count / population) and statistics beyond the last row are null.
 * 2. the centroid format: "Total: n", then "value<TAB>dots" lines, each line a
 *    centroid carrying n / lines samples.
 *
 * p50 and p99 come from the `quantiles:` header when it gives them; the other
 * percentiles from the rows: the bucket's upper bound (`To`) where the cumulative
 * count reaches ceil(p * population).
 */
import { DataError } from "../errors.js";
import { histogramMessage as hm, reliabilityMessage as rm } from "../messages.js";
import { lines } from "./open-input.js";
import { valueAtCumulative, type FileDistribution } from "./distribution.js";

const int = /^\d+(\.\d+)?$/;

export async function readSpigo(source: AsyncIterable<Buffer | string>, file: string): Promise<FileDistribution> {
  let name: string | null = null;
  const quantiles = new Map<number, number>();
  const buckets: { from: number; to: number; count: number; prob: number }[] = [];
  const centroids: number[] = [];
  let total: number | null = null;
  let sawTable = false;
  for await (const [raw, line] of lines(source, file)) {
    const t = raw.trim();
    if (t === "") continue;
    let m;
    if ((m = /^name:\s*(.*)$/.exec(t))) {
      name = m[1];
      continue;
    }
    if ((m = /^quantiles:\s*\[(.*)\]$/.exec(t))) {
      for (const q of m[1].matchAll(/\{\s*([\d.]+)\s+([\d.]+)\s*\}/g)) quantiles.set(Number(q[1]), Number(q[2]));
      // Quantiles rise with p: a header that says otherwise (p99 < p50, say) is damaged.
      const stated = [...quantiles].sort((a, b) => a[0] - b[0]);
      for (let k = 1; k < stated.length; k++) {
        if (stated[k][1] < stated[k - 1][1])
          throw new DataError(rm.quantilesFall(stated[k - 1][0], stated[k - 1][1], stated[k][0], stated[k][1]), { file, line });
      }
      continue;
    }
    if ((m = /^Total:\s*(\d+)$/.exec(t))) {
      total = Number(m[1]);
      continue;
    }
    if (/^From\s+To\s+Count/.test(t)) {
      sawTable = true;
      continue;
    }
    if (sawTable) {
      const c = t.split(/\s+/);
      if (c.length < 4 || !int.test(c[0]) || !int.test(c[1]) || !int.test(c[2]) || !int.test(c[3])) {
        throw new DataError(hm.spigoBadRow(`expected From To Count Prob [Bar], got ${JSON.stringify(t.slice(0, 60))}`), { file, line });
      }
      const b = { from: Number(c[0]), to: Number(c[1]), count: Number(c[2]), prob: Number(c[3]) };
      const prev = buckets[buckets.length - 1];
      if (b.to < b.from || (prev && b.from <= prev.from))
        throw new DataError(hm.spigoBadRow("buckets must rise: From <= To, each From above the last"), { file, line });
      buckets.push(b);
      continue;
    }
    if (total !== null) {
      const c = t.split(/\s+/);
      if (!int.test(c[0])) throw new DataError(hm.spigoBadRow(`expected "value<TAB>dots" after Total:, got ${JSON.stringify(t.slice(0, 60))}`), { file, line });
      centroids.push(Number(c[0]));
      continue;
    }
    throw new DataError(hm.notThisFormat("a spigo histogram (name:, quantiles:, From To Count Prob Bar, or Total:)", JSON.stringify(t.slice(0, 40))), {
      file,
      line,
    });
  }
  if (buckets.length === 0 && centroids.length === 0) throw new DataError(hm.spigoNoRows(), { file });
  const derived: FileDistribution["derived"] = [];
  if (buckets.length > 0) {
    const sum = buckets.reduce((a, b) => a + b.count, 0);
    // Population from Prob (rounded to 4 places in the file): the median of count / prob over the larger buckets.
    const estimates = buckets
      .filter((b) => b.prob > 0 && b.count >= 5)
      .map((b) => b.count / b.prob)
      .sort((a, b) => a - b);
    let population = sum;
    if (estimates.length > 0) {
      const est = estimates[Math.floor(estimates.length / 2)];
      if (est > sum * 1.01) population = Math.round(est);
    }
    const truncated = population > sum;
    let cum = 0;
    const rows = buckets.map((b) => ({ value: b.to, cumulative: (cum += b.count) }));
    const fromRows = (p: number) => (quantiles.has(p) ? quantiles.get(p)! : valueAtCumulative(rows, population, p));
    // A value from the rows is its bucket's upper bound, a stated one exact: keep derived values between
    // the stated ones around them, so p50 <= p90 <= p99 <= p99.9 (a coarse bucket would otherwise give p90 > p99).
    const at = (p: number) => {
      let v = fromRows(p);
      if (v === null || quantiles.has(p)) return v;
      for (const [q, s] of quantiles) if ((q > p && v > s) || (q < p && v < s)) v = s;
      return v;
    };
    for (const p of [90, 99.9]) derived.push(p === 90 ? "p90" : "p999");
    for (const p of [50, 99]) if (!quantiles.has(p)) derived.push(p === 50 ? "p50" : "p99");
    if (truncated) derived.push("count");
    const mean = truncated ? null : buckets.reduce((a, b) => a + ((b.from + b.to) / 2) * b.count, 0) / sum;
    if (mean !== null) derived.push("mean");
    cum = 0;
    return {
      file,
      format: "spigo",
      name,
      unit: "ns",
      stats: {
        count: population,
        min: buckets[0].from,
        max: truncated ? null : buckets[buckets.length - 1].to,
        mean,
        stdDeviation: null,
        p50: at(50),
        p90: at(90),
        p99: at(99),
        p999: at(99.9),
      },
      bins: buckets.map((b) => ({ from: b.from, to: b.to, count: b.count })),
      percentiles: buckets.map((b) => ({ fraction: (cum += b.count) / population, value: b.to })),
      truncated,
      derived,
    };
  }
  const n = total ?? centroids.length;
  const w = n / centroids.length;
  const sorted = [...centroids].sort((a, b) => a - b);
  const rows = sorted.map((v, i) => ({ value: v, cumulative: (i + 1) * w }));
  const at = (p: number) => valueAtCumulative(rows, n, p);
  return {
    file,
    format: "spigo-centroids",
    name,
    unit: "ns",
    stats: {
      count: n,
      min: sorted[0],
      max: sorted[sorted.length - 1],
      mean: sorted.reduce((a, b) => a + b, 0) / sorted.length,
      stdDeviation: null,
      p50: at(50),
      p90: at(90),
      p99: at(99),
      p999: at(99.9),
    },
    bins: sorted.map((v) => ({ from: v, to: v, count: w })),
    percentiles: rows.map((r) => ({ fraction: r.cumulative / n, value: r.value })),
    truncated: false,
    derived: ["mean", "p50", "p90", "p99", "p999"],
  };
}
