/**
 * The words of the headroom estimate, as functions. Every figure prints through `formatFigure`
 * and `formatPercent` (util/format.ts), as the plot's note and markers do, so the sentence, the
 * verdict and the picture state the same numbers alike.
 */
import { formatCount, formatFigure as num, formatPercent as pct } from "../util/format.js";

const methodWords = {
  sla: "where the fitted curve reaches the SLA",
  mmc: "where an M/M/c queue fitted to the response saturates",
  "capacity-curve": "where response grows without bound (capacity curve R0 / (1 - (X/C)^m))",
  usl: "the Universal Scalability Law's peak (concurrency from Little's law)",
  "glm-asymptote": "the fitted curve's asymptote",
  "lower-bound": "",
} as const;

/** Which peak the headroom is measured against: the highest throughput of every usable interval, before any trim. */
export interface PeakOf {
  /** The usable intervals (both values present and non-zero). */
  usable: number;
  /** Whether the response trim dropped any of them (the peak is then still that of all). */
  trimmed: boolean;
}

/** "the peak of all 1,440 intervals (before the trim), 912.8" (with the throughput's unit when known: "979 values/s"). */
export function peakWords(peak: number, of: PeakOf | null, rate: string | null = null): string {
  if (of === null) return `the observed peak ${withUnit(peak, rate)}`;
  return `the peak of all ${formatCount(of.usable)} intervals${of.trimmed ? " (before the trim)" : ""}, ${withUnit(peak, rate)},`;
}

/** "100 ms", "979 values/s": a figure with its unit when the unit is known, else the figure alone. */
export function withUnit(v: number, unit: string | null): string {
  return unit ? `${num(v)} ${unit}` : num(v);
}

/** "100 ms": an SLA figure with the response's unit when it is known. */
const slaFigure = withUnit;

export const headroomMessage = {
  estimate: (
    method: keyof typeof methodWords,
    value: number,
    [lo, hi]: [number, number],
    peak: number,
    headroom: number,
    sla: number | null,
    on: string | null = null,
    of: PeakOf | null = null,
    unit: string | null = null,
    rate: string | null = null,
    smoothed: number | null = null,
  ) =>
    `maximum useful throughput ${withUnit(value, rate)} (95% interval ${num(lo)} to ${withUnit(hi, rate)}), ${methodWords[method]}${sla !== null ? ` of ${slaFigure(sla, unit)}${on ? ` on ${on}` : ""}` : ""}` +
    (smoothed !== null
      ? `, fitted to each interval's throughput averaged over the ${smoothed} around it (the busiest interval counts too few requests to read alone)`
      : "") +
    "; " +
    (headroom >= 0
      ? `${peakWords(peak, of, rate)} leaves ${pct(headroom)} headroom`
      : sla === null
        ? `${peakWords(peak, of, rate)} has reached it: no headroom left`
        : `${peakWords(peak, of, rate)} is already ${pct(-headroom)} past it`),
  slaExceeded: (sla: number, on: string | null, unit: string | null = null) =>
    `the fitted response is above the SLA of ${slaFigure(sla, unit)}${on ? ` on ${on}` : ""} even at zero throughput: no load meets it`,
  lowerBound: (
    why: "sla-not-reached" | "beyond-reach" | "no-knee",
    peak: number,
    reach: number,
    sla: number | null,
    on: string | null = null,
    of: PeakOf | null = null,
    unit: string | null = null,
    rate: string | null = null,
  ) =>
    why === "sla-not-reached"
      ? `the fitted curve never reaches the SLA of ${slaFigure(sla ?? 0, unit)}${on ? ` on ${on}` : ""}: maximum useful throughput at least ${peakWords(peak, of, rate).replace(/,$/, "")}; how much headroom is left is not known`
      : why === "beyond-reach"
        ? `no knee observed: the response curve points beyond ${reach}x ${peakWords(peak, of, rate).replace(/,$/, "")}, too far to estimate; maximum useful throughput at least that peak, headroom not known`
        : `no knee observed and no fit bounds it: maximum useful throughput at least ${peakWords(peak, of, rate).replace(/,$/, "")}; how much headroom is left is not known`,
  /** A bootstrap option that cannot be used (an error in the caller's code, not in the data). */
  badBootstrapOption: (name: "bootstrap" | "largeBootstrap" | "resampleRows", value: number) =>
    `estimateHeadroom: ${name} must be ${name === "resampleRows" ? "a whole number of rows >= 1, or Infinity" : "a whole number of resamples >= 0"}, not ${value}`,
} as const;
