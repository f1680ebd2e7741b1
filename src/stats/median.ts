import { mean } from "./mean.js";
import { sortedNonNaN } from "./quantile.js";

/**
 * Sample median exactly as R's `median(x, na.rm = TRUE)` (`stats:::median.default`): the
 * middle order statistic for odd n, and for even n the R `mean()` of the two middle order
 * statistics (which can differ in the last bit from the type-7 quantile at 0.5, and cannot
 * overflow). NaN skipped; no values gives NaN. The input is never modified.
 */
export function median(values: ArrayLike<number>): number {
  return medianSorted(sortedNonNaN(values));
}

/** R's `median()` of already sorted data (ascending, no NaN). Empty gives NaN. */
export function medianSorted(sorted: ArrayLike<number>): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const half = Math.floor((n + 1) / 2);
  if (n % 2 === 1) return sorted[half - 1];
  return mean([sorted[half - 1], sorted[half]]);
}
