/** A response-time model: a base (CPU) component plus ordered cache tiers. */
import type { Distribution } from "./distribution.js";

/**
 * One tier: a request reaching it is served here with probability `hitRate`, else passes to the
 * next tier. The last tier serves every request that reaches it (its hitRate is 1).
 */
export interface Tier {
  name: string;
  hitRate: number;
  latency: Distribution;
  description?: string;
}

/**
 * response = base + (tier 1 hit ? tier 1 : (tier 2 hit ? tier 2 : ... last tier)).
 * `base` is optional (no CPU term).
 */
export interface ResponseModel {
  name: string;
  description?: string;
  /** Unit of every latency, e.g. "ms" (labels only). */
  unit?: string;
  base: { name: string; latency: Distribution } | null;
  tiers: Tier[];
}

/** Probability that a request is served by each tier: h1, (1 - h1) h2, ..., the rest to the last. */
export function tierShares(model: ResponseModel): number[] {
  const shares: number[] = [];
  let reach = 1;
  model.tiers.forEach((t, i) => {
    const h = i === model.tiers.length - 1 ? 1 : t.hitRate;
    shares.push(reach * h);
    reach *= 1 - h;
  });
  return shares;
}

/** Hit rates implied by the shares of each mode (sorted fastest first): h1 = w1, h2 = w2 / (1 - w1), ... */
export function impliedHitRates(weights: readonly number[]): number[] {
  const out: number[] = [];
  let reach = 1;
  for (let i = 0; i < weights.length; i++) {
    const h = i === weights.length - 1 ? 1 : reach > 1e-12 ? Math.min(1, weights[i] / reach) : 1;
    out.push(h);
    reach -= weights[i];
  }
  return out;
}
