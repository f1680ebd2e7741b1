/** The words of the pattern classifier's evidence and the headroom estimate, as functions. */

const pct = (v: number) => `${Math.round(v * 100)}%`;
const num = (v: number) => (Math.abs(v) >= 100 ? String(Math.round(v)) : String(Number(v.toPrecision(3))));

/**
 * How the evidence names the trend's shape: `falls`, `flat`, a `knee` near the top (well-behaved),
 * a steady `diagonal` rise from low throughput (lock-contention), or a `loose` one: steady, but
 * with too loose a rank correlation or too wide a band for lock contention.
 */
export type TrendWording = "falls" | "flat" | "knee" | "diagonal" | "loose";

const trendWords: Record<Exclude<TrendWording, "falls">, (rho: number, significance: number) => string> = {
  flat: () => "flat",
  knee: () => "flat, then a knee near the top",
  diagonal: () => "a steady diagonal rise from low throughput",
  loose: (rho, significance) =>
    `a rise from low throughput, but too loose for lock contention (rank correlation ${rho.toFixed(2)}, a rise of ${significance.toFixed(1)} band widths)`,
};

export const patternMessage = {
  stretches: (count: number, length: number, n: number) =>
    `read from ${count} stretches of ${length.toLocaleString("en-US")} consecutive intervals spread over all ${n.toLocaleString("en-US")}; the scores are their average`,
  tooFew: (n: number, min: number) => `only ${n} usable intervals (throughput and response both positive): at least ${min} are needed to classify`,
  little: (product: number, constancy: number, share: number, unit?: string) => {
    const threads = unit === "ms" ? product / 1000 : unit === "us" ? product / 1e6 : unit === "s" ? product : null;
    const busy = threads !== null ? ` (Little's law: ~${num(threads)} busy threads)` : "";
    return `in ${pct(share)} of intervals response soars while throughput collapses; throughput x response stays near ${num(product)}${busy} there (it varies ${pct(1 - constancy)} as much as response does)`;
  },
  swing: (lowFraction: number, episodes: number, n: number) =>
    `throughput swings between ${pct(lowFraction)} and 100% of its maximum; ${episodes} starved episode${episodes === 1 ? "" : "s"} in ${n} intervals${episodes > 1 ? ` (a period of ~${Math.round(n / episodes)} intervals)` : ""}`,
  shifts: (down: number, up: number, dropSize: number | null, persistence: number) =>
    `at steady throughput response shifts level ${down + up} times (${down} drops${dropSize !== null ? ` of ~${pct(dropSize)}` : ""}: capacity added; ${up} rises: capacity removed or lagging); the shifts persist (lag-1 autocorrelation ${persistence.toFixed(2)})`,
  /**
   * The trend's shape. `wording` is chosen by `trendWording` (classify-pattern.ts) from the
   * same thresholds the lock-contention and well-behaved scores read, and never against the label.
   */
  shape: (wording: TrendWording, lowRise: number, rise: number, band: number, rho: number, significance: number) =>
    wording === "falls"
      ? `response falls as throughput rises (rank correlation ${rho.toFixed(2)})`
      : `response rises ${lowRise >= 0 ? "+" : ""}${pct(lowRise)} over the lower half of the throughput range and ${rise >= 0 ? "+" : ""}${pct(rise)} across it, in a band of ±${pct(Math.exp(band) - 1)}: ` +
        trendWords[wording](rho, significance),
} as const;
