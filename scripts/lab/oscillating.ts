/**
 * Oscillating (thread shortage): a pool of `pool` slots, with at most `queue` requests waiting for
 * one (more are refused with 503), in front of a dependency that answers in `dependencyMs` (mean,
 * exponential) but now and then stalls: for `stallSeconds` (drawn between the two bounds), every
 * `stallEverySeconds` (drawn likewise), each call made to it takes `stallMs` (±30%). During a stall
 * every slot waits on the dependency, so the pool and its queue are full: throughput collapses to
 * pool / stallMs while the response soars, and throughput x response stays near pool + queue
 * (Little's law). Between stalls the pool is far from full.
 */
import { seededRandom } from "../../src/util/random.js";
import { now, type Timers } from "./clock.js";
import { exponential, type Mechanism } from "./mechanism.js";
import { Slots } from "./slots.js";

export interface OscillatingParams {
  pool: number;
  queue: number;
  dependencyMs: number;
  stallMs: number;
  stallEverySeconds: readonly [number, number];
  stallSeconds: readonly [number, number];
}

export const defaultOscillating: OscillatingParams = {
  pool: 8,
  queue: 8,
  dependencyMs: 25,
  stallMs: 1500,
  stallEverySeconds: [10, 25],
  stallSeconds: [3, 7],
};

/** The healthy pool's capacity, requests per second: pool / dependency time. */
export function oscillatingCapacity(p: OscillatingParams): number {
  return (p.pool * 1000) / p.dependencyMs;
}

/** Stall windows [start, end) in ms from `t0`, drawn to cover `horizonMs`; the first comes after one gap. */
export function stallWindows(p: OscillatingParams, seed: number, t0: number, horizonMs: number): [number, number][] {
  const rng = seededRandom(seed ^ 0x5f3759df);
  const draw = ([lo, hi]: readonly [number, number]) => (lo + (hi - lo) * rng.uniform()) * 1000;
  const out: [number, number][] = [];
  let t = t0 + draw(p.stallEverySeconds);
  while (t < t0 + horizonMs) {
    const end = t + draw(p.stallSeconds);
    out.push([t, end]);
    t = end + draw(p.stallEverySeconds);
  }
  return out;
}

export function oscillating(p: OscillatingParams, timers: Timers, seed: number): Mechanism {
  const rng = seededRandom(seed);
  const pool = new Slots(p.pool, p.queue);
  // Stalls for a day of service time: far more than any lab run.
  const windows = stallWindows(p, seed, now(), 86_400_000);
  let w = 0;
  let served = 0;
  let stalledCalls = 0;
  const stalled = (t: number): boolean => {
    while (w < windows.length && windows[w][1] <= t) w++;
    return w < windows.length && windows[w][0] <= t;
  };
  return {
    async handle(arrival) {
      const start = await pool.acquire(arrival);
      if (start === null) return false;
      const slow = stalled(start);
      if (slow) stalledCalls++;
      const end = start + (slow ? p.stallMs * (0.7 + 0.6 * rng.uniform()) : exponential(rng.uniform, p.dependencyMs));
      await timers.until(end);
      pool.release(end);
      served++;
      return true;
    },
    stats: () => ({ served, refused: pool.refused, stalledCalls, maxInUse: pool.maxInUse, maxQueue: pool.maxQueue, pool: p.pool, queue: p.queue }),
    gauges: () => ({ lab_pool_in_use: pool.inUse, lab_pool_queue: pool.queued, lab_dependency_stalled: stalled(now()) ? 1 : 0 }),
    close() {},
  };
}
