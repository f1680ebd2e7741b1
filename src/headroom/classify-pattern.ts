/**
 * The bottleneck pattern of a headroom plot (Cockcroft, "Bottleneck Analysis",
 * 2013), read from the series in time order:
 *
 *   features -> oscillating?  (a share of intervals starved at low throughput with
 *                              throughput x response near constant: a full thread pool)
 *            -> looping?      (response shifts level at steady throughput, and the
 *                              shifts persist: capacity follows load)
 *            -> lock vs well  (the trend rises steadily from low throughput in a
 *                              tight band, or stays flat and bends up at a knee)
 *            -> label = best score, `unclassified` when no score reaches 0.5
 *
 * Each score is in [0, 1], a product of soft ramps over features that the
 * pattern's mechanism predicts, so it degrades gracefully with noise. The
 * evidence is said in plain words with the numbers behind it.
 */
import { patternMessage } from "./pattern-messages.js";
import { cleanSeries, patternFeatures, type PatternFeatures } from "./pattern-features.js";
import type { PatternLabel } from "./simulate.js";

export type PatternResult = {
  label: PatternLabel | "unclassified";
  scores: Record<PatternLabel, number>;
  evidence: string[];
  features: PatternFeatures | null;
};

export interface ClassifyOptions {
  /** Fewer usable intervals than this are `unclassified`. */
  minIntervals: number;
  /**
   * Above this many intervals the features are read from `stretches` contiguous stretches of
   * this many intervals spread over the series, and the scores averaged: a million-interval
   * series would cost seconds of sorting, and the mechanisms show within a stretch (shorter
   * stretches lose the rarer events, such as an autoscaler's steps: 20,000 found 1 of 5 looping
   * series of 100,000 intervals that the whole series finds).
   */
  maxIntervals: number;
  /** How many stretches a long series is read in. */
  stretches: number;
  /** A label needs at least this score. */
  minScore: number;
  /** Response unit, for the Little's law sentence ("ms" turns x*y into busy threads). */
  responseUnit?: string;
}

export const defaultClassifyOptions: ClassifyOptions = { minIntervals: 30, maxIntervals: 250_000, stretches: 4, minScore: 0.5 };

/** 0 below lo, 1 above hi, linear between. */
function ramp(v: number, lo: number, hi: number): number {
  if (!Number.isFinite(v)) return 0;
  return v <= lo ? 0 : v >= hi ? 1 : (v - lo) / (hi - lo);
}

const round = (v: number) => Math.round(v * 1000) / 1000;

/** Scores of each pattern from the features. */
export function patternScores(f: PatternFeatures): Record<PatternLabel, number> {
  const oscillating =
    ramp(f.starvedShare, 0.03, 0.08) * ramp(-(f.littleSlope ?? 0), 0.35, 0.65) * ramp(f.starvedEpisodes, 1.5, 3.5);

  const shifts = f.shiftsDown + f.shiftsUp;
  const looping =
    (1 - oscillating) *
    ramp(shifts, 2.5, 5) *
    ramp(f.shiftsDown, 0.5, 2) *
    ramp(f.residualPersistence, 0.4, 0.65) *
    ramp(f.dropSize ?? 0, 0.12, 0.2);

  const rise = f.trendHigh / f.trendLow - 1;
  const lowShare = rise > 0 ? (f.trendMid - f.trendLow) / (f.trendHigh - f.trendLow) : 0;
  const monotone = ramp(f.spearman, 0.2, 0.5);
  // A rise that stands out of the band: in band widths (log units), and at least 15%.
  const significance = f.band > 0 ? Math.log1p(Math.max(rise, 0)) / f.band : Infinity;
  const lock = (1 - oscillating) * (1 - looping) * monotone * ramp(rise, 0.1, 0.2) * ramp(significance, 1, 2) * ramp(lowShare, 0.25, 0.35);
  const well = (1 - oscillating) * (1 - looping) * (1 - lock) * ramp(f.spearman, -0.4, -0.1);
  return {
    "well-behaved": round(well),
    "lock-contention": round(lock),
    oscillating: round(oscillating),
    "looping-autoscaled": round(looping),
  };
}

/** Up to `count` contiguous stretches of `length` intervals, spread evenly over the series. */
function stretches(x: Float64Array, y: Float64Array, length: number, count: number): { x: Float64Array; y: Float64Array }[] {
  const n = x.length;
  const k = Math.min(count, Math.ceil(n / length));
  const out: { x: Float64Array; y: Float64Array }[] = [];
  for (let s = 0; s < k; s++) {
    const start = k === 1 ? 0 : Math.round((s * (n - length)) / (k - 1));
    out.push({ x: x.subarray(start, start + length), y: y.subarray(start, start + length) });
  }
  return out;
}

/** Classify a throughput/response series (time order, or sorted by `time` when given). */
export function classifyPattern(
  series: { throughput: ArrayLike<number>; response: ArrayLike<number>; time?: ArrayLike<number> | null },
  options: Partial<ClassifyOptions> = {},
): PatternResult {
  const o = { ...defaultClassifyOptions, ...options };
  const { x, y } = cleanSeries(series.throughput, series.response, series.time);
  const zero: Record<PatternLabel, number> = { "well-behaved": 0, "lock-contention": 0, oscillating: 0, "looping-autoscaled": 0 };
  if (x.length < o.minIntervals) {
    return { label: "unclassified", scores: zero, evidence: [patternMessage.tooFew(x.length, o.minIntervals)], features: null };
  }
  // A long series is read in contiguous stretches (time order and interval length kept, so the
  // mechanisms look as they do in a short one), and their scores are averaged.
  const parts = x.length > o.maxIntervals ? stretches(x, y, o.maxIntervals, o.stretches) : [{ x, y }];
  const read = parts.map((p) => {
    const f = patternFeatures(p.x, p.y);
    return { f, scores: patternScores(f) };
  });
  const scores = { ...zero };
  for (const r of read) for (const k of Object.keys(scores) as PatternLabel[]) scores[k] += r.scores[k] / read.length;
  for (const k of Object.keys(scores) as PatternLabel[]) scores[k] = round(scores[k]);
  let label: PatternLabel | "unclassified" = "unclassified";
  let best = 0;
  for (const [k, v] of Object.entries(scores) as [PatternLabel, number][]) {
    if (v > best) {
      best = v;
      label = k;
    }
  }
  if (best < o.minScore) label = "unclassified";
  // The evidence is that of the stretch that shows the label most clearly.
  const shown = label === "unclassified" ? read[0] : read.reduce((a, b) => (b.scores[label as PatternLabel] > a.scores[label as PatternLabel] ? b : a));
  const words = evidence(label, shown.f, shown.scores, o.responseUnit);
  if (read.length > 1) words.push(patternMessage.stretches(read.length, o.maxIntervals, x.length));
  return { label, scores, evidence: words, features: shown.f };
}

function evidence(label: PatternLabel | "unclassified", f: PatternFeatures, scores: Record<PatternLabel, number>, unit?: string): string[] {
  const m = patternMessage;
  const out: string[] = [];
  const rise = f.trendHigh / f.trendLow - 1;
  const lowRise = f.trendMid / f.trendLow - 1;
  // Other patterns' evidence only where it weighed: a score of at least 0.3.
  if (label === "oscillating" || scores.oscillating >= 0.3) {
    if (f.littleProduct !== null && f.littleConstancy !== null) out.push(m.little(f.littleProduct, f.littleConstancy, f.starvedShare, unit));
    out.push(m.swing(f.xP5 / f.xMax, f.starvedEpisodes, f.n));
  }
  if (label === "looping-autoscaled" || scores["looping-autoscaled"] >= 0.3) {
    out.push(m.shifts(f.shiftsDown, f.shiftsUp, f.dropSize, f.residualPersistence));
  }
  if (label === "lock-contention" || label === "well-behaved" || label === "unclassified") {
    out.push(m.shape(lowRise, rise, f.band, f.spearman));
  }
  return out;
}
