/**
 * The random functions Guesstimate adds to mathjs, with its parameterisations (jStat
 * src/distribution.js; Guesstimate's distributions.ts and constructs.ts), drawn from chp's seeded
 * generator instead of Math.random:
 *
 *   normal(mean, sd), lognormal(mu, sigma) (log space), uniform(a, b), exponential(rate),
 *   gamma(shape, scale), beta(alpha, beta), chisquare(k), studentt(dof), centralF(df1, df2),
 *   cauchy(location, scale), invgamma(shape, scale), weibull(scale, shape),
 *   triangular(min, max, mode = (min + max) / 2), doubleTriangular(min, max, mode),
 *   PERT(min, max, mode = (min + max) / 2, lambda = 4), bernoulli(p) (also `if`, `test`),
 *   binomial(n, p), poisson(lambda), scenarios(values, weights).
 *
 * Gamma variates by Marsaglia and Tsang (2000), as jStat draws them; beta as X / (X + Y) of two
 * gammas; Poisson by multiplication of uniforms (Knuth) below lambda 30, else by the PTRS
 * transformed rejection of Hörmann (1993).
 */
import type { Random } from "../../util/random.js";

/** Gamma(shape, scale) by Marsaglia-Tsang; shape < 1 by the boost U^(1/shape). */
export function gammaSample(rng: Random, shape: number, scale: number): number {
  if (!(shape > 0) || !(scale > 0)) return NaN;
  if (shape < 1) return gammaSample(rng, shape + 1, scale) * rng.uniform() ** (1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = rng.normal();
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = rng.uniform();
    if (u < 1 - 0.0331 * x ** 4 || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v * scale;
  }
}

function poissonSample(rng: Random, lambda: number): number {
  if (!(lambda >= 0)) return NaN;
  if (lambda < 30) {
    const l = Math.exp(-lambda);
    let k = 0;
    let p = rng.uniform();
    while (p > l) {
      k++;
      p *= rng.uniform();
    }
    return k;
  }
  // PTRS (Hörmann 1993, "The transformed rejection method for generating Poisson random variables").
  const slam = Math.sqrt(lambda);
  const loglam = Math.log(lambda);
  const b = 0.931 + 2.53 * slam;
  const a = -0.059 + 0.02483 * b;
  const invalpha = 1.1239 + 1.1328 / (b - 3.4);
  const vr = 0.9277 - 3.6224 / (b - 2);
  for (;;) {
    const u = rng.uniform() - 0.5;
    const v = rng.uniform();
    const us = 0.5 - Math.abs(u);
    const k = Math.floor(((2 * a) / us + b) * u + lambda + 0.43);
    if (us >= 0.07 && v <= vr) return k;
    if (k < 0 || (us < 0.013 && v > us)) continue;
    if (Math.log(v) + Math.log(invalpha) - Math.log(a / (us * us) + b) <= -lambda + k * loglam - logFactorial(k)) return k;
  }
}

function logFactorial(k: number): number {
  if (k < 2) return 0;
  // Stirling series; exact enough (error < 1e-10) for k >= 2 used in the PTRS acceptance test.
  const x = k + 1;
  return (x - 0.5) * Math.log(x) - x + 0.5 * Math.log(2 * Math.PI) + 1 / (12 * x) - 1 / (360 * x ** 3) + 1 / (1260 * x ** 5);
}

function triangular(rng: Random, min: number, max: number, mode = (min + max) / 2): number {
  const u = rng.uniform();
  return u < (mode - min) / (max - min) ? min + Math.sqrt(u * (max - min) * (mode - min)) : max - Math.sqrt((1 - u) * (max - min) * (max - mode));
}

function doubleTriangular(rng: Random, min: number, max: number, mode = (min + max) / 2): number {
  const u = rng.uniform();
  return u <= 0.5 ? min + (mode - min) * Math.sqrt(2 * u) : max - (max - mode) * Math.sqrt(2 * (1 - u));
}

function betaSample(rng: Random, a: number, b: number): number {
  const x = gammaSample(rng, a, 1);
  const y = gammaSample(rng, b, 1);
  return x / (x + y);
}

const chisquare = (rng: Random, k: number) => 2 * gammaSample(rng, k / 2, 1);
const bernoulli = (rng: Random, p: number) => (rng.uniform() < p ? 1 : 0);

/** The functions as plain JavaScript functions of numbers, each drawing from `rng()`. */
export function guesstimateSamplers(rng: () => Random): Record<string, (...args: never[]) => unknown> {
  const r = rng;
  const fns = {
    beta: (a: number, b: number) => betaSample(r(), a, b),
    centralF: (d1: number, d2: number) => chisquare(r(), d1) / d1 / (chisquare(r(), d2) / d2),
    cauchy: (loc: number, scale: number) => loc + scale * Math.tan(Math.PI * (r().uniform() - 0.5)),
    chisquare: (k: number) => chisquare(r(), k),
    exponential: (rate: number) => -Math.log(1 - r().uniform()) / rate,
    invgamma: (shape: number, scale: number) => scale / gammaSample(r(), shape, 1),
    lognormal: (mu: number, sigma: number) => Math.exp(mu + sigma * r().normal()),
    normal: (mean: number, sd: number) => mean + sd * r().normal(),
    studentt: (dof: number) => r().normal() / Math.sqrt(chisquare(r(), dof) / dof),
    weibull: (scale: number, shape: number) => scale * (-Math.log(1 - r().uniform())) ** (1 / shape),
    uniform: (a: number, b: number) => a + (b - a) * r().uniform(),
    gamma: (shape: number, scale: number) => gammaSample(r(), shape, scale),
    triangular: (min: number, max: number, mode?: number) => triangular(r(), min, max, mode),
    doubleTriangular: (min: number, max: number, mode?: number) => doubleTriangular(r(), min, max, mode),
    PERT: (min: number, max: number, mode = (min + max) / 2, lambda = 4) => {
      const width = max - min;
      return min + betaSample(r(), 1 + (lambda * (mode - min)) / width, 1 + (lambda * (max - mode)) / width) * width;
    },
    bernoulli: (p: number) => bernoulli(r(), p),
    if: (p: number) => bernoulli(r(), p),
    test: (p: number) => bernoulli(r(), p),
    binomial: (n: number, p: number) => {
      let k = 0;
      for (let i = 0; i < n; i++) k += bernoulli(r(), p);
      return k;
    },
    poisson: (lambda: number) => poissonSample(r(), lambda),
  };
  return fns as unknown as Record<string, (...args: never[]) => unknown>;
}

/** `scenarios(values, weights)`: values[i] with probability weights[i] / sum; undefined past the shorter list. */
export function scenarios(rng: Random, values: readonly unknown[], weights: readonly number[]): unknown {
  const total = weights.reduce((a, b) => a + b, 0);
  const bound = Math.min(values.length, weights.length);
  const u = rng.uniform();
  let running = 0;
  for (let i = 0; i < bound; i++) {
    running += weights[i] / total;
    if (u < running) return values[i];
  }
  return undefined;
}

/** Names whose presence anywhere in a FUNCTION's text makes Guesstimate draw n samples (Simulator.ts `neededSamples`). */
export const stochasticNames: readonly string[] = [
  "pickRandom",
  "randomInt",
  "random",
  ...Object.keys(guesstimateSamplers(() => ({ uniform: () => 0, normal: () => 0 }))),
  "scenarios",
];
