/**
 * R's C_BinCount rule (src/library/graphics/src/stem.c in R) for one value at a time: the 0-based
 * bin of a value among fuzzy breaks, as `histogram` and `binIndex` count.
 *
 * ```
 * value -> outside [fb[0], fb[last]] or not finite: -1
 *       -> evenly spaced breaks (every rule and count: pretty() breaks): bin guessed from the
 *          spacing, then moved until the breaks on either side confirm it
 *       -> other breaks: binary search
 * ```
 * Both give the same bin: the largest i (0 <= i < bins) with i = 0 or value > fb[i]
 * (or value >= fb[i] for left-closed bins), since that test holds for a prefix of the breaks.
 */

/** The fuzzy breaks and what the lookup needs of them. */
export interface BinLookup {
  fb: Float64Array;
  right: boolean;
  /** The value equal to the last fuzzy break is counted (R's include.border). */
  includeBorder: boolean;
  /** fb[0] and bins / (fb[last] - fb[0]); `even` is false when the guess is not used. */
  lo: number;
  inv: number;
  even: boolean;
}

/** A lookup for strictly increasing fuzzy breaks `fb`. */
export function binLookup(fb: Float64Array, right: boolean, includeBorder: boolean): BinLookup {
  const bins = fb.length - 1;
  const lo = fb[0];
  const width = (fb[bins] - lo) / bins;
  // Evenly spaced to within a hundredth of a bin: the guess is then at most one bin off.
  let even = bins >= 2 && width > 0 && Number.isFinite(width);
  for (let i = 1; even && i < bins; i++) if (!(Math.abs(fb[i] - (lo + i * width)) <= width * 0.01)) even = false;
  return { fb, right, includeBorder, lo, inv: even ? 1 / width : 0, even };
}

/** The bin of `v` (see the top of this file), or -1 when it is outside the breaks or not finite. */
export function binOf(v: number, L: BinLookup): number {
  const fb = L.fb;
  const nb1 = fb.length - 1;
  if (!Number.isFinite(v)) return -1;
  if (!(fb[0] <= v && (v < fb[nb1] || (v === fb[nb1] && L.includeBorder)))) return -1;
  const right = L.right;
  if (L.even) {
    let g = Math.floor((v - L.lo) * L.inv);
    if (g > nb1 - 1) g = nb1 - 1;
    if (g < 0) g = 0;
    while (g > 0 && !(v > fb[g] || (!right && v === fb[g]))) g--;
    while (g < nb1 - 1 && (v > fb[g + 1] || (!right && v === fb[g + 1]))) g++;
    return g;
  }
  let lo = 0;
  let hi = nb1;
  while (hi - lo >= 2) {
    const mid = (hi + lo) >>> 1;
    if (v > fb[mid] || (!right && v === fb[mid])) lo = mid;
    else hi = mid;
  }
  return lo;
}

/** The binary search alone, the reference the guess is tested against. @internal */
export function binOfBySearch(v: number, L: BinLookup): number {
  return binOf(v, { ...L, even: false });
}
