/**
 * Inverse Gaussian GLM, link 1/mu^2, prior weights = throughput: the edge-case
 * block (empty, one value, zero spread, NaN, huge and tiny magnitudes), inputs
 * left untouched, predictions and the asymptote, and a fast-check property.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import {
  asymptote,
  fitInverseGaussianGlm,
  type GlmRowSummary,
  predictInverseGaussian,
  type InverseGaussianGlmFit,
  scaledSums,
  validEverywhere,
} from "../../src/stats/glm-inverse-gaussian.js";
import { glmMessage } from "../../src/stats/glm-messages.js";
import type { GlmFit } from "../../src/headroom/types.js";

function assertRel(actual: number | null, expected: number, tol: number, what: string): void {
  assert.ok(actual !== null && Number.isFinite(actual), `${what}: ${actual} is not a finite number`);
  const rel = Math.abs(actual - expected) / Math.abs(expected);
  assert.ok(rel <= tol, `${what}: ${actual} vs ${expected} (relative error ${rel.toExponential(2)} > ${tol})`);
}

/** Every number in the result is finite or null: never NaN or infinite. */
function assertNoNaN(fit: InverseGaussianGlmFit): void {
  for (const [key, value] of Object.entries(fit)) {
    if (typeof value === "number") assert.ok(Number.isFinite(value), `${key} = ${value}`);
    else assert.ok(value === null || typeof value !== "object" || Array.isArray(value), `${key}`);
  }
}

function assertFailed(fit: InverseGaussianGlmFit, reason: string): void {
  assert.equal(fit.ok, false);
  assert.equal(fit.reason, reason);
  assert.equal(fit.intercept, null);
  assert.equal(fit.slope, null);
  assert.equal(fit.deviance, null);
  assert.equal(fit.converged, false);
  assertNoNaN(fit);
}

// The "headroom" case of glm-inverse-gaussian.test.ts:
// Rscript -e 'x<-seq(50, 1000, by = 50); y<-c(0.5487, 0.5110, 0.5498, 0.5734, 0.5843, 0.5882, 0.6600, 0.6320, 0.7310, 0.6879, 0.7724, 0.8548, 0.7542, 0.8519, 0.9263, 1.0540, 1.1240, 1.1500, 1.4170, 2.3890); r<-glm(y~x, family=inverse.gaussian, weights=x); print(c(coef(r), deviance(r)), digits=17)'
const hx = Array.from({ length: 20 }, (_, i) => 50 * (i + 1));
const hy = [
  0.5487, 0.511, 0.5498, 0.5734, 0.5843, 0.5882, 0.66, 0.632, 0.731, 0.6879, 0.7724, 0.8548, 0.7542, 0.8519, 0.9263, 1.054, 1.124, 1.15, 1.417, 2.389,
];
const golden = { intercept: 3.8448322706206537, slope: -0.003623104574649514, deviance: 49.460412040848531 };

describe("fitInverseGaussianGlm: edge cases", () => {
  it("empty input", () => {
    assertFailed(fitInverseGaussianGlm([], []), glmMessage.tooFewRows(0));
  });

  it("one point", () => {
    assertFailed(fitInverseGaussianGlm([10], [0.5]), glmMessage.tooFewRows(1));
  });

  it("zero spread in throughput (constant x)", () => {
    assertFailed(fitInverseGaussianGlm([5, 5, 5], [1, 2, 3]), glmMessage.noSpread(5));
  });

  it("constant response: slope 0 and deviance 0, to rounding (R agrees)", () => {
    // Rscript -e 'x<-c(10,20,30,40); y<-c(0.5,0.5,0.5,0.5); r<-glm(y~x, family=inverse.gaussian, weights=x); print(c(coef(r), deviance(r)), digits=17)'
    // 3.9999999999999978 4.7820442850398542e-17 9.8607613152626434e-30
    const fit = fitInverseGaussianGlm([10, 20, 30, 40], [0.5, 0.5, 0.5, 0.5]);
    assert.equal(fit.ok, true);
    assert.equal(fit.converged, true);
    assertRel(fit.intercept, 4, 1e-12, "intercept");
    // |slope| * max(x) against the intercept: the slope is rounding
    assert.ok(Math.abs(fit.slope!) * 40 <= 1e-12 * 4, `slope ${fit.slope}`);
    // the deviance against its scale sum(w / y) (the deviance of mu = infinity)
    assert.ok(fit.deviance! >= 0 && fit.deviance! <= 1e-12 * (100 / 0.5), `deviance ${fit.deviance}`);
  });

  it("NaN or infinite values", () => {
    assertFailed(fitInverseGaussianGlm([1, NaN, 3], [1, 2, 3]), glmMessage.notFinite("throughput", 1, NaN));
    assertFailed(fitInverseGaussianGlm([1, 2, 3], [1, 2, NaN]), glmMessage.notFinite("response", 2, NaN));
    assertFailed(fitInverseGaussianGlm([1, 2, 3], [Infinity, 2, 3]), glmMessage.notFinite("response", 0, Infinity));
    assertFailed(fitInverseGaussianGlm([1, 2, 3], [1, 2, 3], { weights: [1, NaN, 1] }), glmMessage.notFinite("weight", 1, NaN));
  });

  it("non-positive responses", () => {
    assertFailed(fitInverseGaussianGlm([1, 2, 3], [1, 0, 3]), glmMessage.nonPositiveResponse(1, 0));
    assertFailed(fitInverseGaussianGlm([1, 2, 3], [1, 2, -3]), glmMessage.nonPositiveResponse(2, -3));
  });

  it("negative weights (negative throughput when the weights are the throughput)", () => {
    assertFailed(fitInverseGaussianGlm([1, -2, 3], [1, 2, 3]), glmMessage.negativeWeight(1, -2, true));
    assertFailed(fitInverseGaussianGlm([1, 2, 3], [1, 2, 3], { weights: [1, 1, -1] }), glmMessage.negativeWeight(2, -1, false));
  });

  it("lengths that differ", () => {
    assertFailed(fitInverseGaussianGlm([1, 2, 3], [1, 2]), glmMessage.lengthMismatch(3, 2));
    assertFailed(fitInverseGaussianGlm([1, 2, 3], [1, 2, 3], { weights: [1, 1] }), glmMessage.weightsLength(2, 3));
  });

  it("bad options", () => {
    assertFailed(fitInverseGaussianGlm(hx, hy, { maxIterations: 0 }), glmMessage.badOption("maxIterations", 0, "an integer >= 1"));
    assertFailed(fitInverseGaussianGlm(hx, hy, { epsilon: NaN }), glmMessage.badOption("epsilon", NaN, "a finite number > 0"));
  });

  it("drops zero-weight rows as R's glm.fit (zero throughput, even with a zero response)", () => {
    const fit = fitInverseGaussianGlm([0, ...hx, 0], [0, ...hy, -1]);
    assert.equal(fit.ok, true);
    assert.equal(fit.dropped, 2);
    assert.equal(fit.n, 20);
    assertRel(fit.intercept, golden.intercept, 1e-6, "intercept");
    assertRel(fit.slope, golden.slope, 1e-6, "slope");
    assertRel(fit.deviance, golden.deviance, 1e-6, "deviance");
    assertFailed(fitInverseGaussianGlm([0, 0, 7], [1, 2, 3]), glmMessage.tooFewRows(1));
  });

  it("huge and tiny magnitudes: the fit scales exactly with x and y", () => {
    // eta = b0 + b1 x with x -> a x, y -> b y: intercept / b^2, slope / (b^2 a), deviance a / b
    for (const [a, b] of [
      [1e150, 1e-100],
      [1e-150, 1e100],
      [3e-7, 7e5],
      [1e5, 1e-3],
    ]) {
      const fit = fitInverseGaussianGlm(
        hx.map((v) => v * a),
        hy.map((v) => v * b),
      );
      assert.equal(fit.ok, true, `${a} ${b}: ${fit.reason}`);
      assertRel(fit.intercept, golden.intercept / b / b, 1e-9, `intercept (x * ${a}, y * ${b})`);
      assertRel(fit.slope, golden.slope / b / b / a, 1e-9, `slope (x * ${a}, y * ${b})`);
      assertRel(fit.deviance, (golden.deviance * a) / b, 1e-9, `deviance (x * ${a}, y * ${b})`);
      assertNoNaN(fit);
    }
  });

  it("coefficients beyond double precision give ok: false, not Infinity or 0", () => {
    // y * 1e-200: intercept ~ 4e400 overflows; y * 1e200: intercept ~ 4e-400 underflows
    assertFailed(
      fitInverseGaussianGlm(
        hx,
        hy.map((v) => v * 1e-200),
      ),
      glmMessage.overflow(),
    );
    assertFailed(
      fitInverseGaussianGlm(
        hx,
        hy.map((v) => v * 1e200),
      ),
      glmMessage.overflow(),
    );
  });

  it("flags a converged fit whose 1/mu^2 is zero to rounding at a row (R converges too)", () => {
    // Rscript -e 'x<-c(19,20); y<-c(1e6,1); r<-glm(y~x, family=inverse.gaussian, weights=x); print(c(coef(r), deviance(r), r$iter, r$converged), digits=17)'
    // -18.99999999997997 0.99999999999899847 1.6510735135738155e-11 1 TRUE
    // The exact fit needs 1/mu^2 = 1e-12 at x = 19 beside 1 at x = 20: eta(19) keeps only a few digits.
    const fit = fitInverseGaussianGlm([19, 20], [1e6, 1]);
    assert.equal(fit.ok, true);
    assert.equal(fit.converged, true);
    assert.equal(fit.boundaryAt, 19);
    assert.equal(fit.reason, glmMessage.nearBoundary(19));
    assertRel(fit.intercept, -18.99999999997997, 1e-6, "intercept");
    assertRel(fit.slope, 0.99999999999899847, 1e-6, "slope");
    // R's and our deviance are both rounding (the exact fit has deviance 0): bound by sum(w / y) = 20
    assert.ok(fit.deviance! >= 0 && fit.deviance! < 1e-10 * 20);
    assertNoNaN(fit);
  });

  it("stops at maxIterations with converged: false and a caveat", () => {
    const fit = fitInverseGaussianGlm(hx, hy, { maxIterations: 2 });
    assert.equal(fit.ok, true);
    assert.equal(fit.converged, false);
    assert.equal(fit.iterations, 2);
    assert.equal(fit.reason, glmMessage.notConverged(2));
    assertNoNaN(fit);
  });

  it("never mutates its inputs (frozen arrays, typed arrays)", () => {
    const x = Object.freeze([...hx]);
    const y = Object.freeze([...hy]);
    const w = Object.freeze(hx.map(() => 1));
    assert.doesNotThrow(() => fitInverseGaussianGlm(x, y, { weights: w }));
    const tx = Float64Array.from(hx);
    const ty = Float64Array.from(hy);
    const fit = fitInverseGaussianGlm(tx, ty);
    assert.deepEqual(Array.from(tx), hx);
    assert.deepEqual(Array.from(ty), hy);
    assertRel(fit.intercept, golden.intercept, 1e-6, "intercept from typed arrays");
  });
});

describe("predictInverseGaussian and asymptote: mu = 1/sqrt(b0 + b1 x), x where b0 + b1 x = 0", () => {
  const fit: GlmFit = { ok: true, intercept: 4, slope: -0.004, converged: true, iterations: 1, deviance: 0 };

  it("predicts mu = 1/sqrt(eta) and null where eta <= 0", () => {
    assert.equal(predictInverseGaussian(fit, 0), 0.5);
    assertRel(predictInverseGaussian(fit, 900), 1 / Math.sqrt(0.4), 1e-12, "mu(900)");
    assert.equal(predictInverseGaussian(fit, 1000), null);
    assert.equal(predictInverseGaussian(fit, 1500), null);
    assert.equal(predictInverseGaussian(fit, NaN), null);
    assert.equal(predictInverseGaussian({ ...fit, ok: false, intercept: null, slope: null }, 10), null);
  });

  it("gives the vertical asymptote -b0/b1 only for a falling eta with b0 > 0", () => {
    assert.equal(asymptote(fit), 1000);
    assert.equal(asymptote({ ...fit, slope: 0.004 }), null);
    assert.equal(asymptote({ ...fit, slope: 0 }), null);
    assert.equal(asymptote({ ...fit, intercept: -1 }), null);
    assert.equal(asymptote({ ...fit, ok: false, intercept: null, slope: null }), null);
  });

  it("puts the asymptote of the headroom fit beyond the data", () => {
    const f = fitInverseGaussianGlm(hx, hy);
    // -b0/b1 of R's coefficients: 3.8448322706206537 / 0.003623104574649514
    assertRel(asymptote(f), 3.8448322706206537 / 0.003623104574649514, 1e-6, "asymptote");
    for (const x of hx) assert.ok(predictInverseGaussian(f, x)! > 0);
  });
});

describe("fitInverseGaussianGlm: property (fast-check)", () => {
  // Throughput 1e-3..1e4 (some rows zero, dropped), response 1e-4..1e3 (log-uniform).
  const row = fc.record({
    x: fc.oneof(
      { weight: 9, arbitrary: fc.double({ min: 1e-3, max: 1e4, noNaN: true }) },
      { weight: 1, arbitrary: fc.constant(0) },
      { weight: 2, arbitrary: fc.integer({ min: 1, max: 20 }) },
    ),
    y: fc.double({ min: -4, max: 3, noNaN: true }).map((e) => 10 ** e),
  });

  it("is finite or ok: false; when ok, eta > 0 at every row and deviance <= the constant-mean start's", () => {
    fc.assert(
      fc.property(fc.array(row, { minLength: 0, maxLength: 40 }), (rows) => {
        const x = rows.map((r) => r.x);
        const y = rows.map((r) => r.y);
        const fit = fitInverseGaussianGlm(x, y);
        assertNoNaN(fit);
        if (!fit.ok) {
          assert.ok(typeof fit.reason === "string" && fit.reason.length > 0);
          assert.equal(fit.intercept, null);
          assert.equal(fit.slope, null);
          return;
        }
        for (const xi of x) if (xi > 0) assert.ok(fit.intercept! + fit.slope! * xi > 0, `eta > 0 at x = ${xi}`);
        // The constant-mean start b0 = 1/mean^2, b1 = 0 has deviance nullDeviance. Slack: rounding
        // of the residuals y sqrt(eta) - 1 (~1e-16 each, squared) on the deviance scale sum(w / y).
        let scale = 0;
        for (let i = 0; i < x.length; i++) scale += x[i] / y[i];
        assert.ok(fit.nullDeviance !== null);
        assert.ok(fit.deviance! <= fit.nullDeviance * (1 + 1e-12) + 1e-28 * scale, `deviance ${fit.deviance} > null deviance ${fit.nullDeviance}`);
        assert.equal(fit.converged, true, `not converged: ${JSON.stringify(rows)}`);
      }),
      { numRuns: 1000, seed: 20240501 },
    );
  });
});

describe("fitInverseGaussianGlm: the caller's Float64Arrays read in place equal scaled copies (property, fast-check)", () => {
  // Every row kept and Float64Array columns: the passes read the columns times 1 / scale (exact
  // powers of two). Plain arrays, or a row of zero weight: scaled copies. The same doubles either way.
  const magnitude = fc.integer({ min: -300, max: 300 }).map((e) => 10 ** e);
  const rows = fc.array(fc.record({ x: fc.double({ min: 1e-3, max: 1e4, noNaN: true }), y: fc.double({ min: -4, max: 3, noNaN: true }).map((e) => 10 ** e) }), {
    minLength: 2,
    maxLength: 40,
  });
  it("gives the same fit, field for field, for any scale of x, y and the weights", () => {
    fc.assert(
      fc.property(rows, magnitude, magnitude, fc.boolean(), (r, sx, sy, weighted) => {
        const x = r.map((v) => v.x * sx);
        const y = r.map((v) => v.y * sy);
        const options = weighted ? { weights: x.map((v, i) => v * (1 + (i % 3))) } : {};
        const inPlace = fitInverseGaussianGlm(Float64Array.from(x), Float64Array.from(y), weighted ? { weights: Float64Array.from(options.weights!) } : {});
        const copied = fitInverseGaussianGlm(x, y, options);
        assert.deepStrictEqual(inPlace, copied);
      }),
      { numRuns: 500, seed: 20261207 },
    );
  });
  it("does not change the caller's columns", () => {
    const x = Float64Array.from([1, 2, 3, 5]);
    const y = Float64Array.from([1, 1.2, 1.5, 2.5]);
    fitInverseGaussianGlm(x, y);
    assert.deepStrictEqual([...x, ...y], [1, 2, 3, 5, 1, 1.2, 1.5, 2.5]);
  });
});

describe("fitInverseGaussianGlm with the caller's summary of the rows equals the fit without (property, fast-check)", () => {
  /** What src/headroom/analyze.ts finds as it copies the kept rows: count, extremes, sum(x) and sum(x y) in row order. */
  function summaryOf(x: ArrayLike<number>, y: ArrayLike<number>): GlmRowSummary {
    let [xmin, xmax, ymin, ymax, sumX, sumXY] = [Infinity, -Infinity, Infinity, -Infinity, 0, 0];
    for (let i = 0; i < x.length; i++) {
      xmin = Math.min(xmin, x[i]);
      xmax = Math.max(xmax, x[i]);
      ymin = Math.min(ymin, y[i]);
      ymax = Math.max(ymax, y[i]);
      sumX += x[i];
      sumXY += x[i] * y[i];
    }
    return { n: x.length, xmin, xmax, ymin, ymax, sumX, sumXY };
  }
  // Magnitudes from 1e-300 to 1e300: near the ends the scaled sums might leave the normal range,
  // and the fit sums the rows again; elsewhere it scales the caller's sums.
  const magnitude = fc.integer({ min: -300, max: 300 }).map((e) => 10 ** e);
  const rows = fc.array(fc.record({ x: fc.double({ min: 1e-3, max: 1e4, noNaN: true }), y: fc.double({ min: -4, max: 3, noNaN: true }).map((e) => 10 ** e) }), {
    minLength: 2,
    maxLength: 40,
  });
  it("gives the same fit, field for field (coefficients, deviances, AIC, dispersion), at any scale", () => {
    fc.assert(
      fc.property(rows, magnitude, magnitude, (r, sx, sy) => {
        const x = Float64Array.from(r, (v) => v.x * sx);
        const y = Float64Array.from(r, (v) => v.y * sy);
        assert.deepStrictEqual(fitInverseGaussianGlm(x, y, { summary: summaryOf(x, y) }), fitInverseGaussianGlm(x, y));
      }),
      { numRuns: 2000, seed: 20261208 },
    );
  });
  it("gives the same fit on 10,000 rows of a headroom cloud (R's path and the safeguarded one)", () => {
    for (const knee of [1.2, 1.01]) {
      const n = 10_000;
      const x = new Float64Array(n);
      const y = new Float64Array(n);
      let state = 12345;
      const u = () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
      for (let i = 0; i < n; i++) {
        x[i] = 1 + 999 * u();
        y[i] = (20 / Math.max(1e-3, 1 - x[i] / (1000 * knee))) * (0.8 + 0.4 * u());
      }
      const plain = fitInverseGaussianGlm(x, y);
      assert.deepStrictEqual(fitInverseGaussianGlm(x, y, { summary: summaryOf(x, y) }), plain);
      assert.ok(plain.ok && plain.nullDeviance !== null && plain.aic !== null);
    }
  });
  it("scales the caller's sums exactly: the sums of the scaled rows, bit for bit, or null near the ends of the doubles", () => {
    const exponent = fc.integer({ min: -1000, max: 1000 });
    fc.assert(
      fc.property(rows, magnitude, magnitude, exponent, exponent, (r, sx, sy, ew, ey) => {
        const x = Float64Array.from(r, (v) => v.x * sx);
        const y = Float64Array.from(r, (v) => v.y * sy);
        const [aw, ay] = [2 ** ew, 2 ** ey];
        let [sumW, sumWY] = [0, 0];
        for (let i = 0; i < x.length; i++) {
          sumW += x[i] * aw;
          sumWY += x[i] * aw * (y[i] * ay);
        }
        const scaled = scaledSums(summaryOf(x, y), aw, ay);
        if (scaled !== null) assert.ok(Object.is(scaled.sumW, sumW) && Object.is(scaled.sumWY, sumWY), `${scaled.sumW} ${sumW} ${scaled.sumWY} ${sumWY}`);
      }),
      { numRuns: 5000, seed: 20261209 },
    );
    // x y below the normal doubles unscaled (1e-320, subnormal) but not scaled: the caller's sum lost digits.
    const x = Float64Array.from([1e-160, 3e-160]);
    const y = Float64Array.from([1e-160, 7e-160]);
    const [aw, ay] = [2 ** 531, 2 ** 531];
    assert.notEqual(summaryOf(x, y).sumXY * (aw * ay), x[0] * aw * (y[0] * ay) + x[1] * aw * (y[1] * ay));
    assert.equal(scaledSums(summaryOf(x, y), aw, ay), null);
    // Ordinary magnitudes: used.
    assert.notEqual(scaledSums(summaryOf(Float64Array.from([800, 900]), Float64Array.from([20, 35])), 2 ** -10, 2 ** -5), null);
  });
  it("is not used where it cannot stand for the rows: a NaN, a negative or zero weight, a different count (the same errors)", () => {
    const x = Float64Array.from([1, 2, 3, 5]);
    const y = Float64Array.from([1, 1.2, 1.5, 2.5]);
    const cases: [Float64Array, Float64Array][] = [
      [Float64Array.from([1, Number.NaN, 3, 5]), y],
      [x, Float64Array.from([1, 1.2, Number.NaN, 2.5])],
      [Float64Array.from([1, -2, 3, 5]), y],
      [Float64Array.from([1, 0, 3, 5]), y],
      [x, Float64Array.from([1, -1.2, 1.5, 2.5])],
      [x, Float64Array.from([1, 1.2, Number.POSITIVE_INFINITY, 2.5])],
    ];
    for (const [cx, cy] of cases) {
      const s = summaryOf(cx, cy);
      assert.deepStrictEqual(fitInverseGaussianGlm(cx, cy, { summary: s }), fitInverseGaussianGlm(cx, cy), `${cx} ${cy}`);
    }
    // A summary of other rows (a stale count) is not read: the fit is that of the rows given.
    const other = summaryOf(Float64Array.from([1, 2, 3]), Float64Array.from([1, 1, 1]));
    assert.deepStrictEqual(fitInverseGaussianGlm(x, y, { summary: other }), fitInverseGaussianGlm(x, y));
    // With explicit weights the summary (of w = x) is not read.
    const w = Float64Array.from([2, 1, 1, 1]);
    assert.deepStrictEqual(fitInverseGaussianGlm(x, y, { weights: w, summary: summaryOf(x, y) }), fitInverseGaussianGlm(x, y, { weights: w }));
  });
});

describe("validEverywhere: the extreme rows decide for all (the step-halving shortcut)", () => {
  it("agrees with checking b0 + b1 x at every row, for any doubles", () => {
    const double = fc.oneof(fc.double({ noNaN: true }), fc.double({ min: -10, max: 10, noNaN: true }), fc.constantFrom(0, -0, 1e-300, -1e-300, 1e300, -1e300));
    fc.assert(
      fc.property(double, double, fc.array(double, { minLength: 1, maxLength: 30 }), (b0, b1, xs) => {
        const everyRow = xs.every((x) => {
          const e = b0 + b1 * x;
          return e > 0 && e < Infinity;
        });
        assert.equal(validEverywhere(b0, b1, { xmin: Math.min(...xs), xmax: Math.max(...xs) }), everyRow);
      }),
      { numRuns: 20000 },
    );
  });
});
