import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { capacityCurve, fitCapacityCurve } from "../../src/stats/capacity-curve.js";
import { erlangC } from "../../src/stats/erlang.js";
import { assertClose } from "../helpers/close.js";

test("capacity curve R0 / (1 - (X/C)^m): exact M/M/1 data (R = S / (1 - X/C)) give m = 1 and C exactly", () => {
  const C = 250;
  const S = 0.02;
  const x = Array.from({ length: 60 }, (_, i) => 5 + i * 3.5);
  const y = x.map((v) => S / (1 - v / C));
  const f = fitCapacityCurve(x, y);
  assert.ok(f.ok);
  assertClose(f.capacity, C, 1e-4, "C");
  assertClose(f.m, 1, 1e-3, "m");
  assertClose(f.r0, S, 1e-4, "R0");
});

test("capacity curve: exact curves with a sharper knee are recovered (m = 8, C = 1000)", () => {
  const x = Array.from({ length: 80 }, (_, i) => 50 + i * 11.5);
  const y = x.map((v) => capacityCurve(12, 1000, 8, v));
  const f = fitCapacityCurve(x, y);
  assertClose(f.capacity, 1000, 1e-3, "C");
  assertClose(f.m, 8, 1e-2, "m");
});

test("capacity curve on Erlang C (M/M/16) response: C within 5% of the true c / S", () => {
  const c = 16;
  const S = 0.05;
  const cap = c / S;
  const rho = Array.from({ length: 50 }, (_, i) => 0.1 + (0.85 * i) / 49);
  const f = fitCapacityCurve(
    rho.map((r) => r * cap),
    rho.map((r) => S + (erlangC(c, r) * S) / (c * (1 - r))),
  );
  assert.ok(Math.abs(f.capacity! / cap - 1) < 0.05, `${f.capacity} vs ${cap}`);
});

test("capacity curve: too little data, NaN and zeros give ok: false or are skipped, never NaN", () => {
  assert.equal(fitCapacityCurve([1, 2, 3], [1, 2, 3]).ok, false);
  const f = fitCapacityCurve([0, NaN, 10, 20, 30, 40, 50], [5, 5, 10, 11, 12.5, 14, 17]);
  assert.ok(f.ok && Number.isFinite(f.capacity!) && f.capacity! > 50);
});

test("property: C exceeds the largest throughput, m >= 1, and the fit is no worse than its grid start", () => {
  fc.assert(
    fc.property(
      fc.double({ min: 1.05, max: 4, noNaN: true }),
      fc.double({ min: 1, max: 30, noNaN: true }),
      fc.array(fc.double({ min: -0.1, max: 0.1, noNaN: true }), { minLength: 20, maxLength: 20 }),
      (ratio, m, noise) => {
        const x = noise.map((_, i) => 10 + i * 5);
        const C = ratio * x[x.length - 1];
        const y = x.map((v, i) => capacityCurve(3, C, m, v) * Math.exp(noise[i]));
        const f = fitCapacityCurve(x, y);
        assert.ok(f.ok);
        assert.ok(f.capacity! > x[x.length - 1] && f.m! >= 1 && Number.isFinite(f.rss!));
        let trueRss = 0;
        for (let i = 0; i < x.length; i++) trueRss += (Math.log(y[i]) - Math.log(capacityCurve(3, C, m, x[i]))) ** 2;
        assert.ok(f.rss! <= trueRss * (1 + 1e-6) + 1e-12, `rss ${f.rss} > ${trueRss}`);
      },
    ),
    { numRuns: 200 },
  );
});
