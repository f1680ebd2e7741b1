/**
 * Looping autoscaled: `instances` single-slot servers, each with its own queue, behind a load
 * balancer that routes each request to a random active instance (each instance an M/M/1 queue
 * of mean service `serviceMs`). Every `periodMs` an autoscaler reads the fleet's utilisation (the
 * service time of the requests that arrived in the period / (active instances x period)); after `lagPeriods` periods in a row above `high` it
 * adds a quarter of the fleet (at least one instance, at most `maxInstances`), after twice as many
 * below `low` it removes 15% (at least one) if the smaller fleet would stay below `high`. Removed
 * instances finish their queues. The response rises with the load until capacity is added, then
 * drops at the same throughput: the time-ordered path loops.
 */
import { seededRandom } from "../../src/util/random.js";
import type { Timers } from "./clock.js";
import { exponential, type Mechanism } from "./mechanism.js";
import { Slots } from "./slots.js";

export interface AutoscaledParams {
  serviceMs: number;
  minInstances: number;
  maxInstances: number;
  startInstances: number;
  high: number;
  low: number;
  lagPeriods: number;
  periodMs: number;
}

export const defaultAutoscaled: AutoscaledParams = {
  serviceMs: 20,
  minInstances: 1,
  maxInstances: 8,
  startInstances: 1,
  high: 0.7,
  low: 0.35,
  lagPeriods: 4,
  periodMs: 1000,
};

/** The largest fleet's capacity, requests per second. */
export function autoscaledCapacity(p: AutoscaledParams): number {
  return (p.maxInstances * 1000) / p.serviceMs;
}

export function autoscaled(p: AutoscaledParams, timers: Timers, seed: number): Mechanism {
  const rng = seededRandom(seed);
  const instances = Array.from({ length: p.maxInstances }, () => new Slots(1));
  let active = Math.min(p.maxInstances, Math.max(p.minInstances, p.startInstances));
  let busyMs = 0;
  let over = 0;
  let under = 0;
  let scaleOuts = 0;
  let scaleIns = 0;
  let served = 0;
  let maxActive = active;
  let minActive = active;
  const control = setInterval(() => {
    const util = busyMs / (active * p.periodMs);
    busyMs = 0;
    over = util > p.high ? over + 1 : 0;
    under = util < p.low ? under + 1 : 0;
    if (over >= p.lagPeriods && active < p.maxInstances) {
      active = Math.min(p.maxInstances, active + Math.max(1, Math.round(active * 0.25)));
      over = 0;
      scaleOuts++;
    } else if (under >= 2 * p.lagPeriods && active > p.minInstances) {
      const fewer = Math.max(p.minInstances, active - Math.max(1, Math.round(active * 0.15)));
      if ((util * active) / fewer < p.high) {
        active = fewer;
        under = 0;
        scaleIns++;
      }
    }
    maxActive = Math.max(maxActive, active);
    minActive = Math.min(minActive, active);
  }, p.periodMs);
  return {
    async handle(arrival) {
      const instance = instances[Math.floor(rng.uniform() * active)];
      const service = exponential(rng.uniform, p.serviceMs);
      const start = (await instance.acquire(arrival))!;
      const end = start + service;
      busyMs += service;
      await timers.until(end);
      instance.release(end);
      served++;
      return true;
    },
    stats: () => ({ served, active, minActive, maxActive, scaleOuts, scaleIns }),
    gauges: () => ({ lab_instances: active, lab_queue: instances.reduce((s, i) => s + i.queued, 0) }),
    close() {
      clearInterval(control);
    },
  };
}
