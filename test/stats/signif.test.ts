import assert from "node:assert/strict";
import { test } from "node:test";
import { signif } from "../../src/stats/index.js";

test("R signif(x, 5) (C fprec: R_pow_di scaling, round half even): bit for bit", () => {
  // Rscript -e 'cat(sprintf("%.17g", signif(c(123456.789, 0.000123456789, -98765.4321, 2.5, 12345.5,
  //   1.23456789 * 2^1000), 5)))'
  //   -> 123460 0.00012345999999999999 -98765 2.5 12346 1.3229000000000007e+301
  const x = [123456.789, 0.000123456789, -98765.4321, 2.5, 12345.5, 1.23456789 * 2 ** 1000];
  assert.deepEqual(
    x.map((v) => signif(v, 5)),
    [123460, 0.00012345999999999999, -98765, 2.5, 12346, 1.3229000000000007e301],
  );
});

test("R signif(): edge cases (0, NaN, ±Infinity, digits out of range)", () => {
  assert.equal(signif(0, 5), 0);
  assert.ok(Number.isNaN(signif(NaN, 5)));
  assert.equal(signif(Infinity, 5), Infinity);
  assert.equal(signif(-Infinity, 5), -Infinity);
  assert.equal(signif(123.456, 30), 123.456); // > 22 digits: unchanged
  assert.equal(signif(123.456, 0), 100); // < 1 digit: 1
  assert.equal(signif(-0.0042, 1), -0.004);
});
