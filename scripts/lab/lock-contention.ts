/**
 * Lock contention: each request does `outsideMs` of work that runs concurrently (mean, exponential),
 * then enters a critical section behind one global FIFO mutex, held for `holdMs` (mean,
 * exponential). The mutex serialises the requests: its queue grows with every request from the
 * lowest load, and the service saturates at 1 / holdMs requests per second however many requests
 * run outside it.
 */
import { seededRandom } from "../../src/util/random.js";
import type { Timers } from "./clock.js";
import { exponential, type Mechanism } from "./mechanism.js";
import { Slots } from "./slots.js";

export interface LockParams {
  holdMs: number;
  outsideMs: number;
}

export const defaultLock: LockParams = { holdMs: 8, outsideMs: 12 };

/** The mutex's capacity, requests per second: 1 / hold. */
export function lockCapacity(p: LockParams): number {
  return 1000 / p.holdMs;
}

export function lockContention(p: LockParams, timers: Timers, seed: number): Mechanism {
  const rng = seededRandom(seed);
  const mutex = new Slots(1);
  let served = 0;
  let outside = 0;
  let maxOutside = 0;
  return {
    async handle(arrival) {
      outside++;
      maxOutside = Math.max(maxOutside, outside);
      const ready = arrival + exponential(rng.uniform, p.outsideMs);
      await timers.until(ready);
      outside--;
      const start = (await mutex.acquire(ready))!;
      const end = start + exponential(rng.uniform, p.holdMs);
      await timers.until(end);
      mutex.release(end);
      served++;
      return true;
    },
    stats: () => ({ served, maxHolders: mutex.maxInUse, maxWaiting: mutex.maxQueue, maxOutside }),
    gauges: () => ({ lab_lock_held: mutex.inUse, lab_lock_waiting: mutex.queued }),
    close() {},
  };
}
