/**
 * Latency distributions of a model component. Ranges follow the Guesstimate convention: a
 * `[low, high]` pair is the 90% interval, low the 5th and high the 95th percentile.
 *
 * - point: always `value`.
 * - uniform: uniform on [low, high] (here low/high are the bounds, as in Guesstimate's UNIFORM).
 * - normal: mean (low + high) / 2, sd (high - low) / (2 z95), z95 = qnorm(0.95) = 1.6449.
 * - lognormal: log X normal with meanlog (ln low + ln high) / 2, sdlog (ln high - ln low) / (2 z95);
 *   the median is sqrt(low high). (Guesstimate rounds z95 to 1.645: a 0.003% difference in sdlog.)
 * - empirical: samples or weighted buckets (see empirical.ts).
 */
import type { Random } from "../util/random.js";
import { empiricalCdf, empiricalMean, empiricalQuantile, empiricalRange, type Empirical } from "./empirical.js";
import { pnorm, qnorm, Z95 } from "./normal.js";

export type Distribution =
  | { kind: "point"; value: number }
  | { kind: "uniform"; low: number; high: number }
  | { kind: "normal"; low: number; high: number }
  | { kind: "lognormal"; low: number; high: number }
  | { kind: "empirical"; empirical: Empirical; source?: string };

/** Normal parameters of a 90% interval. */
export function normalParams(low: number, high: number): { mean: number; sd: number } {
  return { mean: (low + high) / 2, sd: (high - low) / (2 * Z95) };
}

/** Lognormal parameters (of log X) of a 90% interval. */
export function lognormalParams(low: number, high: number): { meanlog: number; sdlog: number } {
  const a = Math.log(low);
  const b = Math.log(high);
  return { meanlog: (a + b) / 2, sdlog: (b - a) / (2 * Z95) };
}

/** One draw. */
export function sample(d: Distribution, rng: Random): number {
  switch (d.kind) {
    case "point":
      return d.value;
    case "uniform":
      return d.low + (d.high - d.low) * rng.uniform();
    case "normal": {
      const { mean, sd } = normalParams(d.low, d.high);
      return mean + sd * rng.normal();
    }
    case "lognormal": {
      const { meanlog, sdlog } = lognormalParams(d.low, d.high);
      return Math.exp(meanlog + sdlog * rng.normal());
    }
    case "empirical":
      return empiricalQuantile(d.empirical, rng.uniform());
  }
}

/** P(X <= x), exact. */
export function cdf(d: Distribution, x: number): number {
  switch (d.kind) {
    case "point":
      return x >= d.value ? 1 : 0;
    case "uniform":
      return x <= d.low ? 0 : x >= d.high ? 1 : (x - d.low) / (d.high - d.low);
    case "normal": {
      const { mean, sd } = normalParams(d.low, d.high);
      return pnorm((x - mean) / sd);
    }
    case "lognormal": {
      if (x <= 0) return 0;
      const { meanlog, sdlog } = lognormalParams(d.low, d.high);
      return pnorm((Math.log(x) - meanlog) / sdlog);
    }
    case "empirical":
      return empiricalCdf(d.empirical, x);
  }
}

/** The p quantile (inverse CDF), exact. */
export function quantileOf(d: Distribution, p: number): number {
  switch (d.kind) {
    case "point":
      return d.value;
    case "uniform":
      return d.low + p * (d.high - d.low);
    case "normal": {
      const { mean, sd } = normalParams(d.low, d.high);
      return mean + sd * qnorm(p);
    }
    case "lognormal": {
      const { meanlog, sdlog } = lognormalParams(d.low, d.high);
      return Math.exp(meanlog + sdlog * qnorm(p));
    }
    case "empirical":
      return empiricalQuantile(d.empirical, Math.min(p, 1 - 1e-12));
  }
}

/** The exact mean. */
export function meanOf(d: Distribution): number {
  switch (d.kind) {
    case "point":
      return d.value;
    case "uniform":
    case "normal":
      return (d.low + d.high) / 2;
    case "lognormal": {
      const { meanlog, sdlog } = lognormalParams(d.low, d.high);
      return Math.exp(meanlog + (sdlog * sdlog) / 2);
    }
    case "empirical":
      return empiricalMean(d.empirical);
  }
}

/** A range that holds all but ~1e-9 of the probability (for grids and plots). */
export function support(d: Distribution): [number, number] {
  switch (d.kind) {
    case "point":
      return [d.value, d.value];
    case "uniform":
      return [d.low, d.high];
    case "normal":
    case "lognormal":
      return [quantileOf(d, 1e-9), quantileOf(d, 1 - 1e-9)];
    case "empirical":
      return empiricalRange(d.empirical);
  }
}

/** Short text: "lognormal 90% [0.5, 2]", "point 0.2", "empirical (10000 samples from x.csv)". */
export function describe(d: Distribution, fmt: (v: number) => string = String): string {
  switch (d.kind) {
    case "point":
      return `point ${fmt(d.value)}`;
    case "uniform":
      return `uniform [${fmt(d.low)}, ${fmt(d.high)}]`;
    case "normal":
    case "lognormal":
      return `${d.kind} 90% [${fmt(d.low)}, ${fmt(d.high)}]`;
    case "empirical": {
      const e = d.empirical;
      const what = e.kind === "samples" ? `${e.sorted.length} samples` : `${e.buckets.length} buckets, ${e.total} counts`;
      return `empirical (${what}${d.source ? ` from ${d.source}` : ""})`;
    }
  }
}
