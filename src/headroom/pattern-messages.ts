/** The words of the pattern classifier's evidence and the headroom estimate, as functions. */
import { formatCount, formatFigure } from "../util/format.js";

const pct = (v: number) => `${Math.round(v * 100)}%`;

/**
 * How the evidence names the trend's shape: `flat`, a `knee` near the top (well-behaved), a steady
 * `diagonal` rise from low throughput (lock-contention), or a `loose` one: steady, but with too
 * loose a rank correlation or too wide a band for lock contention. And why no trend label fits:
 * the response `falls` as throughput rises, is `unrelated` to it (noise), or the throughput range
 * is too `narrow` to read it over.
 */
export type TrendWording = "falls" | "unrelated" | "narrow" | "flat" | "knee" | "diagonal" | "loose";

/** What the shape sentence says, from the trend shape and the features (classify-pattern.ts). */
export interface ShapeFigures {
  lowRise: number;
  rise: number;
  band: number;
  rho: number;
  significance: number;
  n: number;
  xP5: number;
  xP95: number;
  /**
   * Where the lock score's rise from low throughput is read from a single-server queueing curve
   * through the trend rather than from `lowShare` (classify-pattern.ts, riseFromLow): its knee
   * sharpness m and how close the busiest intervals come to its saturation (xP95 / C); else null.
   */
  serial: { m: number; utilisation: number } | null;
}

const trendWords: Record<"flat" | "knee" | "diagonal" | "loose", (s: ShapeFigures) => string> = {
  flat: () => "flat",
  knee: () => "flat, then a knee near the top",
  diagonal: (s) =>
    "a steady diagonal rise from low throughput" +
    (s.serial
      ? ` (a queueing curve R0 / (1 - (X/C)^m) through it bends as one serialised server does, m = ${s.serial.m.toFixed(2)}, and the busiest intervals reach ${pct(s.serial.utilisation)} of its C)`
      : ""),
  loose: (s) =>
    `a rise from low throughput, but too loose for lock contention (rank correlation ${s.rho.toFixed(2)}, a rise of ${s.significance.toFixed(1)} band widths)`,
};

/** "2nd", "10th", "21st", "111th". */
const ordinal = (k: number) => {
  const teen = k % 100 >= 11 && k % 100 <= 13;
  const suffix = teen ? "th" : (({ 1: "st", 2: "nd", 3: "rd" } as Record<number, string>)[k % 10] ?? "th");
  return `${formatCount(k)}${suffix}`;
};

/** "1 rise", "9 rises", "1,440 intervals". */
const plural = (n: number, noun: string) => `${formatCount(n)} ${noun}${n === 1 ? "" : "s"}`;
const intervals = (n: number) => plural(n, "interval");
/** An approximate figure ("~283", "near 283,000"): 3 significant digits, thousands separated. */
const near = (v: number) => formatFigure(Number(v.toPrecision(3)));

export const patternMessage = {
  everyKth: (k: number, read: number, n: number) => `read from every ${ordinal(k)} interval: ${formatCount(read)} of ${formatCount(n)}, over the whole series`,
  stretches: (count: number, length: number, n: number) =>
    `read from ${count} stretches of ${formatCount(length)} consecutive intervals spread over all ${formatCount(n)}; the scores are their average`,
  tooFew: (n: number, min: number) => `only ${plural(n, "usable interval")} (throughput and response both positive): at least ${min} are needed to classify`,
  little: (product: number, constancy: number, share: number, unit?: string) => {
    const threads = unit === "ms" ? product / 1000 : unit === "us" ? product / 1e6 : unit === "s" ? product : null;
    const busy = threads !== null ? ` (Little's law: ~${near(threads)} busy threads)` : "";
    return `in ${pct(share)} of intervals response soars while throughput collapses; throughput x response stays near ${near(product)}${busy} there (it varies ${pct(1 - constancy)} as much as response does)`;
  },
  swing: (lowFraction: number, episodes: number, n: number) =>
    `throughput swings between ${pct(lowFraction)} and 100% of its maximum; ${plural(episodes, "starved episode")} in ${intervals(n)}${episodes > 1 ? ` (a period of ~${Math.round(n / episodes)} intervals)` : ""}`,
  shifts: (down: number, up: number, dropSize: number | null, persistence: number) =>
    `at steady throughput response shifts level ${down + up === 1 ? "once" : `${down + up} times`} (${plural(down, "drop")}${dropSize !== null ? ` of ~${pct(dropSize)}` : ""}: capacity added; ${plural(up, "rise")}: capacity removed or lagging); the shifts persist (lag-1 autocorrelation ${persistence.toFixed(2)})`,
  /**
   * The trend's shape, or why no trend label fits. `wording` is chosen by `trendWording`
   * (classify-pattern.ts) from the same thresholds the lock-contention and well-behaved scores
   * read, and never against the label.
   */
  shape: (wording: TrendWording, s: ShapeFigures) => {
    if (wording === "falls") return `response falls as throughput rises: rank correlation ${s.rho.toFixed(2)} over ${intervals(s.n)}, no knee to read`;
    if (wording === "unrelated")
      return `no relationship between throughput and response: rank correlation ${s.rho.toFixed(2)} over ${intervals(s.n)}, in a band of ±${pct(Math.exp(s.band) - 1)}`;
    if (wording === "narrow")
      return `throughput too narrow to read response against: it spans ${formatFigure(s.xP5)} to ${formatFigure(s.xP95)} (5th to 95th percentile, ${(s.xP95 / s.xP5).toFixed(2)}x) over ${intervals(s.n)}`;
    return (
      `response rises ${s.lowRise >= 0 ? "+" : ""}${pct(s.lowRise)} over the lower half of the throughput range and ${s.rise >= 0 ? "+" : ""}${pct(s.rise)} across it, in a band of ±${pct(Math.exp(s.band) - 1)}: ` +
      trendWords[wording](s)
    );
  },
} as const;
