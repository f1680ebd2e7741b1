/**
 * Well-behaved: a pool of `servers` concurrent slots, each request holding one for an
 * exponentially distributed service time of mean `serviceMs` (an M/M/c queue under Poisson
 * arrivals). The response is flat until the load nears c / S requests per second, then bends up at
 * the queueing knee.
 */
import { seededRandom } from "../../src/util/random.js";
import type { Timers } from "./clock.js";
import { exponential, type Mechanism } from "./mechanism.js";
import { Slots } from "./slots.js";

export interface WellBehavedParams {
  servers: number;
  serviceMs: number;
}

export const defaultWellBehaved: WellBehavedParams = { servers: 8, serviceMs: 40 };

/** The pool's capacity, requests per second: c / S. */
export function wellBehavedCapacity(p: WellBehavedParams): number {
  return (p.servers * 1000) / p.serviceMs;
}

export function wellBehaved(p: WellBehavedParams, timers: Timers, seed: number): Mechanism {
  const rng = seededRandom(seed);
  const pool = new Slots(p.servers);
  let served = 0;
  return {
    async handle(arrival) {
      const start = (await pool.acquire(arrival))!;
      const end = start + exponential(rng.uniform, p.serviceMs);
      await timers.until(end);
      pool.release(end);
      served++;
      return true;
    },
    stats: () => ({ served, servers: p.servers, maxInUse: pool.maxInUse, maxQueue: pool.maxQueue }),
    gauges: () => ({ lab_pool_in_use: pool.inUse, lab_pool_queue: pool.queued }),
    close() {},
  };
}
