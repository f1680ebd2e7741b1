/**
 * The forward model by seeded Monte Carlo: each request draws the base latency, then walks the
 * tiers (served by tier i with probability hitRate_i, else on to the next; the last always
 * serves) and adds that tier's latency.
 *
 *   model --seededRandom(seed)--> per request: base + tier latency, tier index
 *         --> samples, quantiles (R type 7), mean, share served by each tier
 */
import { quantileSorted } from "../stats/quantile.js";
import { seededRandom } from "../util/random.js";
import { sample } from "./distribution.js";
import { tierShares, type ResponseModel } from "./types.js";

/** Options of `simulate`. */
export interface SimulateOptions {
  /** Number of simulated requests. */
  samples?: number;
  /** Seed of the mulberry32 generator (src/util/random.ts). */
  seed?: number;
  /** Probabilities reported in `quantiles`. */
  probabilities?: readonly number[];
}

/** Defaults of `SimulateOptions`: 100,000 requests, seed 1, p50 p90 p95 p99 p99.9. */
export const defaultSimulateOptions: Required<SimulateOptions> = {
  samples: 100_000,
  seed: 1,
  probabilities: [0.5, 0.9, 0.95, 0.99, 0.999],
};

export interface Simulation {
  /** Response of each simulated request, in simulation order. */
  samples: Float64Array;
  /** Index of the tier that served each request. */
  tier: Uint8Array;
  /** The same samples sorted ascending. */
  sorted: Float64Array;
  /** R type 7 quantiles of the samples at `probabilities`. */
  quantiles: { p: number; value: number }[];
  mean: number;
  /** Per tier: simulated share of requests, the exact share, and the mean response of its requests. */
  tiers: { name: string; share: number; exactShare: number; mean: number }[];
  seed: number;
}

/** Run the model for `samples` requests with a seeded generator. */
export function simulate(model: ResponseModel, options: SimulateOptions = {}): Simulation {
  const o = { ...defaultSimulateOptions, ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) };
  const n = o.samples;
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`samples must be a positive integer, got ${n}`);
  if (model.tiers.length === 0 || model.tiers.length > 255) throw new RangeError("a model needs 1 to 255 tiers");
  const rng = seededRandom(o.seed);
  const samples = new Float64Array(n);
  const tier = new Uint8Array(n);
  const last = model.tiers.length - 1;
  const base = model.base?.latency ?? null;
  const counts = new Float64Array(model.tiers.length);
  const sums = new Float64Array(model.tiers.length);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const b = base ? sample(base, rng) : 0;
    let t = 0;
    while (t < last && !(rng.uniform() < model.tiers[t].hitRate)) t++;
    const v = b + sample(model.tiers[t].latency, rng);
    samples[i] = v;
    tier[i] = t;
    counts[t]++;
    sums[t] += v;
    total += v;
  }
  const sorted = samples.slice().sort();
  const exact = tierShares(model);
  return {
    samples,
    tier,
    sorted,
    quantiles: o.probabilities.map((p) => ({ p, value: quantileSorted(sorted, p) })),
    mean: total / n,
    tiers: model.tiers.map((t, i) => ({ name: t.name, share: counts[i] / n, exactShare: exact[i], mean: counts[i] ? sums[i] / counts[i] : NaN })),
    seed: o.seed,
  };
}
