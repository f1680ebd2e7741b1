/**
 * The load's rate over a run: a compressed daily cycle, low at the start, peak in the middle of each
 * cycle, held constant in steps (a step of 1 s is a smooth cycle; longer steps are plateaus on
 * which an autoscaler can act).
 *
 *   rate(t) = low + (peak - low) * (1 - cos(2 pi cycles s / T)) / 2,  s = t rounded down to a step
 */
export interface DailyCycle {
  /** Requests per second at the trough and at the peak. */
  low: number;
  peak: number;
  /** Daily cycles over the run. */
  cycles: number;
  /** The rate is held for this many seconds at a time. */
  stepSeconds: number;
}

/** The rate (requests per second) at `t` seconds into a run of `durationSeconds`. */
export function dailyRate(cycle: DailyCycle, durationSeconds: number, t: number): number {
  const s = cycle.stepSeconds > 0 ? Math.floor(t / cycle.stepSeconds) * cycle.stepSeconds : t;
  const u = (1 - Math.cos((2 * Math.PI * cycle.cycles * s) / durationSeconds)) / 2;
  return cycle.low + (cycle.peak - cycle.low) * u;
}
