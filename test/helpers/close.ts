import assert from "node:assert/strict";

/** Assert |actual - expected| <= rel * |expected| (exact when expected is 0); null/NaN must match. */
export function assertClose(actual: number | null, expected: number | null, rel: number, what = ""): void {
  if (expected === null || Number.isNaN(expected)) {
    assert.ok(actual === null || Number.isNaN(actual), `${what}: expected NA, got ${actual}`);
    return;
  }
  assert.ok(actual !== null && Number.isFinite(actual), `${what}: expected ${expected}, got ${actual}`);
  const err = Math.abs(actual - expected);
  assert.ok(err <= rel * Math.abs(expected), `${what}: ${actual} vs ${expected} (relative error ${err / Math.abs(expected)} > ${rel})`);
}

/** Compare two objects of numbers key by key with a relative tolerance. */
export function assertAllClose(actual: Record<string, number | null>, expected: Record<string, number | null>, rel: number, what = ""): void {
  assert.deepEqual(Object.keys(actual).sort(), Object.keys(expected).sort(), `${what}: keys`);
  for (const k of Object.keys(expected)) assertClose(actual[k], expected[k], rel, `${what}.${k}`);
}
