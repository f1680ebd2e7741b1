/**
 * A stretch of history for the metrics servers of the live Prometheus test, written before the
 * test instead of waited for: the same two histograms, labels and instances as the live services
 * (prom-service.ts), sampled every 0.5 s like their scrapes, from a known per-second load.
 *
 *   load(t) per instance -> requests per 0.5 s slot (the integral of the rate, floored)
 *     -> each request's latency: the mean at that load x (0.5 + U), U uniform (seeded), in whole ms
 *     -> counters per sample time: _count, _sum (seconds), _bucket per le
 *     -> OpenMetrics text (seconds, for `promtool tsdb create-blocks-from openmetrics`) or
 *        Prometheus text with millisecond timestamps (VictoriaMetrics' /api/v1/import/prometheus)
 *
 * The mean at load x is base x (1 + rho^c / (1 - rho)), rho = min(x / capacity, 0.99): a shape,
 * not a queueing model, flat at low load and bending up at a knee as the load nears the capacity,
 * the sharper the larger c (a pool of c servers).
 * The counters are known, so a test can compute what rate() over them gives at any time
 * ({@link History.rate}) and what the requests total.
 */
import { seededRandom } from "../../src/util/random.js";
import { bucketBounds, serviceHistograms } from "./prom-service.js";

/** One instance of the history: its labels and its load. */
export interface HistoryInstance {
  /** The `instance` label (host:port), as the live scrapes of the same service give it. */
  instance: string;
  /** The `host` label. */
  host: string;
  /** Requests per second at `t` seconds into the load. */
  rate: (t: number) => number;
  /** The load at which the mean response grows without bound, requests per second. */
  capacity: number;
  /** The pool's size: how sharp the knee is. */
  servers: number;
  /** The mean response at low load, seconds. */
  baseSeconds: number;
}

export interface HistoryOptions {
  /** Epoch seconds of the first sample (a whole second). */
  first: number;
  /** Seconds of samples at zero before the load. */
  lead: number;
  /** Seconds of load. */
  seconds: number;
  /** Seconds of samples after the load, the counters still. */
  tail: number;
  /** Seconds between samples. */
  every: number;
  seed: number;
}

/** The counters of one instance at each sample time. */
interface Counters {
  count: Float64Array;
  /** Seconds, summed in whole milliseconds (exact). */
  sumMs: Float64Array;
  /** Per bucket bound (then +Inf, which is `count`). */
  buckets: Float64Array[];
}

export interface History {
  /** Sample times, epoch seconds. */
  times: Float64Array;
  /** The first and last sample times. */
  first: number;
  last: number;
  instances: readonly HistoryInstance[];
  /** Requests per instance over the whole history. */
  totals: Map<string, number>;
  /** How many samples the text holds (series x times). */
  samples: number;
  /**
   * The counters' increase per second between the last samples at or before `from` and `to`,
   * over the time between those samples (`from` itself where no sample precedes it; 0 where
   * both are the same sample), summed
   * over the instances (or of `instance` alone): `count` is requests per second, `sum` seconds
   * per second. A server's rate(NAME[w]) at t is this with `from` t - w (Prometheus 2.x: the
   * samples in [t - w, t]) or just before t - w (VictoriaMetrics 1.79 also reads the sample
   * before a sample at t - w).
   */
  rate(from: number, to: number, instance?: string): { count: number; sum: number };
  /** OpenMetrics text with timestamps in seconds, without the closing `# EOF` (openMetricsFile adds it). */
  openMetrics(): string;
  /** Prometheus text format with timestamps in milliseconds. */
  prometheusText(): string;
}

/** A label value in the text formats: backslash, quote and newline escaped. */
const labelValue = (v: string) => v.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");

/** Build the history (see the top of this file). */
export function makeHistory(instances: readonly HistoryInstance[], o: HistoryOptions): History {
  const n = Math.round((o.lead + o.seconds + o.tail) / o.every) + 1;
  const times = Float64Array.from({ length: n }, (_, k) => o.first + k * o.every);
  const random = seededRandom(o.seed);
  const boundsMs = bucketBounds.map((b) => b * 1000);
  const counters = new Map<string, Counters>();
  const totals = new Map<string, number>();
  for (const inst of instances) {
    const c: Counters = { count: new Float64Array(n), sumMs: new Float64Array(n), buckets: bucketBounds.map(() => new Float64Array(n)) };
    let offered = 0;
    let count = 0;
    let sumMs = 0;
    const inBucket = bucketBounds.map(() => 0);
    for (let k = 1; k < n; k++) {
      // The slot (times[k - 1], times[k]]: its requests at the rate of its middle.
      const t = (k - 0.5) * o.every - o.lead;
      if (t > 0 && t < o.seconds) {
        const x = inst.rate(t);
        const before = Math.floor(offered);
        offered += x * o.every;
        const requests = Math.floor(offered) - before;
        const rho = Math.min(x / inst.capacity, 0.99);
        const mean = inst.baseSeconds * (1 + rho ** inst.servers / (1 - rho));
        for (let r = 0; r < requests; r++) {
          const ms = Math.max(1, Math.round(1000 * mean * (0.5 + random.uniform())));
          count++;
          sumMs += ms;
          boundsMs.forEach((b, i) => {
            if (ms <= b) inBucket[i]++;
          });
        }
      }
      c.count[k] = count;
      c.sumMs[k] = sumMs;
      c.buckets.forEach((b, i) => (b[k] = inBucket[i]));
    }
    counters.set(inst.instance, c);
    totals.set(inst.instance, count);
  }
  /** The index of the last sample at or before `time` (-1: none). */
  const at = (time: number) => Math.min(n - 1, Math.floor((time - o.first) / o.every + 1e-9));
  const rate = (from: number, to: number, only?: string) => {
    const [i, j] = [at(from), at(to)];
    // One sample at both ends (past the last): no increase, 0 per second.
    const seconds = i === j ? 1 : times[j] - (i < 0 ? from : times[i]);
    const value = (a: Float64Array, k: number) => (k < 0 ? 0 : a[k]);
    let count = 0;
    let sumMs = 0;
    for (const [name, c] of counters) {
      if (only !== undefined && name !== only) continue;
      count += value(c.count, j) - value(c.count, i);
      sumMs += value(c.sumMs, j) - value(c.sumMs, i);
    }
    return { count: count / seconds, sum: sumMs / 1000 / seconds };
  };
  const families = serviceHistograms;
  /** Every sample as text, each series' samples in time order; `stamp` writes a sample time. */
  const text = (stamp: (time: number) => string, header: (name: string) => string) => {
    const lines: string[] = [];
    for (const f of families) {
      lines.push(header(f.name));
      for (const inst of instances) {
        const c = counters.get(inst.instance)!;
        const base = Object.entries({ ...f.labels, host: inst.host, instance: inst.instance, job: "lab" })
          .map(([k, v]) => `${k}="${labelValue(v)}"`)
          .join(",");
        const series = (name: string, extra: string, values: Float64Array, scale = 1) => {
          for (let k = 0; k < n; k++) lines.push(`${name}{${base}${extra}} ${values[k] / scale} ${stamp(times[k])}`);
        };
        bucketBounds.forEach((b, i) => series(`${f.name}_bucket`, `,le="${b}"`, c.buckets[i]));
        series(`${f.name}_bucket`, ',le="+Inf"', c.count);
        series(`${f.name}_sum`, "", c.sumMs, 1000);
        series(`${f.name}_count`, "", c.count);
      }
    }
    return `${lines.join("\n")}\n`;
  };
  return {
    times,
    first: times[0],
    last: times[n - 1],
    instances,
    totals,
    samples: families.length * instances.length * (bucketBounds.length + 3) * n,
    rate,
    openMetrics: () =>
      text(
        (t) => String(t),
        (name) => `# TYPE ${name} histogram`,
      ),
    prometheusText: () =>
      text(
        (t) => String(Math.round(t * 1000)),
        (name) => `# TYPE ${name} histogram`,
      ),
  };
}

/** One OpenMetrics file of several histories (promtool reads a family's `# TYPE` line again as the same family). */
export const openMetricsFile = (histories: readonly History[]) => `${histories.map((h) => h.openMetrics()).join("")}# EOF\n`;
