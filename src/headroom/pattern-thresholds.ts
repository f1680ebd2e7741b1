/**
 * Every threshold of the bottleneck-pattern classifier, in one frozen defaults object:
 * the cut-offs that define the features (pattern-features.ts), the soft ramps of the
 * scores (classify-pattern.ts) and the cut-offs of the evidence wording, which are read
 * from the same fields as the scores so the words cannot contradict the label.
 *
 * A ramp `[lo, hi]` is a score factor: 0 at or below lo, 1 at or above hi, linear between.
 *
 * How they were set: by hand, on the confusion matrices of `npx tsx
 * scripts/evaluate-patterns.ts` over the mechanism simulator's dev setting (seeds 1-100 at
 * the default parameter ranges: 100/99/100/100% right for well-behaved, lock-contention,
 * oscillating, looping-autoscaled), and checked, not tuned, on its held-out setting (seeds
 * 10001+ at `heldOutSimulateRanges`: 100/97/92/92%), on a second, independent shape
 * generator (test/headroom/classify-independent.test.ts: 20/20 each) and on the bundled
 * samples in data/. The ramps and the feature cut-offs came with the classifier; only the
 * lowShare ramp moved since. kneeSharpness and kneeUtilisation came with the lab's recordings
 * (data/lab: a real mutex whose convex rise the noise hid from lowShare); they moved held-out
 * lock-contention from 93 to 97 of 100 and no other row of either setting. The relation fields
 * (relationZ, relationRho, flatBand, throughputRange) came later, with the noise and no-relationship sets of the same script
 * (src/headroom/simulate-noise.ts: 100/100% unclassified in both settings; without them 0%).
 * The figures below ("dev: ...") are those feature values on the 100 dev series of each
 * pattern, and "Nudged" is the number right of 50 series per pattern and setting (dev seeds
 * 1-50, held-out 10001-10050; 50/50/50/50 and 50/49/47/47 at the defaults, 50/47/47/47 before
 * the two knee fields, when the other fields were nudged) and of the 20 per independent shape,
 * with the one field (both ends of a ramp) scaled by 0.8 and by 1.2 (a count moved by 1, the
 * windows by 2), the others at their defaults.
 *
 * To experiment, pass a changed copy through `ClassifyOptions.thresholds`:
 *
 *   classifyPattern(series, { thresholds: { ...defaultPatternThresholds,
 *     lockVsWell: { ...defaultPatternThresholds.lockVsWell, lowShare: [0.2, 0.3] } } })
 */

/** A soft score factor: 0 at or below `lo`, 1 at or above `hi`, linear between. */
export type Ramp = readonly [lo: number, hi: number];

export interface PatternThresholds {
  /** Read by every pattern. */
  readonly general: {
    /**
     * The trend of log response on log throughput is the median of equal-count throughput
     * bins: one bin per `perBin` intervals, at least `min` and at most `max` bins (counts).
     * Its residuals feed the band, the persistence and the level shifts. Nudged: at perBin 20
     * dev looping 50 -> 49, held-out 47 -> 46 and the independent saw-tooth 19/20; at 30 the
     * saw-tooth 19/20.
     */
    readonly trendBins: { readonly perBin: number; readonly min: number; readonly max: number };
    /**
     * Another pattern's evidence is said beside the label's only when that pattern scored at
     * least this (a score in [0, 1]). Wording only: no label depends on it, so no evaluation
     * sets it; it came with that rule.
     */
    readonly evidenceScore: number;
    /**
     * Ramp over the throughput's spread, p95 / p5 (a ratio): lock-contention and well-behaved
     * read response against throughput, which needs a range to read it over (a series at one
     * steady load says nothing about its knee). Below the middle, `unclassified` says the range is
     * too narrow. Dev: every pattern 2.0 or more; held-out: 1.55 or more (oscillating; the
     * trend labels 1.75 or more); the real jHiccup and hey logs 1.15 and 1.27. Oscillating and
     * looping-autoscaled do not read it (an autoscaler shows at steady load). Nudged: no matrix changes.
     */
    readonly throughputRange: Ramp;
  };
  /** A thread pool starving behind a stalling dependency: an L / Little's-law hyperbola. */
  readonly oscillating: {
    /**
     * An interval is starved when its response is above this multiple of the median
     * response (a ratio)... Nudged: no changes at 2, held-out oscillating 47 -> 46 at 3.
     */
    readonly starvedResponse: number;
    /**
     * ...at a throughput under this fraction of the 95th-percentile throughput (a ratio).
     * Together they define `starvedShare`, `starvedEpisodes` and the Little's-law product.
     * Nudged (0.4 or 0.6): held-out oscillating 47 -> 44 or 49.
     */
    readonly starvedThroughput: number;
    /**
     * The Little's-law product and its constancy need at least this many starved intervals
     * (a count; fewer: null). A floor for a median and an sd; nudged: no matrix changes.
     */
    readonly minStarved: number;
    /**
     * `littleSlope` is fitted over the intervals whose response is above this multiple of
     * the median response (a ratio): the high arm of the L, where a full pool puts the points
     * on the hyperbola of slope -1. Nudged (1.6 or 2.4): no matrix changes.
     */
    readonly slopeResponse: number;
    /** ...and needs at least this many of them (a count; fewer: null). A floor for a fit; nudged: no matrix changes. */
    readonly minSlopeIntervals: number;
    /**
     * Ramp over `starvedShare`, the share of intervals starved (a fraction of intervals).
     * Dev: well-behaved 0, lock-contention at most 0.055, looping-autoscaled median 0.03 (at
     * most 0.13), oscillating 0.09 to 0.44. Nudged: held-out oscillating 47 -> 48 or 44.
     */
    readonly starvedShare: Ramp;
    /**
     * Ramp over `-littleSlope`, minus the log-log slope of response on throughput over the
     * high-response intervals: 1 on Little's hyperbola. Dev: oscillating 1.05 to 1.47,
     * looping-autoscaled median 0.28 (90th percentile 0.56), the others at most 0.53.
     * Nudged: no matrix changes.
     */
    readonly littleSlope: Ramp;
    /**
     * Ramp over `starvedEpisodes`, the runs of starved intervals (a count): a stall that
     * recurs, not a single incident. Dev: oscillating 11 or more. Nudged: no matrix changes.
     */
    readonly starvedEpisodes: Ramp;
  };
  /** Capacity that follows load (an autoscaler): response shifts level at steady throughput. */
  readonly looping: {
    /**
     * Level shifts are sought between adjacent windows of these two lengths (intervals),
     * the one finding more shifts kept: short windows find frequent shifts in quiet data,
     * long ones find them under heavy noise. Nudged by 2 ([2, 8] or [6, 12]): held-out
     * looping 47 -> 45, or dev looping 50 -> 48.
     */
    readonly windows: readonly [short: number, long: number];
    /**
     * A shift counts only while the windows' mean log throughput differs by less than this
     * (log units: 0.1 is about 10%), so a load change is not read as a capacity change.
     * Nudged (0.08 or 0.12): dev looping 50 -> 49 and held-out 47 -> 43, or no changes.
     */
    readonly steadyThroughput: number;
    /**
     * A shift counts when the windows' mean log residuals differ by more than this (log
     * units: 0.12 is about 13%)... Nudged: no matrix changes.
     */
    readonly minShift: number;
    /**
     * ...and by more than this many standard errors of a difference of window means (the
     * noise estimated robustly from interval-to-interval differences). Nudged (3.2 or 4.8):
     * no changes, or held-out looping 47 -> 41.
     */
    readonly shiftNoise: number;
    /**
     * Ramp over the level shifts up and down (a count). Dev: looping-autoscaled 4 to 60,
     * median 16; well-behaved at most 6; lock-contention median 0 but up to 213 (these
     * persist too little). Nudged ([1.5, 4] or [3.5, 6]): no changes, or dev looping 50 -> 48
     * and held-out 47 -> 43.
     */
    readonly shifts: Ramp;
    /**
     * Ramp over the downward shifts (a count): capacity added shows as a drop at the same
     * throughput. Dev: looping-autoscaled 3 or more. Nudged: no matrix changes.
     */
    readonly shiftsDown: Ramp;
    /**
     * Ramp over the lag-1 autocorrelation of the residuals in time order (a correlation):
     * a level that persists between steps, unlike interval noise. Dev: looping-autoscaled
     * 0.63 to 0.97, the others at most 0.36. Nudged: no changes, or held-out looping 47 -> 43
     * at [0.48, 0.78].
     */
    readonly residualPersistence: Ramp;
    /**
     * Ramp over the median size of the downward shifts (a fraction of response: 0.2 is a
     * 20% drop). Dev: looping-autoscaled 0.20 to 0.61. Nudged: no matrix changes.
     */
    readonly dropSize: Ramp;
  };
  /**
   * A serialised section (a steady diagonal rise from low throughput in a tight band) versus
   * a service limited by its own servers (flat, then a knee). The trend's `rise` is
   * trend(p95) / trend(p5) - 1 over throughput; its `lowShare` is the part of that rise made
   * over the lower half of the throughput range.
   */
  readonly lockVsWell: {
    /**
     * Lock: ramp over the Spearman rank correlation of response with throughput (a lock's
     * queue grows with every request). Dev: lock-contention 0.48 to 0.98, well-behaved
     * median 0.50. Nudged: held-out lock 47 -> 48, or dev lock 50 -> 49 and held-out 47 -> 46.
     */
    readonly lockSpearman: Ramp;
    /**
     * Lock: ramp over `rise` (a fraction: 0.2 is +20% across the range). Dev: lock-contention
     * 0.29 to 1.58. Nudged: no changes, or held-out lock 47 -> 46.
     */
    readonly rise: Ramp;
    /**
     * Lock: ramp over the rise in band widths, log(1 + rise) / band, band being the robust sd
     * of the residuals (log units): a rise that stands out of a tight band. Dev:
     * lock-contention 1.5 to 17, median 7. Nudged: held-out lock 47 -> 48, or dev lock 50 -> 49
     * and held-out 47 -> 46.
     */
    readonly significance: Ramp;
    /**
     * Lock: ramp over `lowShare` (a fraction of the rise), the first reading of a rise from low
     * throughput; the lock score takes the larger of this factor and the second reading's
     * (kneeSharpness x kneeUtilisation), and the wording says "flat, then a knee" where that
     * larger factor is under 0.5, which alone holds the lock score under 0.5. Dev: lock-contention median 0.43 (10th percentile
     * 0.35), well-behaved median 0.03 (90th percentile 0.20). The most sensitive threshold:
     * nudged, held-out lock 47 -> 49 at [0.2, 0.28], dev lock 50 -> 43 and held-out 47 -> 38 at
     * [0.3, 0.42]. It came as [0.2, 0.3] and was moved here when the analysis goldens were
     * made: at [0.2, 0.3] the bundled data/api-latency.tsv, a knee near the top with lowShare
     * 0.25, is lock-contention (0.53 to 0.47); here it is well-behaved (0.97).
     */
    readonly lowShare: Ramp;
    /**
     * Lock, the second reading of a rise from low throughput (the lock score takes the larger):
     * the knee's sharpness `kneeSharpness`, m of the capacity curve R0 / (1 - (X/C)^m) fitted to
     * the trend's knots, as a factor 1 at or below lo and 0 at or above hi. One serialised server
     * (a mutex: M/M/1, m = 1) bends from the lowest load; a pool of c servers stays flat and bends
     * late (m grows with c). Dev: lock-contention 1.0 to 1.11 (held-out to 1.23), well-behaved 3.5
     * or more (held-out: 10th percentile 3.2; a few pools of 2 or 3 servers lower). The lab's mutex
     * (data/lab/lock-contention.csv) 1.51, its pool of 8 (data/lab/well-behaved.csv) 5.5. Nudged:
     * no matrix changes (the lab's mutex scores 0.55 at [1.2, 2], 0.90 at [1.8, 3]).
     */
    readonly kneeSharpness: Ramp;
    /**
     * ...times a factor 1 at or below lo and 0 at or above hi over `kneeUtilisation`, xP95 / C of
     * that curve: a single-server curve read up to near its saturation bends near the top (the
     * bundled data/web-steady.csv, an M/M/1 web service to utilisation 0.85), one read at half
     * its saturation still rises from the lowest load. Dev: lock-contention 0.28 to 0.63 (held-out
     * 0.11 to 0.76); the lab's mutex 0.48; data/web-steady.csv 0.85 (m 1.0); data/api-latency.tsv
     * 0.78 (m 1.7). Nudged: held-out lock 49 -> 47 at [0.52, 0.6]; at [0.78, 0.9] no matrix
     * changes, but data/api-latency.tsv turns lock-contention (0.82).
     */
    readonly kneeUtilisation: Ramp;
    /**
     * Well-behaved and the "no relationship" reason: ramp over the rank correlation in standard
     * errors, |rho| sqrt(n - 1) (Spearman's rho is about normal with sd 1 / sqrt(n - 1) when
     * throughput and response are independent), for a rise and, mirrored, for a fall. At 2 to 3
     * an independent series reaches the ramp's middle in 0.6% of cases. Dev: well-behaved
     * 1.5 or more (the 6 under 3 are flat, in bands up to ±12%); held-out well-behaved -1.8 to
     * 30, 58 of 100 under 3 (flat at low load). Nudged (with the three below, on the noise sets
     * of scripts/evaluate-patterns.ts as well: 50 of each per setting): no matrix changes.
     */
    readonly relationZ: Ramp;
    /**
     * ...and over |rho| itself (a correlation): on a long series a tiny correlation is
     * significant but says nothing. A response is said to rise (or fall) with throughput when
     * both factors hold; one that falls is no knee, so it is never well-behaved. Dev: every
     * series that falls is oscillating (rho -0.87 to -0.30). It came as [0.05, 0.1] and was
     * moved here when one dev noise series (1,830 intervals, rho 0.078, z 3.3) scored
     * well-behaved 0.56; no pattern's matrix changed. Nudged: no matrix changes.
     */
    readonly relationRho: Ramp;
    /**
     * Well-behaved without a significant rise: the response must be flat, its band (the robust sd
     * of the residuals, log units) under this ramp (a factor 1 at or below lo, 0 at or above
     * hi): 0.25 is ±28%, 0.3 is ±35%. A wider band with no relationship is noise, not a flat
     * response: `unclassified`. Dev: well-behaved bands 0.03 to 0.12; held-out well-behaved up to
     * 0.24 (the widest flat ones); the noise sets of scripts/evaluate-patterns.ts 0.34 and up
     * (median 0.52). So noise in a band under ±28% reads as a flat, well-behaved response: no data can tell
     * them apart. Nudged: no matrix changes.
     */
    readonly flatBand: Ramp;
    /**
     * Wording only, no score reads it: a trend rising by more than this across the range
     * (a fraction: +25%) is said to bend up at a knee, one rising less to be flat. Both
     * words describe a well-behaved series, so this cut cannot contradict a label; a
     * lock-contention label is always said as "a steady diagonal rise" (its score already
     * requires the rise). It came with the wording; no evaluation sets it, as no label
     * depends on it.
     */
    readonly kneeRise: number;
  };
}

/** Freeze an object and every object and array in it. */
function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object") {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/** The classifier's thresholds (frozen; see {@link PatternThresholds} for each). */
export const defaultPatternThresholds: PatternThresholds = deepFreeze({
  general: {
    trendBins: { perBin: 25, min: 4, max: 30 },
    evidenceScore: 0.3,
    throughputRange: [1.2, 1.4],
  },
  oscillating: {
    starvedResponse: 2.5,
    starvedThroughput: 0.5,
    minStarved: 8,
    slopeResponse: 2,
    minSlopeIntervals: 8,
    starvedShare: [0.03, 0.08],
    littleSlope: [0.35, 0.65],
    starvedEpisodes: [1.5, 3.5],
  },
  looping: {
    windows: [4, 10],
    steadyThroughput: 0.1,
    minShift: 0.12,
    shiftNoise: 4,
    shifts: [2.5, 5],
    shiftsDown: [0.5, 2],
    residualPersistence: [0.4, 0.65],
    dropSize: [0.12, 0.2],
  },
  lockVsWell: {
    lockSpearman: [0.2, 0.5],
    rise: [0.1, 0.2],
    significance: [1, 2],
    lowShare: [0.25, 0.35],
    kneeSharpness: [1.5, 2.5],
    kneeUtilisation: [0.65, 0.75],
    relationZ: [2, 3],
    relationRho: [0.1, 0.15],
    flatBand: [0.25, 0.3],
    kneeRise: 0.25,
  },
});

/** The middle of a ramp, where its factor is 0.5. */
export function rampMiddle(r: Ramp): number {
  return (r[0] + r[1]) / 2;
}
