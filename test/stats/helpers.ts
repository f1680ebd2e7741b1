/** Shared assertions for the statistics tests. */
import assert from "node:assert/strict";

/** |actual - expected| <= tol * |expected| (exact for expected 0, NaN matches NaN, ±Infinity exact). */
export function assertRelClose(actual: number, expected: number, tol: number, message?: string): void {
  if (Number.isNaN(expected)) return assert.ok(Number.isNaN(actual), `${message ?? ""} expected NaN, got ${actual}`);
  if (!Number.isFinite(expected) || expected === 0) return assert.equal(actual, expected, message);
  assert.ok(Math.abs(actual - expected) <= tol * Math.abs(expected), `${message ?? ""} expected ${expected} (relative ${tol}), got ${actual}`);
}

export function assertAllRelClose(actual: readonly number[], expected: readonly number[], tol: number, message?: string): void {
  assert.equal(actual.length, expected.length, `${message ?? ""} length`);
  expected.forEach((e, i) => assertRelClose(actual[i], e, tol, `${message ?? ""} [${i}]`));
}

/**
 * The edge-case inputs every numeric function is run on (STYLE.md habit 7): empty, one
 * value, zero spread, NaN, huge and tiny magnitudes, negatives, integers.
 */
export const EDGE_CASES: Record<string, readonly number[]> = {
  empty: [],
  one: [3.5],
  "zero spread": [2, 2, 2, 2],
  "with NaN": [NaN, 1, NaN, 3, 2],
  "huge (2^1000 scale)": [1, 3, 2].map((v) => v * 2 ** 1000),
  "tiny (2^-1000 scale)": [1, 3, 2].map((v) => v * 2 ** -1000),
  negatives: [-5, -1, -3, -2],
  integers: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
};

/** Run `fn` on a frozen array and on a Float64Array copy; assert neither input changed. */
export function callUnmutated<T>(values: readonly number[], fn: (v: ArrayLike<number>) => T): [T, T] {
  const frozen = Object.freeze(values.slice());
  const typed = Float64Array.from(values);
  const before = Array.from(typed);
  const a = fn(frozen);
  const b = fn(typed);
  assert.deepEqual(Array.from(typed), before, "Float64Array input was modified");
  return [a, b];
}
