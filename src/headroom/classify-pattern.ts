/**
 * The bottleneck pattern of a headroom plot (Cockcroft, "Bottleneck Analysis",
 * 2013), read from the series in time order:
 *
 *   features -> oscillating?  (a share of intervals starved at low throughput with
 *                              throughput x response near constant: a full thread pool)
 *            -> looping?      (response shifts level at steady throughput, and the
 *                              shifts persist: capacity follows load)
 *            -> lock vs well  (the trend rises from low throughput in a tight band and
 *                              bends as one server does, or stays flat and bends up at
 *                              a pool's sharp knee), both
 *                              only over a throughput range, and well-behaved only when
 *                              response rises with throughput or stays flat: one that
 *                              falls, or noise with no relationship, is no pattern
 *            -> label = best score, `unclassified` when no score reaches 0.5
 *
 * Each score is in [0, 1], a product of soft ramps over features that the
 * pattern's mechanism predicts, so it degrades gracefully with noise. The
 * evidence is said in plain words with the numbers behind it. Every ramp and
 * cut-off, of the features, the scores and the wording alike, is read from one
 * {@link PatternThresholds} (pattern-thresholds.ts), so the words cannot use
 * another cut-off than the score they explain.
 */
import { patternMessage, type TrendWording } from "./pattern-messages.js";
import { cleanSeriesRows, patternFeatures, permuted, type PatternFeatures } from "./pattern-features.js";
import { defaultPatternThresholds, type PatternThresholds, type Ramp } from "./pattern-thresholds.js";
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
  /**
   * Above this many intervals the features are read from every k-th interval, k = ceil(n /
   * maxRead), at most maxRead of them over the whole series (said in the evidence): a
   * million-interval series is read in ~0.1 s instead of ~1 s, and its scores move in the 3rd
   * decimal (scripts/evaluate-patterns.ts, whose series are shorter, is unchanged). Infinity:
   * every interval (then `maxIntervals` and `stretches` bound the work).
   */
  maxRead: number;
  /** A label needs at least this score. */
  minScore: number;
  /** Response unit, for the Little's law sentence ("ms" turns x*y into busy threads). */
  responseUnit?: string;
  /**
   * The ramps and cut-offs of the features, the scores and the evidence wording (default
   * {@link defaultPatternThresholds}); pass a changed copy to experiment.
   */
  thresholds?: PatternThresholds;
}

export const defaultClassifyOptions: ClassifyOptions = {
  minIntervals: 30,
  maxIntervals: 250_000,
  stretches: 4,
  maxRead: 100_000,
  minScore: 0.5,
  thresholds: defaultPatternThresholds,
};

/** 0 at or below lo, 1 at or above hi, linear between. */
function ramp(v: number, [lo, hi]: Ramp): number {
  if (!Number.isFinite(v)) return 0;
  return v <= lo ? 0 : v >= hi ? 1 : (v - lo) / (hi - lo);
}

/** Scores are reported to 3 decimals (a reporting precision, not a threshold). */
const round = (v: number) => Math.round(v * 1000) / 1000;

/** The shape of the trend that the lock-contention and well-behaved scores and their wording read. */
export interface TrendShape {
  /** trend(p95) / trend(p5) - 1: the rise across the throughput range (a fraction). */
  rise: number;
  /** trend(middle) / trend(p5) - 1: the rise over the lower half of the range. */
  lowRise: number;
  /** The share of the rise made over the lower half (0 when the trend does not rise). */
  lowShare: number;
  /** The rise in band widths, log(1 + rise) / band (Infinity with no band). */
  significance: number;
}

/**
 * How response relates to throughput, as score factors in [0, 1] read from
 * `lockVsWell.relationZ`, `relationRho`, `flatBand` and `general.throughputRange`: the same
 * factors gate the well-behaved and lock-contention scores and choose the words that explain them.
 */
export interface Relation {
  /** The rank correlation in standard errors, rho sqrt(n - 1). */
  z: number;
  /** Response rises with throughput: significant and not negligible. */
  rising: number;
  /** Response falls as throughput rises. */
  falling: number;
  /** Response stays in a tight band (flat). */
  flat: number;
  /** The throughput spans a range to read response over (p95 / p5). */
  range: number;
}

/** The relation factors of a feature set. */
export function relation(f: PatternFeatures, thresholds: PatternThresholds = defaultPatternThresholds): Relation {
  const lw = thresholds.lockVsWell;
  const z = f.spearman * Math.sqrt(Math.max(0, f.n - 1));
  return {
    z,
    rising: ramp(z, lw.relationZ) * ramp(f.spearman, lw.relationRho),
    falling: ramp(-z, lw.relationZ) * ramp(-f.spearman, lw.relationRho),
    flat: 1 - ramp(f.band, lw.flatBand),
    range: ramp(f.xP95 / f.xP5, thresholds.general.throughputRange),
  };
}

/** The trend shape of a feature set. */
export function trendShape(f: PatternFeatures): TrendShape {
  const rise = f.trendHigh / f.trendLow - 1;
  return {
    rise,
    lowRise: f.trendMid / f.trendLow - 1,
    lowShare: rise > 0 ? (f.trendMid - f.trendLow) / (f.trendHigh - f.trendLow) : 0,
    // A rise that stands out of the band: in band widths (log units).
    significance: f.band > 0 ? Math.log1p(Math.max(rise, 0)) / f.band : Infinity,
  };
}

/**
 * The lock-contention factor of a rise from low throughput, in [0, 1]: the larger of two readings.
 * The trend's `lowShare` (`lockVsWell.lowShare`), or, where noise hides the lower half's part of a
 * convex rise, a queueing curve through the trend that bends as one serialised server does (its
 * knee sharpness m about 1: `lockVsWell.kneeSharpness`) while the busiest intervals stay well
 * below its saturation (`lockVsWell.kneeUtilisation`): a mutex's wait, still in the part of its
 * M/M/1 curve that rises from the lowest load. 0 for a pool's knee (m large) and for a
 * single-server curve read near its saturation, which bends near the top.
 */
export function riseFromLow(
  f: PatternFeatures,
  thresholds: PatternThresholds = defaultPatternThresholds,
): { lowShare: number; serial: number; factor: number } {
  const lw = thresholds.lockVsWell;
  const lowShare = ramp(trendShape(f).lowShare, lw.lowShare);
  const serial =
    f.kneeSharpness === null || f.kneeUtilisation === null
      ? 0
      : (1 - ramp(f.kneeSharpness, lw.kneeSharpness)) * (1 - ramp(f.kneeUtilisation, lw.kneeUtilisation));
  return { lowShare, serial, factor: Math.max(lowShare, serial) };
}

/** Scores of each pattern from the features. */
export function patternScores(f: PatternFeatures, thresholds: PatternThresholds = defaultPatternThresholds): Record<PatternLabel, number> {
  const { oscillating: o, looping: l, lockVsWell: lw } = thresholds;
  // The absent slope and drop size count as 0 (no evidence), not as thresholds.
  const oscillating = ramp(f.starvedShare, o.starvedShare) * ramp(-(f.littleSlope ?? 0), o.littleSlope) * ramp(f.starvedEpisodes, o.starvedEpisodes);

  const shifts = f.shiftsDown + f.shiftsUp;
  const looping =
    (1 - oscillating) *
    ramp(shifts, l.shifts) *
    ramp(f.shiftsDown, l.shiftsDown) *
    ramp(f.residualPersistence, l.residualPersistence) *
    ramp(f.dropSize ?? 0, l.dropSize);

  const s = trendShape(f);
  const r = relation(f, thresholds);
  const monotone = ramp(f.spearman, lw.lockSpearman);
  const lock =
    (1 - oscillating) * (1 - looping) * r.range * monotone * ramp(s.rise, lw.rise) * ramp(s.significance, lw.significance) * riseFromLow(f, thresholds).factor;
  // Well-behaved: over a throughput range, a response that rises with throughput or stays flat,
  // and never one that falls (no knee) or wanders with no relationship to throughput (noise).
  const well = (1 - oscillating) * (1 - looping) * (1 - lock) * r.range * (1 - r.falling) * Math.max(r.rising, r.flat);
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

/** values[0], values[k], values[2k], ... */
function everyKth(values: Int32Array, k: number): Int32Array {
  const out = new Int32Array(Math.ceil(values.length / k));
  for (let i = 0; i < out.length; i++) out[i] = values[i * k];
  return out;
}

/** Classify a throughput/response series (time order, or sorted by `time` when given). */
export function classifyPattern(
  series: { throughput: ArrayLike<number>; response: ArrayLike<number>; time?: ArrayLike<number> | null },
  options: Partial<ClassifyOptions> = {},
): PatternResult {
  const o = { ...defaultClassifyOptions, ...options };
  const thresholds = o.thresholds ?? defaultPatternThresholds;
  const clean = cleanSeriesRows(series.throughput, series.response, series.time);
  // A very long series: every k-th interval, in time order.
  const every = clean.length > o.maxRead ? Math.ceil(clean.length / o.maxRead) : 1;
  const rows = every > 1 ? everyKth(clean, every) : clean;
  const x = permuted(series.throughput, rows);
  const y = permuted(series.response, rows);
  const zero: Record<PatternLabel, number> = { "well-behaved": 0, "lock-contention": 0, oscillating: 0, "looping-autoscaled": 0 };
  if (x.length < o.minIntervals) {
    return { label: "unclassified", scores: zero, evidence: [patternMessage.tooFew(x.length, o.minIntervals)], features: null };
  }
  // A long series is read in contiguous stretches (time order and interval length kept, so the
  // mechanisms look as they do in a short one), and their scores are averaged.
  const parts = x.length > o.maxIntervals ? stretches(x, y, o.maxIntervals, o.stretches) : [{ x, y }];
  const read = parts.map((p) => {
    const f = patternFeatures(p.x, p.y, thresholds);
    return { f, scores: patternScores(f, thresholds) };
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
  const words = evidence(label, shown.f, shown.scores, thresholds, o.responseUnit);
  if (every > 1) words.push(patternMessage.everyKth(every, x.length, clean.length));
  if (read.length > 1) words.push(patternMessage.stretches(read.length, o.maxIntervals, x.length));
  return { label, scores, evidence: words, features: shown.f };
}

/**
 * The words for the trend's shape, from the thresholds the lock-contention and well-behaved
 * scores read, and never against the label:
 *
 *   lock-contention label            -> "diagonal" (its score needs a rise from low throughput)
 *   throughput range factor < 0.5    -> "narrow" (both trend scores are then under 0.5)
 *   falling factor > 0.5             -> "falls" (the well-behaved score is then under 0.5)
 *   rising and flat factors < 0.5    -> "unrelated" (likewise)
 *   rise up to kneeRise              -> "flat"
 *   the rise-from-low factor of the
 *     lock score under 0.5           -> "knee"
 *   otherwise                        -> "diagonal", or for a well-behaved label "loose": the
 *                                       rise is steady, but the lock score is held down by a
 *                                       loose rank correlation or a wide band
 */
export function trendWording(label: PatternLabel | "unclassified", f: PatternFeatures, t: PatternThresholds = defaultPatternThresholds): TrendWording {
  const lw = t.lockVsWell;
  const s = trendShape(f);
  const r = relation(f, t);
  if (label === "lock-contention") return "diagonal";
  if (r.range < 0.5) return "narrow";
  if (r.falling > 0.5) return "falls";
  if (Math.max(r.rising, r.flat) < 0.5) return "unrelated";
  if (!(s.rise > lw.kneeRise)) return "flat";
  if (riseFromLow(f, t).factor < 0.5) return "knee";
  return label === "well-behaved" ? "loose" : "diagonal";
}

function evidence(
  label: PatternLabel | "unclassified",
  f: PatternFeatures,
  scores: Record<PatternLabel, number>,
  t: PatternThresholds,
  unit?: string,
): string[] {
  const m = patternMessage;
  const out: string[] = [];
  const evidenceScore = t.general.evidenceScore;
  // Other patterns' evidence only where it weighed: a score of at least `general.evidenceScore`.
  if (label === "oscillating" || scores.oscillating >= evidenceScore) {
    if (f.littleProduct !== null && f.littleConstancy !== null) out.push(m.little(f.littleProduct, f.littleConstancy, f.starvedShare, unit));
    out.push(m.swing(f.xP5 / f.xMax, f.starvedEpisodes, f.n));
  }
  if (label === "looping-autoscaled" || scores["looping-autoscaled"] >= evidenceScore) {
    out.push(m.shifts(f.shiftsDown, f.shiftsUp, f.dropSize, f.residualPersistence));
  }
  if (label === "lock-contention" || label === "well-behaved" || label === "unclassified") {
    const s = trendShape(f);
    const low = riseFromLow(f, t);
    const serial =
      low.serial > low.lowShare && f.kneeSharpness !== null && f.kneeUtilisation !== null ? { m: f.kneeSharpness, utilisation: f.kneeUtilisation } : null;
    out.push(m.shape(trendWording(label, f, t), { ...s, band: f.band, rho: f.spearman, n: f.n, xP5: f.xP5, xP95: f.xP95, serial }));
  }
  return out;
}
