/**
 * A seeded simulator of the four headroom-plot patterns, each produced by its
 * mechanism rather than drawn as a shape:
 *
 * - `well-behaved`: an M/M/c service (c >= 4 threads or CPUs) under a varying
 *   open load; response is Erlang-C queueing, flat until utilisation nears 1.
 * - `lock-contention`: requests pass a serialised section (a lock held h per
 *   request); the lock's wait (M/D/1, utilisation up to ~0.6) plus spinning
 *   that grows with the number of contenders dominates the response, so it
 *   rises with throughput from the start; sometimes a second, hotter lock
 *   (a steeper band) in some intervals.
 * - `oscillating`: a thread pool of P threads in front of a dependency that
 *   stalls now and then; while it stalls every thread is busy, so throughput
 *   is P / response (Little's law) and collapses while response soars.
 * - `looping-autoscaled`: k instances, each an M/M/1 server; an autoscaler adds
 *   instances when utilisation stays above its target for `lag` intervals and
 *   removes them when it stays low, so response saw-tooths at the same
 *   throughput as capacity follows load.
 *
 * Every interval's throughput carries Poisson counting noise and its mean
 * response the sampling noise of the requests it averages, times an
 * environmental log-normal factor. Parameters are drawn from ranges given in
 * the options (so tests can hold some ranges out), and all randomness comes
 * from the seed.
 *
 * Units: throughput in requests per second, response in milliseconds, time in
 * epoch seconds at `intervalSeconds` spacing.
 */
import { seededRandom, type Random } from "../util/random.js";
import { erlangC } from "../stats/erlang.js";

export type PatternLabel = "well-behaved" | "lock-contention" | "oscillating" | "looping-autoscaled";

export const patternLabels: readonly PatternLabel[] = ["well-behaved", "lock-contention", "oscillating", "looping-autoscaled"];

/** A closed range [lo, hi] from which a parameter is drawn uniformly (log-uniformly for `log` ranges). */
export type Range = readonly [number, number];

/** Options of {@link simulatePattern}; every range has a default in {@link defaultPatternSimulateOptions}. */
export interface PatternSimulateOptions {
  seed: number;
  /** Number of intervals. */
  intervals: Range;
  /** Interval length in seconds. */
  intervalSeconds: number;
  /** Environmental noise: sd of log response per interval. */
  noise: Range;
  /** Mean service time in ms (drawn log-uniformly). */
  serviceMs: Range;
  /** Peak utilisation reached by the load (well-behaved). */
  peakUtilisation: Range;
  /** Threads / servers of the well-behaved service. */
  servers: Range;
  /** Peak lock utilisation (lock-contention). */
  lockUtilisation: Range;
  /** Thread pool size (oscillating). */
  pool: Range;
  /** Share of intervals in which the dependency stalls (oscillating). */
  stallShare: Range;
  /** How much slower the dependency is when it stalls (oscillating), drawn log-uniformly. */
  stallFactor: Range;
  /** Autoscaler lag in intervals (looping-autoscaled). */
  lag: Range;
  /** Shape of the offered load over time. */
  profiles: readonly LoadProfile[];
}

export type LoadProfile = "diurnal" | "ramps" | "walk";

/** Defaults: the ranges the classifier was developed on. Tests hold other ranges out. */
export const defaultPatternSimulateOptions: PatternSimulateOptions = {
  seed: 1,
  intervals: [400, 1500],
  intervalSeconds: 60,
  noise: [0.03, 0.12],
  serviceMs: [5, 200],
  peakUtilisation: [0.88, 0.98],
  servers: [4, 32],
  lockUtilisation: [0.45, 0.7],
  pool: [20, 400],
  stallShare: [0.15, 0.4],
  stallFactor: [8, 60],
  lag: [2, 8],
  profiles: ["diurnal", "ramps", "walk"],
};

/**
 * Ranges the classifier was NOT developed on (more noise, shorter and longer runs, other service
 * times, pools, lags and utilisations): the held-out setting of its accuracy tests.
 */
export const heldOutSimulateRanges: Partial<PatternSimulateOptions> = {
  intervals: [150, 3000],
  noise: [0.1, 0.2],
  serviceMs: [1, 1000],
  peakUtilisation: [0.9, 0.99],
  servers: [2, 128],
  lockUtilisation: [0.35, 0.8],
  pool: [8, 2000],
  stallShare: [0.08, 0.5],
  stallFactor: [4, 200],
  lag: [1, 12],
};

/** A simulated series with what generated it. */
export interface SimulatedSeries {
  pattern: PatternLabel;
  /** Epoch seconds. */
  time: Float64Array;
  /** Requests per second. */
  throughput: Float64Array;
  /** Mean response per interval, ms. */
  response: Float64Array;
  /** The true capacity (largest sustainable throughput, req/s) where the mechanism has one fixed capacity, else null. */
  capacity: number | null;
  /** The parameters drawn. */
  params: Record<string, number | string>;
}

/** Epoch seconds of the first simulated interval. */
export const startTime = 1_714_521_600; // 2024-05-01T00:00:00Z

function draw(rng: Random, [lo, hi]: Range): number {
  return lo + (hi - lo) * rng.uniform();
}

function drawLog(rng: Random, [lo, hi]: Range): number {
  return Math.exp(Math.log(lo) + (Math.log(hi) - Math.log(lo)) * rng.uniform());
}

function drawInt(rng: Random, r: Range): number {
  return Math.round(draw(rng, r));
}

/** Load shape over time in [0, 1] (also the load of the no-relationship series, simulate-noise.ts). */
export function loadShape(rng: Random, n: number, profile: LoadProfile): Float64Array {
  const u = new Float64Array(n);
  if (profile === "diurnal") {
    const cycles = 0.8 + 2.2 * rng.uniform();
    const phase = 2 * Math.PI * rng.uniform();
    for (let i = 0; i < n; i++) u[i] = 0.5 - 0.5 * Math.cos(phase + (2 * Math.PI * cycles * i) / n);
  } else if (profile === "ramps") {
    const ramps = 1 + Math.floor(4 * rng.uniform());
    for (let i = 0; i < n; i++) {
      const p = ((i * ramps) / n) % 1;
      u[i] = p < 0.5 ? 2 * p : 2 - 2 * p;
    }
  } else {
    // A mean-reverting random walk, rescaled to [0, 1].
    let v = 0;
    let lo = Infinity;
    let hi = -Infinity;
    const keep = 0.97 + 0.025 * rng.uniform();
    for (let i = 0; i < n; i++) {
      v = keep * v + rng.normal();
      u[i] = v;
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    for (let i = 0; i < n; i++) u[i] = hi > lo ? (u[i] - lo) / (hi - lo) : 0.5;
  }
  // Short-term jitter of the offered load.
  for (let i = 0; i < n; i++) u[i] = Math.min(1, Math.max(0, u[i] + 0.02 * rng.normal()));
  return u;
}

/** Observed throughput and mean response of one interval, with counting, sampling and environmental noise. */
function observe(rng: Random, rate: number, meanMs: number, cv: number, noise: number, seconds: number): [number, number] {
  const count = Math.max(1, rate * seconds + Math.sqrt(Math.max(rate * seconds, 1)) * rng.normal());
  const sampling = (cv / Math.sqrt(count)) * rng.normal();
  const y = meanMs * Math.max(0.2, 1 + sampling) * Math.exp(noise * rng.normal());
  return [count / seconds, y];
}

/** Simulate one series of the given pattern. */
export function simulatePattern(pattern: PatternLabel, options: Partial<PatternSimulateOptions> = {}): SimulatedSeries {
  const o: PatternSimulateOptions = { ...defaultPatternSimulateOptions, ...options };
  const rng = seededRandom((o.seed * 2654435761) ^ patternLabels.indexOf(pattern));
  const n = drawInt(rng, o.intervals);
  const profile = o.profiles[Math.floor(rng.uniform() * o.profiles.length)];
  const noise = draw(rng, o.noise);
  const S = drawLog(rng, o.serviceMs);
  const dt = o.intervalSeconds;
  const time = new Float64Array(n);
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) time[i] = startTime + i * dt;
  const u = loadShape(rng, n, profile);
  const params: Record<string, number | string> = { intervals: n, profile, noise, serviceMs: S };
  let capacity: number | null = null;

  if (pattern === "well-behaved") {
    const c = drawInt(rng, o.servers);
    const peak = draw(rng, o.peakUtilisation);
    const low = peak * (0.05 + 0.25 * rng.uniform());
    capacity = (c * 1000) / S;
    Object.assign(params, { servers: c, peakUtilisation: peak });
    for (let i = 0; i < n; i++) {
      const rho = low + (peak - low) * u[i];
      const wait = (erlangC(c, rho) * S) / (c * (1 - rho));
      [x[i], y[i]] = observe(rng, rho * capacity, S + wait, 1, noise, dt);
    }
  } else if (pattern === "lock-contention") {
    // The lock is held h ms per request; outside it the work takes S0 << h.
    const h = S;
    const S0 = h * (0.1 + 0.4 * rng.uniform());
    const peak = draw(rng, o.lockUtilisation);
    const low = peak * (0.03 + 0.15 * rng.uniform());
    const spin = 0.5 + 1.5 * rng.uniform(); // extra cost per concurrent contender, in units of h
    const second = rng.uniform() < 0.4 ? 1.6 + 0.8 * rng.uniform() : 1; // a hotter lock in some intervals
    const secondShare = second > 1 ? 0.15 + 0.25 * rng.uniform() : 0;
    capacity = 1000 / h;
    Object.assign(params, { holdMs: h, outsideMs: S0, lockUtilisation: peak, spin, secondBand: second });
    for (let i = 0; i < n; i++) {
      const hot = rng.uniform() < secondShare;
      const hold = hot ? h * second : h;
      const rate = (low + (peak - low) * u[i]) * capacity;
      const rho = Math.min(0.9, (rate * hold) / 1000);
      const wait = (rho * hold) / (2 * (1 - rho)) + spin * rho * hold;
      [x[i], y[i]] = observe(rng, rate, S0 + hold + wait, 0.3, Math.min(noise, 0.06), dt);
    }
  } else if (pattern === "oscillating") {
    const P = drawInt(rng, o.pool);
    const d0 = S * (0.5 + 2 * rng.uniform());
    const share = draw(rng, o.stallShare);
    const factor = drawLog(rng, o.stallFactor);
    const healthyCapacity = (P * 1000) / (S + d0);
    const peak = 0.4 + 0.45 * rng.uniform();
    // Stalls come in episodes whose length is drawn around a typical duration.
    const episode = 2 + Math.floor(10 * rng.uniform());
    capacity = healthyCapacity;
    Object.assign(params, { pool: P, dependencyMs: d0, stallShare: share, stallFactor: factor, episode });
    let stallLeft = 0;
    for (let i = 0; i < n; i++) {
      if (stallLeft === 0 && rng.uniform() < share / (episode * (1 - share))) stallLeft = Math.max(1, Math.round(episode * (0.5 + rng.uniform())));
      // The fraction of this interval the dependency is stalled (episodes start and end mid-interval).
      let f = 0;
      if (stallLeft > 0) {
        f = stallLeft === 1 || rng.uniform() < 0.15 ? 0.2 + 0.8 * rng.uniform() : 1;
        stallLeft--;
      }
      const offered = (0.6 * peak + 0.4 * peak * u[i]) * healthyCapacity;
      const slow = S + d0 * factor * (0.7 + 0.6 * rng.uniform());
      // Healthy part of the interval serves the offered load; the stalled part is pool-bound (X * R = P).
      const stalledRate = (P * 1000) / slow;
      const rate = (1 - f) * offered + f * Math.min(offered, stalledRate);
      const resp = rate > 0 ? ((1 - f) * offered * (S + d0) + f * Math.min(offered, stalledRate) * slow) / rate : slow;
      [x[i], y[i]] = observe(rng, rate, resp, 1, noise, dt);
    }
  } else {
    const lag = drawInt(rng, o.lag);
    const perInstance = 1000 / S; // one M/M/1 server per instance
    const high = 0.65 + 0.2 * rng.uniform();
    const low = 0.3 + 0.15 * rng.uniform();
    const kMax = 8 + Math.floor(24 * rng.uniform());
    const peakRate = kMax * perInstance * high * 0.98;
    const minRate = peakRate * (0.03 + 0.1 * rng.uniform());
    Object.assign(params, { lag, targetHigh: high, targetLow: low, maxInstances: kMax });
    let k = Math.max(1, Math.ceil(minRate / (perInstance * high)));
    let over = 0;
    let under = 0;
    let scaled = 0;
    for (let i = 0; i < n; i++) {
      const rate = minRate + (peakRate - minRate) * u[i];
      const util = rate / (k * perInstance);
      const served = Math.min(rate, 0.92 * k * perInstance);
      const rho = served / (k * perInstance);
      [x[i], y[i]] = observe(rng, served, S / (1 - rho), 1, noise, dt);
      over = util > high ? over + 1 : 0;
      under = util < low ? under + 1 : 0;
      if (over >= lag && k < kMax) {
        k = Math.min(kMax, k + Math.max(1, Math.round(k * 0.25)));
        over = 0;
        scaled++;
      } else if (under >= 2 * lag && k > 1 && rate / ((k - Math.max(1, Math.round(k * 0.15))) * perInstance) < high) {
        // Scale in only when the smaller fleet stays below the scale-out target.
        k -= Math.max(1, Math.round(k * 0.15));
        under = 0;
        scaled++;
      }
    }
    params.scalingEvents = scaled;
  }
  return { pattern, time, throughput: x, response: y, capacity, params };
}
