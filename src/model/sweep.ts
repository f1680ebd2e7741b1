/** What-if sweeps: the same model with other hit rates. */
import type { ResponseModel } from "./types.js";

/** One sweep: a tier (by name) and the hit rates to try, as fractions in [0, 1]. */
export interface Sweep {
  tier: string;
  hitRates: readonly number[];
}

/** A copy of `model` with the named tiers' hit rates replaced; throws RangeError for an unknown or last tier. */
export function withHitRates(model: ResponseModel, rates: Readonly<Record<string, number>>): ResponseModel {
  const tiers = model.tiers.map((t) => ({ ...t }));
  for (const [name, h] of Object.entries(rates)) {
    const i = tiers.findIndex((t) => t.name === name);
    if (i < 0 || i === tiers.length - 1) throw new RangeError(`no tier named ${name} with a hit rate`);
    if (!(h >= 0 && h <= 1)) throw new RangeError(`hit rate ${h} is not in [0, 1]`);
    tiers[i].hitRate = h;
  }
  return { ...model, tiers };
}

/** Names of the tiers whose hit rate can be swept (every tier but the last). */
export function sweepableTiers(model: ResponseModel): string[] {
  return model.tiers.slice(0, -1).map((t) => t.name);
}

/**
 * Scenarios from sweeps of equal length, paired by position: scenario i sets every swept
 * tier to its i-th value; a tier swept twice is a RangeError. Each scenario has a label such as "memcached 40%, mysql-memory 70%".
 */
export function sweepScenarios(model: ResponseModel, sweeps: readonly Sweep[]): { label: string; model: ResponseModel }[] {
  if (sweeps.length === 0) return [];
  const n = sweeps[0].hitRates.length;
  if (sweeps.some((s) => s.hitRates.length !== n)) throw new RangeError("sweeps must have the same length");
  const swept = new Set<string>();
  for (const s of sweeps) {
    if (swept.has(s.tier)) throw new RangeError(`tier ${s.tier} is swept twice`);
    swept.add(s.tier);
  }
  const out: { label: string; model: ResponseModel }[] = [];
  for (let i = 0; i < n; i++) {
    const rates: Record<string, number> = {};
    for (const s of sweeps) rates[s.tier] = s.hitRates[i];
    const label = sweeps.map((s) => `${s.tier} ${+(s.hitRates[i] * 100).toPrecision(6)}%`).join(", ");
    out.push({ label, model: withHitRates(model, rates) });
  }
  return out;
}
