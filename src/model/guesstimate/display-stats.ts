/**
 * The statistics Guesstimate shows for a metric (guesstimate-app src/lib/engine/simulation.ts
 * `addStats`, src/lib/dataAnalysis.ts): mean and standard deviation (population, sqrt(E[x^2] - mean^2))
 * over every sample not filtered; percentiles 5, 50 and 95 as `sorted[floor(length * p / 100)]` of
 * the FIRST 2,000 such samples only, without interpolation. When those 2,000 span less than 1e-15
 * and hold fewer than 10 distinct values, the metric collapses to its first value.
 */

/** Guesstimate's displayed statistics of one metric. */
export interface GuesstimateDisplayStats {
  mean: number;
  stdev: number;
  /** Samples the mean is over (1 after a collapse). */
  length: number;
  p5: number;
  p50: number;
  p95: number;
}

/** Guesstimate's displayed statistics of `samples` (in sampling order; `filtered[i]` 1 leaves sample i out); null with no samples. */
export function guesstimateDisplayStats(samples: ArrayLike<number>, filtered: ArrayLike<number> | null = null): GuesstimateDisplayStats | null {
  let kept: number[] = [];
  for (let i = 0; i < samples.length; i++) if (!filtered?.[i]) kept.push(samples[i]);
  if (kept.length === 0) return null;
  const first = kept.slice(0, 2000).sort((a, b) => a - b);
  if (first[first.length - 1] - first[0] < 1e-15 && new Set(first).size < 10) kept = kept.slice(0, 1);
  if (kept.length === 1) return { mean: kept[0], stdev: 0, length: 1, p5: kept[0], p50: kept[0], p95: kept[0] };
  let sum = 0;
  let squares = 0;
  for (const v of kept) {
    sum += v;
    squares += v * v;
  }
  const mean = sum / kept.length;
  const at = (p: number) => first[Math.floor(first.length * (p / 100))];
  return { mean, stdev: Math.sqrt(Math.max(0, squares / kept.length - mean * mean)), length: kept.length, p5: at(5), p50: at(50), p95: at(95) };
}
