import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { fitUsl, uslThroughput } from "../../src/stats/usl.js";
import { assertClose } from "../helpers/close.js";

function read(name: string): { n: number[]; x: number[] } {
  const rows = readFileSync(`test/stats/usl-${name}.csv`, "utf8").trim().split("\n").slice(1);
  return { n: rows.map((r) => Number(r.split(",")[0])), x: rows.map((r) => Number(r.split(",")[1])) };
}

// Golden values: R 4.2.2, for each test/stats/usl-NAME.csv
//   Rscript -e "d <- read.csv('test/stats/usl-NAME.csv'); f <- nls(X ~ lambda*N/(1 + sigma*(N-1) + kappa*N*(N-1)), data = d,
//     start = list(lambda = max(d\$X/d\$N), sigma = 0.01, kappa = 0.0001), algorithm = 'port', lower = c(0, 0, 0),
//     control = nls.control(maxiter = 1000, tol = 1e-10)); print(format(coef(f), digits = 15)); print(format(sum(resid(f)^2), digits = 15))"
const golden = [
  { name: "contention", lambda: 971.899879733048, sigma: 0.0406030626695444, kappa: 0.000626636542731293, rss: 211115.468104989 },
  { name: "amdahl", lambda: 242.1774063675925674, sigma: 0.0189137309277769, kappa: 0, rss: 48537.5421099488 },
  { name: "retrograde", lambda: 49.7990126521493366, sigma: 0.0895323744742875, kappa: 0.0102879652973704, rss: 194.968169812075 },
];

for (const g of golden) {
  test(`Universal Scalability Law fit equals R nls(port, lower = 0): ${g.name} (relative 1e-6)`, () => {
    const { n, x } = read(g.name);
    const f = fitUsl(n, x);
    assert.ok(f.ok && f.converged);
    assertClose(f.lambda, g.lambda, 1e-6, "lambda");
    assertClose(f.sigma, g.sigma, 1e-6, "sigma");
    if (g.kappa === 0) assert.equal(f.kappa, 0, "kappa held at its bound");
    else assertClose(f.kappa, g.kappa, 1e-6, "kappa");
    assertClose(f.rss, g.rss, 1e-8, "rss");
  });
}

test("USL peak: N* = sqrt((1 - sigma) / kappa) and X(N*); kappa = 0 gives the ceiling lambda / sigma", () => {
  const r = fitUsl(...(Object.values(read("retrograde")) as [number[], number[]]));
  assertClose(r.nStar, Math.sqrt((1 - r.sigma!) / r.kappa!), 1e-12, "nStar");
  assertClose(r.xMax, uslThroughput(r.lambda!, r.sigma!, r.kappa!, r.nStar!), 1e-12, "xMax");
  const a = fitUsl(...(Object.values(read("amdahl")) as [number[], number[]]));
  assert.equal(a.nStar, null);
  assertClose(a.xMax, a.lambda! / a.sigma!, 1e-12, "ceiling");
});

test("USL: exact data are recovered; too little or degenerate data give ok: false, never NaN", () => {
  const n = [1, 2, 4, 8, 16, 32, 64];
  const x = n.map((v) => uslThroughput(100, 0.03, 0.0002, v));
  const f = fitUsl(n, x);
  assertClose(f.lambda, 100, 1e-6, "lambda");
  assertClose(f.sigma, 0.03, 1e-5, "sigma");
  assertClose(f.kappa, 0.0002, 1e-4, "kappa");
  assert.equal(fitUsl([1, 2], [1, 2]).ok, false);
  assert.equal(fitUsl([], []).ok, false);
  const nan = fitUsl([1, NaN, 3, 0, 5], [1, 2, NaN, 4, 5]);
  assert.equal(nan.ok, false);
});

test("property: the fit's RSS is no worse than the true parameters' and the coefficients respect the bounds", () => {
  fc.assert(
    fc.property(
      fc.double({ min: 1, max: 1e4, noNaN: true }),
      fc.double({ min: 0, max: 0.3, noNaN: true }),
      fc.double({ min: 0, max: 0.01, noNaN: true }),
      fc.array(fc.double({ min: -0.05, max: 0.05, noNaN: true }), { minLength: 8, maxLength: 8 }),
      (l, s, k, noise) => {
        const n = [1, 2, 3, 5, 8, 13, 21, 34];
        const x = n.map((v, i) => uslThroughput(l, s, k, v) * (1 + noise[i]));
        const f = fitUsl(n, x);
        assert.ok(f.ok);
        assert.ok(f.sigma! >= 0 && f.kappa! >= 0 && f.lambda! > 0);
        let trueRss = 0;
        for (let i = 0; i < n.length; i++) trueRss += (x[i] - uslThroughput(l, s, k, n[i])) ** 2;
        assert.ok(f.rss! <= trueRss * (1 + 1e-6) + 1e-9, `${f.rss} > ${trueRss}`);
      },
    ),
    { numRuns: 300 },
  );
});
