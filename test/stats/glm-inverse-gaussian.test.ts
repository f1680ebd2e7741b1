/**
 * Inverse Gaussian GLM, link 1/mu^2, prior weights = throughput, IRLS as R's glm.fit:
 * golden values from R 4.2.2 `glm(y ~ x, family = inverse.gaussian, weights = x)`
 * (each case's R call is in its comment; all of them, with the independent check,
 * are printed by `Rscript scripts/r/glm-inverse-gaussian-golden.R`).
 *
 * Tolerances: coefficients, deviance, AIC and null deviance relative 1e-6 (R stops
 * at |dev - devold| / (|dev| + 0.1) < 1e-8, so its coefficients carry about 1e-9 of
 * iteration error; ours follow the same iterations and agree to ~1e-13). R's
 * summary.glm dispersion uses the working weights of the step before the last,
 * ours the final fit: relative 1e-6 too.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { asymptote, fitInverseGaussianGlm, type InverseGaussianGlmFit } from "../../src/stats/glm-inverse-gaussian.js";
import { glmMessage } from "../../src/stats/glm-messages.js";

function seq(from: number, to: number, by: number): number[] {
  const out: number[] = [];
  for (let k = 0; from + k * by <= to; k++) out.push(from + k * by);
  return out;
}

function assertRel(actual: number | null, expected: number, tol: number, what: string): void {
  assert.ok(actual !== null && Number.isFinite(actual), `${what}: ${actual} is not a finite number`);
  const rel = Math.abs(actual - expected) / Math.abs(expected);
  assert.ok(rel <= tol, `${what}: ${actual} vs ${expected} (relative error ${rel.toExponential(2)} > ${tol})`);
}

/** Every number in the result is finite or null: never NaN or infinite. */
function assertNoNaN(fit: InverseGaussianGlmFit): void {
  for (const [key, value] of Object.entries(fit)) {
    if (typeof value === "number") assert.ok(Number.isFinite(value), `${key} = ${value}`);
  }
}

function maxRelError(fit: InverseGaussianGlmFit, g: { intercept: number; slope: number; deviance: number }): number {
  const rel = (a: number | null, e: number) => Math.abs((a ?? NaN) - e) / Math.abs(e);
  return Math.max(rel(fit.intercept, g.intercept), rel(fit.slope, g.slope), rel(fit.deviance, g.deviance));
}

/** Cases where R's glm.fit converges (printed with digits = 17). */
// biome-ignore format: the data as written in the Rscript calls, one case per block
const converged = [
  {
    // Rscript -e 'x<-seq(50, 1000, by = 50); y<-c(0.5487, 0.5110, 0.5498, 0.5734, 0.5843, 0.5882, 0.6600, 0.6320, 0.7310, 0.6879, 0.7724, 0.8548, 0.7542, 0.8519, 0.9263, 1.0540, 1.1240, 1.1500, 1.4170, 2.3890); r<-glm(y~x, family=inverse.gaussian, weights=x); print(c(coef(r), deviance(r), r$iter, AIC(r), r$null.deviance, summary(r)$dispersion), digits=17)'
    name: "headroom",
    x: seq(50, 1000, 50),
    y: [0.5487, 0.5110, 0.5498, 0.5734, 0.5843, 0.5882, 0.6600, 0.6320, 0.7310, 0.6879, 0.7724, 0.8548, 0.7542, 0.8519, 0.9263, 1.0540, 1.1240, 1.1500, 1.4170, 2.3890],
    intercept: 3.8448322706206537, slope: -0.003623104574649514, deviance: 49.460412040848531, iterations: 4,
    aic: -27560.75567068706, nullDeviance: 1662.038870629181, dispersion: 2.7318140304319081,
  },
  {
    // Rscript -e 'x<-seq(10, 200, by = 10); y<-c(0.01139, 0.01044, 0.01566, 0.02043, 0.02379, 0.02114, 0.02349, 0.02247, 0.02892, 0.02872, 0.03291, 0.03541, 0.03807, 0.03678, 0.04101, 0.03857, 0.04243, 0.04430, 0.04317, 0.05007); r<-glm(y~x, family=inverse.gaussian, weights=x); print(c(coef(r), deviance(r), r$iter, AIC(r), r$null.deviance, summary(r)$dispersion), digits=17)'
    name: "linear",
    x: seq(10, 200, 10),
    y: [0.01139, 0.01044, 0.01566, 0.02043, 0.02379, 0.02114, 0.02349, 0.02247, 0.02892, 0.02872, 0.03291, 0.03541, 0.03807, 0.03678, 0.04101, 0.03857, 0.04243, 0.04430, 0.04317, 0.05007],
    intercept: 2149.0378846486924, slope: -9.0950045127869803, deviance: 1621.8224967355504, iterations: 4,
    aic: -15674.810608694726, nullDeviance: 5452.0791405735363, dispersion: 65.36340211657668,
  },
  {
    // Rscript -e 'x<-seq(10, 200, by = 10); y<-c(0.05002, 0.04996, 0.05008, 0.04993, 0.04986, 0.05004, 0.04992, 0.05014, 0.04996, 0.05007, 0.05003, 0.04992, 0.05016, 0.05006, 0.05001, 0.05003, 0.05007, 0.05001, 0.04970, 0.05003); r<-glm(y~x, family=inverse.gaussian, weights=x); print(c(coef(r), deviance(r), r$iter, AIC(r), r$null.deviance, summary(r)$dispersion), digits=17)'
    name: "constant",
    x: seq(10, 200, 10),
    y: [0.05002, 0.04996, 0.05008, 0.04993, 0.04986, 0.05004, 0.04992, 0.05014, 0.04996, 0.05007, 0.05003, 0.04992, 0.05016, 0.05006, 0.05001, 0.05003, 0.05007, 0.05001, 0.04970, 0.05003],
    intercept: 399.1677647692934, slope: 0.0063528507471762186, deviance: 0.21159744017813767, iterations: 3,
    aic: -32233.670633862232, nullDeviance: 0.21774978533586889, dispersion: 0.01172296255683257,
  },
  {
    // Rscript -e 'x<-c(179.00, 205.90, 287.20, 295.20, 360.10, 198.10, 459.70, 481.30, 117.50, 362.50, 451.90, 302.10, 316.10, 468.80, 425.40, 290.30, 410.90, 57.75, 382.50, 312.20, 75.07, 41.05, 232.60, 389.90, 367.00, 408.80, 85.91, 472.40, 147.50, 75.39); y<-c(0.04102, 0.04803, 0.04538, 0.02043, 0.01965, 0.07412, 0.05018, 0.04647, 0.02406, 0.01862, 0.06149, 0.03082, 0.03209, 0.07605, 0.06757, 0.07957, 0.03047, 0.03381, 0.09015, 0.01829, 0.01417, 0.01118, 0.01318, 0.04144, 0.05675, 0.08313, 0.04547, 0.02389, 0.08299, 0.01593); r<-glm(y~x, family=inverse.gaussian, weights=x); print(c(coef(r), deviance(r), r$iter, AIC(r), r$null.deviance, summary(r)$dispersion), digits=17)'
    name: "noisy",
    x: [179.00, 205.90, 287.20, 295.20, 360.10, 198.10, 459.70, 481.30, 117.50, 362.50, 451.90, 302.10, 316.10, 468.80, 425.40, 290.30, 410.90, 57.75, 382.50, 312.20, 75.07, 41.05, 232.60, 389.90, 367.00, 408.80, 85.91, 472.40, 147.50, 75.39],
    y: [0.04102, 0.04803, 0.04538, 0.02043, 0.01965, 0.07412, 0.05018, 0.04647, 0.02406, 0.01862, 0.06149, 0.03082, 0.03209, 0.07605, 0.06757, 0.07957, 0.03047, 0.03381, 0.09015, 0.01829, 0.01417, 0.01118, 0.01318, 0.04144, 0.05675, 0.08313, 0.04547, 0.02389, 0.08299, 0.01593],
    intercept: 871.92829522136014, slope: -1.1231528840923268, deviance: 62429.743869556572, iterations: 6,
    aic: -41461.191268075789, nullDeviance: 65075.372142960281, dispersion: 1740.1663681489933,
  },
  {
    // Rscript -e 'x<-c(100, 200, 300); y<-c(0.2, 0.25, 0.4); r<-glm(y~x, family=inverse.gaussian, weights=x); print(c(coef(r), deviance(r), r$iter, AIC(r), r$null.deviance, summary(r)$dispersion), digits=17)'
    name: "small3",
    x: [100, 200, 300],
    y: [0.2, 0.25, 0.4],
    intercept: 34.91744180568098, slope: -0.09550767430679856, deviance: 0.054423646945998425, iterations: 3,
    aic: -6015.2751222100205, nullDeviance: 155.26315789473685, dispersion: 0.054466385784617176,
  },
  {
    // Rscript -e 'x<-c(10, 20, 30, 40); y<-c(1.1, 1.0, 1.3, 1.9); r<-glm(y~x, family=inverse.gaussian, weights=x); print(c(coef(r), deviance(r), r$iter, AIC(r), r$null.deviance, summary(r)$dispersion), digits=17)'
    name: "small4",
    x: [10, 20, 30, 40],
    y: [1.1, 1.0, 1.3, 1.9],
    intercept: 1.393819501326492, slope: -0.02768563905666184, deviance: 0.39903290055243817, iterations: 4,
    aic: -159.10589721766331, nullDeviance: 4.7273130618480286, dispersion: 0.21311645118642517,
  },
  {
    // Rscript -e 'x<-c(10, 20, 30, 40, 50); y<-c(5, 3, 2, 1.5, 1.2); r<-glm(y~x, family=inverse.gaussian, weights=x); print(c(coef(r), deviance(r), r$iter, AIC(r), r$null.deviance, summary(r)$dispersion), digits=17)'
    name: "small5",
    x: [10, 20, 30, 40, 50],
    y: [5, 3, 2, 1.5, 1.2],
    intercept: -0.11202430748232553, slope: 0.013891890407017967, deviance: 0.84922454741330267, iterations: 5,
    aic: -91.841313175697053, nullDeviance: 14.413793103448278, dispersion: 0.3007455447482078,
  },
  {
    // Rscript -e 'x<-c(104200, 114990, 83642, 56095, 95131, 133880, 107460, 85335, 104740, 139270, 98999, 67163, 104300, 146150, 81368); y<-c(0.0014670, 0.0013630, 0.0010680, 0.0008878, 0.0010060, 0.0021320, 0.0015440, 0.0011350, 0.0013660, 0.0020270, 0.0012750, 0.0009355, 0.0015660, 0.0024600, 0.0011360); r<-glm(y~x, family=inverse.gaussian, weights=x); print(c(coef(r), deviance(r), r$iter, AIC(r), r$null.deviance, summary(r)$dispersion), digits=17)'
    name: "magnitudes",
    x: [104200, 114990, 83642, 56095, 95131, 133880, 107460, 85335, 104740, 139270, 98999, 67163, 104300, 146150, 81368],
    y: [0.0014670, 0.0013630, 0.0010680, 0.0008878, 0.0010060, 0.0021320, 0.0015440, 0.0011350, 0.0013660, 0.0020270, 0.0012750, 0.0009355, 0.0015660, 0.0024600, 0.0011360],
    intercept: 1615199.2076266471, slope: -10.047027032874153, deviance: 10411045.314110419, iterations: 4,
    aic: -22587846.967708018, nullDeviance: 93083299.406244561, dispersion: 796344.25895074487,
  },
  {
    // Rscript -e 'x<-c(3, 5, 8, 12, 15, 20, 22, 30); y<-c(2, 2, 3, 3, 4, 6, 5, 9); r<-glm(y~x, family=inverse.gaussian, weights=x); print(c(coef(r), deviance(r), r$iter, AIC(r), r$null.deviance, summary(r)$dispersion), digits=17)'
    name: "integers",
    x: [3, 5, 8, 12, 15, 20, 22, 30],
    y: [2, 2, 3, 3, 4, 6, 5, 9],
    intercept: 0.12687355088235536, slope: -0.0038699065914355427, deviance: 0.95183942706791647, iterations: 5,
    aic: 337.42658945553535, nullDeviance: 4.6893081761006288, dispersion: 0.1517453631293571,
  },
  {
    // Rscript -e 'x<-1:5; y<-c(1e4, 1, 1, 1, 1); r<-glm(y~x, family=inverse.gaussian, weights=x); print(c(coef(r), deviance(r), r$iter, AIC(r), r$null.deviance, summary(r)$dispersion), digits=17)'
    name: "spike",
    x: [1, 2, 3, 4, 5],
    y: [1e4, 1, 1, 1, 1],
    intercept: -0.33555499093713032, slope: 0.33555500093996521, deviance: 0.57779978971950063, iterations: 4,
    aic: 27.350506272289245, nullDeviance: 13.977631455961655, dispersion: 0.14368776374716238,
  },
  {
    // Rscript -e 'x<-c(25.70, 67.10, 5.61, 46.10, 1.17, 84.10, 41.20, 19.60, 34.50, 75.30, 40.70, 19.60, 46.10, 32.60, 46.60); y<-c(21.0000, 1.0300, 19.5000, 0.4270, 159.0000, 0.0589, 31.1000, 3.4300, 0.7130, 0.2700, 2.9100, 8.6900, 0.7880, 8.7500, 2.9400); r<-glm(y~x, family=inverse.gaussian, weights=x); print(c(coef(r), deviance(r), r$iter, AIC(r), r$null.deviance, summary(r)$dispersion), digits=17)'
    name: "halved",
    x: [25.70, 67.10, 5.61, 46.10, 1.17, 84.10, 41.20, 19.60, 34.50, 75.30, 40.70, 19.60, 46.10, 32.60, 46.60],
    y: [21.0000, 1.0300, 19.5000, 0.4270, 159.0000, 0.0589, 31.1000, 3.4300, 0.7130, 0.2700, 2.9100, 8.6900, 0.7880, 8.7500, 2.9400],
    intercept: -0.001999071590399918, slope: 0.0017099744485014319, deviance: 1861.6834785401877, iterations: 10,
    aic: 2576.6138605620786, nullDeviance: 1919.2473320796253, dispersion: 54.035662092856974,
  },
];

/**
 * Cases where R's glm() stops with an error. The golden minimum comes from an
 * independent optimiser: nlminb + optim(BFGS) on the same weighted deviance,
 * parametrised by log eta at min(x) and max(x) so that eta > 0 at every row,
 * polished by Newton on the score (scripts/r/glm-inverse-gaussian-golden.R).
 */
// biome-ignore format: the data as written in the Rscript calls, one case per block
const rFails = [
  {
    // Rscript -e 'x<-c(98.90, 40.40, 12.50, 7.91, 25.10, 79.40, 34.70, 97.20, 17.40, 46.50, 18.00, 23.90); y<-c(0.0633, 0.1190, 0.4190, 1.2200, 0.2220, 0.1420, 0.2860, 0.0567, 0.5080, 0.1240, 0.2120, 0.1910); r<-glm(y~x, family=inverse.gaussian, weights=x)' -> Error: no valid set of coefficients has been found: please supply starting values
    // independent minimum: Rscript scripts/r/glm-inverse-gaussian-golden.R ("== falling", "independent coef")
    name: "falling",
    x: [98.90, 40.40, 12.50, 7.91, 25.10, 79.40, 34.70, 97.20, 17.40, 46.50, 18.00, 23.90],
    y: [0.0633, 0.1190, 0.4190, 1.2200, 0.2220, 0.1420, 0.2860, 0.0567, 0.5080, 0.1240, 0.2120, 0.1910],
    intercept: -12.364512455738909, slope: 1.5887837338815221, deviance: 556.49985341952424,
  },
  {
    // Rscript -e 'x<-c(19.80, 8.56, 3.20, 2.33, 84.90, 95.80, 86.80, 99.40, 83.30, 89.20, 83.40, 84.60); y<-c(2.0200, 4.6700, 12.5000, 17.2000, 0.1070, 0.1720, 0.1580, 0.1070, 0.1460, 0.1100, 0.0836, 0.0940); r<-glm(y~x, family=inverse.gaussian, weights=x)' -> Error: no valid set of coefficients has been found: please supply starting values
    // independent minimum: Rscript scripts/r/glm-inverse-gaussian-golden.R ("== lshape", "independent coef")
    name: "lshape",
    x: [19.80, 8.56, 3.20, 2.33, 84.90, 95.80, 86.80, 99.40, 83.30, 89.20, 83.40, 84.60],
    y: [2.0200, 4.6700, 12.5000, 17.2000, 0.1070, 0.1720, 0.1580, 0.1070, 0.1460, 0.1100, 0.0836, 0.0940],
    intercept: -1.4323388355738085, slope: 0.61486575563918722, deviance: 880.95489884776737,
  },
  {
    // Rscript -e 'x<-c(50.30, 79.30, 84.00, 46.20, 80.10, 38.80, 76.20, 44.20, 90.50, 32.60, 9.17, 81.80); y<-c(4.610, 1.250, 2.470, 2.030, 0.307, 0.718, 0.352, 2.370, 1.140, 0.910, 0.604, 0.509); r<-glm(y~x, family=inverse.gaussian, weights=x)' -> Error: no valid set of coefficients has been found: please supply starting values
    // independent minimum: Rscript scripts/r/glm-inverse-gaussian-golden.R ("== scattered", "independent coef")
    name: "scattered",
    x: [50.30, 79.30, 84.00, 46.20, 80.10, 38.80, 76.20, 44.20, 90.50, 32.60, 9.17, 81.80],
    y: [4.610, 1.250, 2.470, 2.030, 0.307, 0.718, 0.352, 2.370, 1.140, 0.910, 0.604, 0.509],
    intercept: -0.022388902198873989, slope: 0.0085843297892832984, deviance: 438.58778529227266,
  },
  {
    // Rscript -e 'x<-c(1.05, 51.60, 2.39, 7.40, 95.50, 9.56, 29.70, 88.20, 13.20, 18.30, 44.60, 90.80, 85.30); y<-c(108.0000, 0.5010, 29.7000, 17.8000, 0.2690, 6.1900, 0.0740, 0.3560, 2.3400, 0.9060, 1.9600, 0.0769, 0.0518); r<-glm(y~x, family=inverse.gaussian, weights=x)' -> Error: no valid set of coefficients has been found: please supply starting values
    // independent minimum: Rscript scripts/r/glm-inverse-gaussian-golden.R ("== wide", "independent coef")
    name: "wide",
    x: [1.05, 51.60, 2.39, 7.40, 95.50, 9.56, 29.70, 88.20, 13.20, 18.30, 44.60, 90.80, 85.30],
    y: [108.0000, 0.5010, 29.7000, 17.8000, 0.2690, 6.1900, 0.0740, 0.3560, 2.3400, 0.9060, 1.9600, 0.0769, 0.0518],
    intercept: -0.11190661383792036, slope: 0.10658501957115432, deviance: 2553.2694952172828,
  },
];

/**
 * 10,000 rows from the MINSTD LCG s = s * 48271 mod (2^31 - 1), seed 20240501: only
 * exact integer products (< 2^53) and IEEE division, so R makes the same doubles
 * (checked: x[1], y[10000] and the sums below are R's). x = 100 + 9900 u (odd draws),
 * y = (0.5 + u) * 0.1 / (c - x / 10500) (even draws).
 */
function lcgData(c: number): { x: number[]; y: number[] } {
  let s = 20240501;
  const next = () => {
    s = (s * 48271) % 2147483647;
    return s / 2147483647;
  };
  const x: number[] = [];
  const y: number[] = [];
  for (let i = 0; i < 10000; i++) {
    const xi = 100 + 9900 * next();
    x.push(xi);
    y.push(((0.5 + next()) * 0.1) / (c - xi / 10500));
  }
  return { x, y };
}

const sum = (v: number[]) => v.reduce((a, b) => a + b, 0);

describe("fitInverseGaussianGlm: inverse Gaussian GLM, link 1/mu^2, weights = x, as R's glm.fit", () => {
  let worst = 0;
  for (const g of converged) {
    it(`matches R where glm.fit converges: ${g.name}`, () => {
      const fit = fitInverseGaussianGlm(g.x, g.y);
      assert.equal(fit.ok, true, fit.reason);
      assert.equal(fit.converged, true);
      assert.equal(fit.method, "glm.fit");
      assert.equal(fit.iterations, g.iterations, "R's iteration count");
      assertRel(fit.intercept, g.intercept, 1e-6, "intercept");
      assertRel(fit.slope, g.slope, 1e-6, "slope");
      assertRel(fit.deviance, g.deviance, 1e-6, "deviance");
      assertRel(fit.aic, g.aic, 1e-6, "aic");
      assertRel(fit.nullDeviance, g.nullDeviance, 1e-6, "null deviance");
      assertRel(fit.dispersion, g.dispersion, 1e-6, "dispersion");
      assert.equal(fit.n, g.x.length);
      assert.equal(fit.dfResidual, g.x.length - 2);
      assertNoNaN(fit);
      worst = Math.max(worst, maxRelError(fit, g));
    });
  }

  it("matches R on the exact curve y = 1/sqrt(4 - 0.004 x), deviance ~ 0", () => {
    // Rscript -e 'x<-seq(100, 900, by=100); y<-1/sqrt(4-0.004*x); r<-glm(y~x, family=inverse.gaussian, weights=x); print(c(coef(r), deviance(r), r$iter), digits=17)'
    // 4.0000000000000009 -0.004000000000000001 1.6173302370673892e-28 1
    const x = seq(100, 900, 100);
    const fit = fitInverseGaussianGlm(
      x,
      x.map((v) => 1 / Math.sqrt(4 - 0.004 * v)),
    );
    assert.equal(fit.method, "glm.fit");
    assert.equal(fit.iterations, 1);
    assertRel(fit.intercept, 4.0000000000000009, 1e-12, "intercept");
    assertRel(fit.slope, -0.004000000000000001, 1e-12, "slope");
    // a deviance of rounding size: no relative comparison, bound it by the null deviance
    assert.ok(fit.deviance !== null && fit.deviance >= 0 && fit.deviance < 1e-20 * (fit.nullDeviance ?? 0));
  });

  it("matches R on 10,000 rows (LCG headroom cloud, knee at 12,600)", () => {
    const { x, y } = lcgData(1.2);
    // R (scripts/r/glm-inverse-gaussian-golden.R, "large"): x[1] = 9650.3942744109754,
    // y[10000] = 0.29368685810399936, sum(x) = 50659871.107577801, sum(y) = 1658.5876013151935
    assert.equal(x[0], 9650.3942744109754);
    assert.equal(y[9999], 0.29368685810399936);
    assertRel(sum(x), 50659871.107577801, 1e-13, "sum(x)");
    assertRel(sum(y), 1658.5876013151935, 1e-13, "sum(y)");
    // Rscript -e 'd<-read.csv("/tmp/chp-glm-large.csv"); r<-glm(y~x, data=d, family=inverse.gaussian, weights=x); print(c(coef(r), deviance(r), r$iter), digits=17)'
    // (the CSV written from lcgData(1.2); the R script regenerates the same rows)
    // 100.45159237570248 -0.0096920484200324532 30351400.291226558 5
    const fit = fitInverseGaussianGlm(x, y);
    assert.equal(fit.method, "glm.fit");
    assert.equal(fit.iterations, 5);
    const g = { intercept: 100.45159237570248, slope: -0.0096920484200324532, deviance: 30351400.291226558 };
    assertRel(fit.intercept, g.intercept, 1e-6, "intercept");
    assertRel(fit.slope, g.slope, 1e-6, "slope");
    assertRel(fit.deviance, g.deviance, 1e-6, "deviance");
    worst = Math.max(worst, maxRelError(fit, g));
  });

  it("gives the same fit in room it is given (work: longer arrays, overwritten) as in its own", () => {
    const { x, y } = lcgData(1.2);
    const W = new Float64Array(x.length + 7).fill(Number.NaN);
    const z = new Float64Array(x.length + 7).fill(Number.NaN);
    assert.deepEqual(fitInverseGaussianGlm(x, y, { work: { W, z } }), fitInverseGaussianGlm(x, y));
    assert.ok(!Number.isNaN(W[x.length - 1]) && Number.isNaN(W[x.length]), "the first rows of W were written, no more");
    // Too short: its own arrays instead.
    const short = { W: new Float64Array(3), z: new Float64Array(3) };
    assert.deepEqual(fitInverseGaussianGlm(x, y, { work: short }), fitInverseGaussianGlm(x, y));
    assert.deepEqual(Array.from(short.W), [0, 0, 0]);
  });

  it("matches R with explicit weights = 1 (unweighted)", () => {
    // Rscript -e 'x<-seq(50, 1000, by = 50); y<-c(0.5487, 0.5110, 0.5498, 0.5734, 0.5843, 0.5882, 0.6600, 0.6320, 0.7310, 0.6879, 0.7724, 0.8548, 0.7542, 0.8519, 0.9263, 1.0540, 1.1240, 1.1500, 1.4170, 2.3890); r<-glm(y~x, family=inverse.gaussian); print(c(coef(r), deviance(r), r$iter), digits=17)'
    // 3.7934406706414654 -0.0035665297032291283 0.079301931293282169 4
    const g = converged[0];
    const fit = fitInverseGaussianGlm(g.x, g.y, { weights: g.x.map(() => 1) });
    assert.equal(fit.iterations, 4);
    assertRel(fit.intercept, 3.7934406706414654, 1e-6, "intercept");
    assertRel(fit.slope, -0.0035665297032291283, 1e-6, "slope");
    assertRel(fit.deviance, 0.079301931293282169, 1e-6, "deviance");
  });

  it("stays within 1e-6 of R in every converged case (and reports the worst)", () => {
    assert.ok(worst > 0 && worst < 1e-6, `worst relative error ${worst}`);
    // Seen: about 1e-13 (the same iterations as R, a closed-form centred solve instead of QR).
  });
});

describe("fitInverseGaussianGlm where R's glm.fit fails: the minimum of the same deviance", () => {
  for (const g of rFails) {
    it(`finds the valid optimum R cannot: ${g.name}`, () => {
      const fit = fitInverseGaussianGlm(g.x, g.y);
      assert.equal(fit.ok, true, fit.reason);
      assert.equal(fit.converged, true);
      assert.equal(fit.method, "safeguarded");
      assert.equal(fit.start, "constant-mean");
      assertRel(fit.intercept, g.intercept, 1e-6, "intercept");
      assertRel(fit.slope, g.slope, 1e-6, "slope");
      assertRel(fit.deviance, g.deviance, 1e-9, "deviance");
      for (const x of g.x) assert.ok(fit.intercept! + fit.slope! * x > 0, `eta > 0 at x = ${x}`);
      assert.ok(fit.deviance! <= fit.nullDeviance!);
      assertNoNaN(fit);
    });
  }

  it("finds the optimum on 10,000 rows with a sharp knee (R: no valid set of coefficients)", () => {
    const { x, y } = lcgData(1.05);
    // R (scripts/r/glm-inverse-gaussian-golden.R, "largeKnee"): y[10000] = 0.42810377477174016
    assert.equal(y[9999], 0.42810377477174016);
    // glm() -> Error: no valid set of coefficients has been found: please supply starting values
    // independent minimum: 58.214863692265546 -0.0058178109143184912, deviance 25955421.097447857
    const fit = fitInverseGaussianGlm(x, y);
    assert.equal(fit.ok, true);
    assert.equal(fit.converged, true);
    assert.equal(fit.method, "safeguarded");
    assertRel(fit.intercept, 58.214863692265546, 1e-6, "intercept");
    assertRel(fit.slope, -0.0058178109143184912, 1e-6, "slope");
    assertRel(fit.deviance, 25955421.097447857, 1e-9, "deviance");
    const a = asymptote(fit);
    assert.ok(a !== null && a > Math.max(...x), "the asymptote lies beyond the data");
  });

  it("goes past R's false convergence where eta is tiny, and reports the boundary", () => {
    // Rscript -e 'x<-c(1,2); y<-c(1e10,1); r<-glm(y~x, family=inverse.gaussian, weights=x); print(c(coef(r), deviance(r), r$null.deviance, r$converged), digits=17)'
    // -1.0000000004000025e-20 2.0000000004000008e-20 1.9999999993071798 1.9999999992000002 TRUE
    // R "converges" with a deviance above the constant fit's; the exact fit mu = y needs
    // 1/mu^2 = 1e-20 at x = 1 next to 1 at x = 2, which b0 + b1 x cannot hold in doubles.
    const fit = fitInverseGaussianGlm([1, 2], [1e10, 1]);
    assert.equal(fit.ok, false);
    assert.equal(fit.reason, glmMessage.boundary(1));
    assert.equal(fit.boundaryAt, 1);
    assert.equal(fit.intercept, null);
    assert.equal(fit.slope, null);
    assert.equal(fit.deviance, null);
    assertNoNaN(fit);
  });
});
