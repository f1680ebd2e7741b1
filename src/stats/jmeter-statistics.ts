/**
 * The statistics table of JMeter's HTML dashboard (its `statistics.json`), by JMeter's own
 * definitions (org.apache.jmeter.report.processor: StatisticsSummaryConsumer, StatisticsSummaryData,
 * MeanAggregator, PercentileAggregator), so that `chp summary --like jmeter` prints the numbers a
 * JMeter user compares against:
 *
 *   every sample counts, failures included (sampleCount, errorCount);
 *   errorPct      = errors * 100 / samples, as a Java float;
 *   meanResTime   = the running mean of Commons Math's FirstMoment (m += (x - m) / n), in file order;
 *   min, max      = of the elapsed times;
 *   percentiles   = Commons Math `Percentile` (legacy estimation, R type 6) over the last
 *                   `jmeterStatisticWindow` elapsed times (jmeter.reportgenerator.statistic_window);
 *   throughput    = (samples / (last end - first start)) * 1000, times in ms, end = start + elapsed;
 *   the Total row = every sample except Transaction Controller samples (their requests are
 *                   counted one by one).
 */

/** JMeter's default `jmeter.reportgenerator.statistic_window`: percentiles see the last 20,000 samples of a row. */
export const jmeterStatisticWindow = 20_000;

/**
 * Commons Math `Percentile.evaluate` with the LEGACY estimation (R's quantile type 6):
 * pos = (p / 100) * (n + 1), interpolated between the order statistics around it. `sorted` ascending,
 * `p` in percent (0, 100].
 */
export function legacyPercentile(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  if (n === 1) return sorted[0];
  const pos = (p / 100) * (n + 1);
  const fpos = Math.floor(pos);
  const dif = pos - fpos;
  if (pos < 1) return sorted[0];
  if (pos >= n) return sorted[n - 1];
  const lower = sorted[fpos - 1];
  const upper = sorted[fpos];
  return lower + dif * (upper - lower);
}

/** The shortest decimal that reads back as the same Java float (how Jackson prints a float). */
export function javaFloat(x: number): number {
  const f = Math.fround(x);
  if (!Number.isFinite(f) || f === 0) return f;
  for (let p = 1; p <= 9; p++) {
    const v = Number(f.toPrecision(p));
    if (Math.fround(v) === f) return v;
  }
  return f;
}

/** One row of the dashboard's statistics table (the keys of statistics.json). */
export interface JmeterRow {
  transaction: string;
  sampleCount: number;
  errorCount: number;
  errorPct: number;
  meanResTime: number;
  medianResTime: number;
  minResTime: number;
  maxResTime: number;
  pct1ResTime: number;
  pct2ResTime: number;
  pct3ResTime: number;
  throughput: number;
}

/** The percentiles of pct1, pct2 and pct3 (JMeter's defaults: aggregate_rpt_pct1..3 = 90, 95, 99). */
export const jmeterPercentiles = [90, 95, 99] as const;

/** One row's accumulators. */
class RowAccumulator {
  count = 0;
  errors = 0;
  first = Number.POSITIVE_INFINITY;
  end = Number.NEGATIVE_INFINITY;
  min = Number.POSITIVE_INFINITY;
  max = Number.NEGATIVE_INFINITY;
  mean = 0;
  /** The last `window` elapsed times, a ring. */
  private ring: Float64Array;
  private next = 0;

  constructor(private readonly window: number) {
    this.ring = new Float64Array(Math.min(window, 1024));
  }

  add(startMs: number, endMs: number, elapsedMs: number, ok: boolean): void {
    this.count++;
    if (!ok) this.errors++;
    if (startMs < this.first) this.first = startMs;
    if (endMs > this.end) this.end = endMs;
    if (elapsedMs < this.min) this.min = elapsedMs;
    if (elapsedMs > this.max) this.max = elapsedMs;
    this.mean += (elapsedMs - this.mean) / this.count;
    this.push(elapsedMs);
  }

  private push(v: number): void {
    if (this.count <= this.window && this.count > this.ring.length) {
      // grown while the window fills: a label with a few samples keeps a small array
      const grown = new Float64Array(Math.min(this.window, this.ring.length * 2));
      grown.set(this.ring);
      this.ring = grown;
    }
    this.ring[this.next] = v;
    this.next = (this.next + 1) % this.window;
  }

  row(name: string): JmeterRow {
    const kept = this.ring.slice(0, Math.min(this.count, this.window)).sort();
    const [p1, p2, p3] = jmeterPercentiles.map((p) => legacyPercentile(kept, p));
    return {
      transaction: name,
      sampleCount: this.count,
      errorCount: this.errors,
      errorPct: javaFloat((this.errors * 100) / this.count),
      meanResTime: this.mean,
      medianResTime: legacyPercentile(kept, 50),
      minResTime: this.min,
      maxResTime: this.max,
      pct1ResTime: p1,
      pct2ResTime: p2,
      pct3ResTime: p3,
      throughput: (this.count / (this.end - this.first)) * 1000,
    };
  }
}

/**
 * Accumulates JMeter's statistics table from samples fed one by one: the Total row, and with
 * `byLabel` a row per label (Transaction Controller labels included).
 */
export class JmeterStatistics {
  private readonly total: RowAccumulator;
  private readonly labels = new Map<string, RowAccumulator>();

  constructor(
    private readonly byLabel: boolean,
    private readonly window = jmeterStatisticWindow,
  ) {
    this.total = new RowAccumulator(window);
  }

  /** One sample: start and end in ms (end = start + elapsed), elapsed in ms. */
  sample(label: string, startMs: number, endMs: number, elapsedMs: number, ok: boolean, transaction: boolean): void {
    if (!transaction) this.total.add(startMs, endMs, elapsedMs, ok);
    if (!this.byLabel) return;
    let row = this.labels.get(label);
    if (row === undefined) {
      row = new RowAccumulator(this.window);
      this.labels.set(label, row);
    }
    row.add(startMs, endMs, elapsedMs, ok);
  }

  /** Samples in the Total row. */
  get count(): number {
    return this.total.count;
  }

  /** The Total row, and the label rows sorted by label (empty without byLabel). */
  rows(): { total: JmeterRow; labels: JmeterRow[] } {
    const names = [...this.labels.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    return { total: this.total.row("Total"), labels: names.map((n) => this.labels.get(n)!.row(n)) };
  }
}
