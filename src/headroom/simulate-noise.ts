/**
 * Series in which response has no relationship to throughput, for the classifier's evaluation
 * (scripts/evaluate-patterns.ts): each must come out `unclassified`, none of the four patterns.
 *
 *   noise            throughput and response both independent draws per interval (a CSV of
 *                    random numbers): response log-normal (log sd 0.35 to 0.8) or uniform
 *                    (its largest value 3 to 10 times its smallest)
 *   no-relationship  throughput follows a load profile over time (as simulatePattern's do:
 *                    diurnal, ramps or a random walk), response independent draws as above:
 *                    load varies, response does not follow it
 *
 * Seeded, pure.
 */
import { seededRandom } from "../util/random.js";
import { loadShape, startTime, type LoadProfile, type Range } from "./simulate.js";

export type NoiseKind = "noise" | "no-relationship";

export const noiseKinds: readonly NoiseKind[] = ["noise", "no-relationship"];

export interface NoiseSimulateOptions {
  seed: number;
  /** Number of intervals. */
  intervals: Range;
  /** Log sd of a log-normal response. */
  logSd: Range;
  /** Largest / smallest of a uniform response. */
  uniformSpread: Range;
}

export const defaultNoiseSimulateOptions: NoiseSimulateOptions = {
  seed: 1,
  intervals: [150, 3000],
  logSd: [0.35, 0.8],
  uniformSpread: [3, 10],
};

/** A simulated series with no relationship, and what generated it. */
export interface NoiseSeries {
  kind: NoiseKind;
  /** Epoch seconds, one minute apart. */
  time: Float64Array;
  throughput: Float64Array;
  response: Float64Array;
  params: Record<string, number | string>;
}

/** Simulate one series of the given kind. */
export function simulateNoise(kind: NoiseKind, options: Partial<NoiseSimulateOptions> = {}): NoiseSeries {
  const o: NoiseSimulateOptions = { ...defaultNoiseSimulateOptions, ...options };
  const rng = seededRandom((o.seed * 2246822519) ^ (noiseKinds.indexOf(kind) + 11));
  const draw = ([lo, hi]: Range) => lo + (hi - lo) * rng.uniform();
  const n = Math.round(draw(o.intervals));
  const time = new Float64Array(n);
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  // Throughput between lo and lo * spread (req/s), response around base (ms).
  const lo = Math.exp(draw([Math.log(5), Math.log(500)]));
  const spread = draw([2, 10]);
  const base = Math.exp(draw([Math.log(2), Math.log(500)]));
  const logNormal = rng.uniform() < 0.5;
  const logSd = draw(o.logSd);
  const uniformSpread = draw(o.uniformSpread);
  const profiles: LoadProfile[] = ["diurnal", "ramps", "walk"];
  const profile = profiles[Math.floor(rng.uniform() * profiles.length)];
  const load = kind === "no-relationship" ? loadShape(rng, n, profile) : null;
  for (let i = 0; i < n; i++) {
    time[i] = startTime + 60 * i;
    x[i] = lo * (1 + (spread - 1) * (load ? load[i] : rng.uniform()));
    y[i] = logNormal ? base * Math.exp(logSd * rng.normal()) : base * (1 + (uniformSpread - 1) * rng.uniform());
  }
  const params: Record<string, number | string> = { intervals: n, throughputSpread: spread, response: logNormal ? "log-normal" : "uniform" };
  if (logNormal) params.logSd = logSd;
  else params.uniformSpread = uniformSpread;
  if (load) params.profile = profile;
  return { kind, time, throughput: x, response: y, params };
}
