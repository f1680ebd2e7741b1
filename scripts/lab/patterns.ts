/**
 * The lab's patterns: for each, its mechanism with default parameters, the capacity those
 * parameters configure, and the load that shows it (a compressed daily cycle between `low` and
 * `peak` requests per second, held in steps of `stepSeconds`).
 */
import { type AutoscaledParams, autoscaled, autoscaledCapacity, defaultAutoscaled } from "./autoscaled.js";
import { baseline } from "./baseline.js";
import type { Timers } from "./clock.js";
import { defaultLock, type LockParams, lockCapacity, lockContention } from "./lock-contention.js";
import type { Mechanism } from "./mechanism.js";
import { defaultOscillating, type OscillatingParams, oscillating, oscillatingCapacity } from "./oscillating.js";
import type { DailyCycle } from "./profile.js";
import { defaultWellBehaved, type WellBehavedParams, wellBehaved, wellBehavedCapacity } from "./well-behaved.js";

export const labPatterns = ["well-behaved", "lock-contention", "oscillating", "looping-autoscaled", "no-delay"] as const;
export type LabPattern = (typeof labPatterns)[number];

export type LabParams = Partial<WellBehavedParams & LockParams & OscillatingParams & AutoscaledParams>;

interface PatternDef {
  /** The mechanism with these parameters (defaults filled in). */
  make(params: LabParams, timers: Timers, seed: number): Mechanism;
  /** The parameters in force (defaults with the given ones over them). */
  params(params: LabParams): Record<string, unknown>;
  /** The capacity these parameters configure, requests per second (null: no fixed one). */
  capacity(params: LabParams): number | null;
  /** What the capacity is. */
  capacityMeaning: string;
  /** The load that shows the pattern in a few minutes. */
  load: DailyCycle;
}

/** Only the keys a mechanism knows, so unrelated options do not show in its parameters. */
function pick<T extends object>(defaults: T, given: LabParams): T {
  const out = { ...defaults };
  for (const k of Object.keys(defaults) as (keyof T)[]) if ((given as Record<string, unknown>)[k as string] !== undefined) out[k] = (given as T)[k];
  return out;
}

export const patternDefs: Record<LabPattern, PatternDef> = {
  "well-behaved": {
    make: (p, t, s) => wellBehaved(pick(defaultWellBehaved, p), t, s),
    params: (p) => ({ ...pick(defaultWellBehaved, p) }),
    capacity: (p) => wellBehavedCapacity(pick(defaultWellBehaved, p)),
    capacityMeaning: "servers / serviceMs",
    // Plateaus of 20 s: near its knee the pool's queue takes many seconds to reach its steady
    // state, which a smooth 5-minute cycle passes through without holding.
    load: { low: 20, peak: 185, cycles: 1, stepSeconds: 20 },
  },
  "lock-contention": {
    make: (p, t, s) => lockContention(pick(defaultLock, p), t, s),
    params: (p) => ({ ...pick(defaultLock, p) }),
    capacity: (p) => lockCapacity(pick(defaultLock, p)),
    capacityMeaning: "1 / holdMs",
    load: { low: 8, peak: 70, cycles: 1, stepSeconds: 1 },
  },
  oscillating: {
    make: (p, t, s) => oscillating(pick(defaultOscillating, p), t, s),
    params: (p) => ({ ...pick(defaultOscillating, p) }),
    capacity: (p) => oscillatingCapacity(pick(defaultOscillating, p)),
    capacityMeaning: "pool / dependencyMs, between stalls",
    load: { low: 80, peak: 200, cycles: 1, stepSeconds: 1 },
  },
  "looping-autoscaled": {
    make: (p, t, s) => autoscaled(pick(defaultAutoscaled, p), t, s),
    params: (p) => ({ ...pick(defaultAutoscaled, p) }),
    capacity: (p) => autoscaledCapacity(pick(defaultAutoscaled, p)),
    capacityMeaning: "maxInstances / serviceMs, the largest fleet",
    // Plateaus of 15 s, longer than the autoscaler's lag: capacity then changes at a steady load.
    load: { low: 15, peak: 270, cycles: 2, stepSeconds: 15 },
  },
  "no-delay": {
    make: () => baseline(),
    params: () => ({}),
    capacity: () => null,
    capacityMeaning: "none (answers at once)",
    load: { low: 50, peak: 300, cycles: 1, stepSeconds: 1 },
  },
};

export function isLabPattern(name: string): name is LabPattern {
  return (labPatterns as readonly string[]).includes(name);
}
