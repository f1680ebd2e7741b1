/**
 * The rows a fit on positive data uses (the capacity curve, the M/M/c curve, the USL): both
 * values positive and finite and, with weights, a positive weight. Values in row order.
 * Pure; never mutates its inputs.
 */
export interface PositiveRows {
  a: number[];
  b: number[];
  /** The kept rows' weights; null when no weights were given. */
  w: number[] | null;
  /** Largest a. */
  aMax: number;
  /** Smallest b. */
  bMin: number;
}

export function positiveRows(a: ArrayLike<number>, b: ArrayLike<number>, weights: ArrayLike<number> | null): PositiveRows {
  const out: PositiveRows = { a: [], b: [], w: weights === null ? null : [], aMax: 0, bMin: Infinity };
  for (let i = 0; i < a.length; i++) {
    const u = a[i];
    const v = b[i];
    if (u > 0 && v > 0 && Number.isFinite(u) && Number.isFinite(v) && (weights === null || weights[i] > 0)) {
      out.a.push(u);
      out.b.push(v);
      if (out.w !== null && weights !== null) out.w.push(weights[i]);
      if (u > out.aMax) out.aMax = u;
      if (v < out.bMin) out.bMin = v;
    }
  }
  return out;
}
