/**
 * The headroom analysis against R: trimming, hist() breaks and counts, the max staircase and
 * glm(y ~ x, family = inverse.gaussian, weights = x). Golden values come from
 * scripts/r/headroom-golden.R (R 4.2.2), with the command above each; the live test runs the
 * same script on freshly generated shapes when Rscript is installed.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { analyzeHeadroom, maxStaircase } from "../../src/headroom/analyze.js";
import { headroomBins } from "../../src/headroom/headroom-bins.js";
import { loadTimeSeries } from "../../src/load/time-series.js";
import { DataError } from "../../src/errors.js";
import { seededRandom } from "../../src/util/random.js";
import { quantileSorted } from "../../src/stats/quantile.js";
import { fitInverseGaussianGlm } from "../../src/stats/glm-inverse-gaussian.js";
import { assertClose } from "../helpers/close.js";
import { tmpDir } from "../helpers/tmp.js";
import { chp } from "../helpers/cli.js";

interface RGolden {
  rows: number;
  kept: number;
  throughputHist: { breaks: number[]; counts: number[] };
  responseHist: { breaks: number[]; counts: number[] };
  maxCurve: (number | null)[];
  fit: { intercept: number; slope: number; deviance: number; iterations: number } | null;
}

const fitRel = 1e-6;

function compare(got: ReturnType<typeof analyzeHeadroom>, want: RGolden, what: string): void {
  assert.equal(got.rows, want.rows, `${what}: rows`);
  assert.equal(got.kept, want.kept, `${what}: kept`);
  assert.deepEqual(got.throughputHist.breaks, want.throughputHist.breaks, `${what}: throughput breaks`);
  assert.deepEqual(got.throughputHist.counts, want.throughputHist.counts, `${what}: throughput counts`);
  assert.deepEqual(got.responseHist.breaks, want.responseHist.breaks, `${what}: response breaks`);
  assert.deepEqual(got.responseHist.counts, want.responseHist.counts, `${what}: response counts`);
  assert.deepEqual(got.maxCurve, want.maxCurve, `${what}: max staircase`);
  if (want.fit) {
    assert.ok(got.fit.ok && got.fit.converged, `${what}: R converged, so must we (${got.fit.reason})`);
    assertClose(got.fit.intercept, want.fit.intercept, fitRel, `${what}: intercept`);
    // A slope that is zero in exact arithmetic comes out of R as rounding noise (e.g. 7.6e-20):
    // judge it by its effect on the linear predictor at the largest throughput, relative to the intercept.
    const xMax = got.throughputHist.breaks[got.throughputHist.breaks.length - 1];
    const slopeScale = Math.max(Math.abs(want.fit.slope), Math.abs(want.fit.intercept) / xMax);
    assert.ok(Math.abs(got.fit.slope! - want.fit.slope) <= fitRel * slopeScale, `${what}: slope ${got.fit.slope} vs ${want.fit.slope}`);
    // Likewise a deviance of exactly zero (a perfect fit) is compared on the scale of 1.
    assert.ok(
      Math.abs(got.fit.deviance! - want.fit.deviance) <= fitRel * Math.max(Math.abs(want.fit.deviance), 1e-9),
      `${what}: deviance ${got.fit.deviance} vs ${want.fit.deviance}`,
    );
  } else {
    // R failed: ours gives a valid fit or says why, never NaN.
    for (const v of [got.fit.intercept, got.fit.slope, got.fit.deviance]) assert.ok(v === null || Number.isFinite(v), `${what}: finite or null`);
    if (!got.fit.ok) assert.ok(got.fit.reason && got.fit.reason.length > 0, `${what}: a reason`);
  }
}

const golden: { file: string; q: number; qx: boolean; cmd: string; want: RGolden }[] = [
  {
    file: "data/lock-contention.csv",
    q: 0.95,
    qx: false,
    cmd: "Rscript scripts/r/headroom-golden.R data/lock-contention.csv ops latency_ms",
    want: {
      rows: 720,
      kept: 684,
      throughputHist: { breaks: [0, 50, 100, 150, 200, 250, 300, 350, 400, 450, 500], counts: [61, 118, 68, 53, 59, 57, 51, 69, 109, 39] },
      responseHist: { breaks: [0, 5, 10, 15, 20, 25, 30, 35, 40, 45], counts: [18, 137, 86, 58, 68, 62, 64, 96, 95] },
      maxCurve: [
        7.2229999999999999, 12.284000000000001, 16.222999999999999, 21.481999999999999, 26.321999999999999, 31.827999999999999, 36.448999999999998,
        39.039000000000001, 44.143000000000001, 44.491999999999997,
      ],
      fit: { intercept: 0.0044293919027603062, slope: -8.8437585806038142e-6, deviance: 579.08772061701973, iterations: 5 },
    },
  },
  {
    file: "data/web-steady.csv",
    q: 1,
    qx: false,
    cmd: "Rscript scripts/r/headroom-golden.R data/web-steady.csv throughput response_ms 1",
    want: {
      rows: 1440,
      kept: 1440,
      throughputHist: {
        breaks: [50, 100, 150, 200, 250, 300, 350, 400, 450, 500, 550, 600, 650, 700, 750, 800, 850, 900, 950],
        counts: [3, 67, 164, 123, 84, 74, 75, 65, 75, 57, 59, 73, 81, 88, 120, 147, 83, 2],
      },
      responseHist: {
        breaks: [0, 20, 40, 60, 80, 100, 120, 140, 160, 180, 200, 220, 240, 260, 280],
        counts: [18, 690, 227, 155, 115, 98, 70, 39, 19, 4, 1, 1, 2, 1],
      },
      maxCurve: [
        26.379000000000001, 31.504000000000001, 32.451999999999998, 34.759999999999998, 35.956000000000003, 39.564, 46.014000000000003, 48.682000000000002,
        49.261000000000003, 60.048999999999999, 66.637, 68.277000000000001, 94.948999999999998, 104.236, 120.23, 165.48699999999999, 245.84, 261.56,
      ],
      fit: null,
    },
  },
  {
    file: "data/web-steady.csv",
    q: 0.9,
    qx: true,
    cmd: "Rscript scripts/r/headroom-golden.R data/web-steady.csv throughput response_ms 0.9 qx",
    want: {
      rows: 1440,
      kept: 1279,
      throughputHist: {
        breaks: [50, 100, 150, 200, 250, 300, 350, 400, 450, 500, 550, 600, 650, 700, 750, 800, 850],
        counts: [3, 67, 164, 123, 84, 74, 75, 65, 75, 57, 59, 73, 81, 88, 118, 73],
      },
      responseHist: { breaks: [10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110, 120], counts: [18, 460, 230, 142, 85, 81, 74, 61, 53, 46, 29] },
      maxCurve: [
        26.379000000000001, 31.504000000000001, 32.451999999999998, 34.759999999999998, 35.956000000000003, 39.564, 46.014000000000003, 48.682000000000002,
        49.261000000000003, 60.048999999999999, 66.637, 68.277000000000001, 94.948999999999998, 104.236, 117.05500000000001, 117.97799999999999,
      ],
      fit: { intercept: 0.0015871443373253961, slope: -1.8665039511974115e-6, deviance: 307.82465124893332, iterations: 5 },
    },
  },
];

for (const g of golden) {
  test(`headroom analysis of ${g.file} (q=${g.q}${g.qx ? ", qx" : ""}) equals R: ${g.cmd}`, async () => {
    const ts = await loadTimeSeries(g.file);
    compare(analyzeHeadroom(ts, { q: g.q, qx: g.qx }), g.want, g.file);
  });
}

test("rows with a zero or missing value are dropped before trimming; q = 1 keeps all", () => {
  const a = analyzeHeadroom({ throughput: [0, 1, 2, NaN, 4, 5], response: [1, 0, 3, 4, 5, 6] }, { q: 1, fit: false });
  assert.equal(a.kept, 3);
  assert.deepEqual([...a.row], [2, 4, 5]);
  assert.deepEqual([...a.x], [2, 4, 5]);
  assert.equal(a.responseCutoff, null);
  assert.equal(a.fit.ok, false);
});

test("the one-pass clean, trim and copy equal the definition step by step: dirty rows, time, q and qx, and the fit of the kept rows", () => {
  const { uniform } = seededRandom(7);
  const n = 70_000; // above the quantile's bucket threshold: its range comes from the clean pass
  const x = Array.from({ length: n }, (_, i) => (i % 89 === 0 ? 0 : i % 131 === 0 ? NaN : 20 + 900 * uniform()));
  const y = x.map((v, i) => (i % 113 === 0 ? 0 : (1 / Math.sqrt(1e-3 - 9e-7 * (v || 1))) * (0.7 + 0.6 * uniform())));
  const time = x.map((_, i) => 1_700_000_000 + 2 * i);
  for (const [q, qx] of [
    [0.95, false],
    [0.9, true],
    [1, false],
  ] as const) {
    const a = analyzeHeadroom({ throughput: x, response: y, time }, { q, qx });
    // The definition: drop zero and missing values, cut at R's type 7 quantiles of what is left, keep rows below.
    const clean = x.map((_, i) => i).filter((i) => x[i] !== 0 && y[i] !== 0 && !Number.isNaN(x[i]) && !Number.isNaN(y[i]));
    const sorted = (v: number[]) => Float64Array.from(v).sort();
    const yCut = q < 1 ? quantileSorted(sorted(clean.map((i) => y[i])), q) : Infinity;
    const xCut = q < 1 && qx ? quantileSorted(sorted(clean.map((i) => x[i])), q) : Infinity;
    const kept = clean.filter((i) => y[i] < yCut && x[i] < xCut);
    assert.equal(a.usable, clean.length);
    assert.equal(a.throughputPeak, Math.max(...clean.map((i) => x[i])));
    assert.equal(a.responseCutoff, q < 1 ? yCut : null);
    assert.equal(a.throughputCutoff, q < 1 && qx ? xCut : null);
    assert.deepEqual([...a.row], kept);
    assert.deepEqual(
      [...a.x],
      kept.map((i) => x[i]),
    );
    assert.deepEqual(
      [...a.y],
      kept.map((i) => y[i]),
    );
    assert.deepEqual(
      [...a.t!],
      kept.map((i) => time[i]),
    );
    // The fit of the kept rows as the GLM finds it on its own (its checking and summing passes).
    assert.deepEqual(a.fit, fitInverseGaussianGlm(Float64Array.from(a.x), Float64Array.from(a.y)));
  }
});

test("the staircase: largest response per right-closed bin, lowest bin closed, null when empty", () => {
  assert.deepEqual(maxStaircase([0, 1, 1.5, 2, 4], [5, 6, 1, 9, 3], [0, 1, 2, 3, 4]), [6, 9, null, 3]);
});

test("too little data is a DataError, not a crash", () => {
  assert.throws(
    () => analyzeHeadroom({ throughput: [0, 0, 1], response: [1, 2, 3], file: "z.csv" }),
    (e: unknown) => e instanceof DataError && /z.csv: only 1 row left/.test(e.message),
  );
  assert.throws(() => analyzeHeadroom({ throughput: [1, 2], response: [1, 2] }, { q: 0 }), RangeError);
});

test("inputs are not mutated", () => {
  const x = Object.freeze([3, 1, 2, 5, 4, 6, 8, 7]);
  const y = Object.freeze([1, 2, 3, 4, 5, 6, 7, 8]);
  analyzeHeadroom({ throughput: x, response: y });
  assert.deepEqual(x, [3, 1, 2, 5, 4, 6, 8, 7]);
});

/** Varied shapes, seeded: what real headroom plots look like and what breaks naive code. */
function shapes(): Record<string, { x: number[]; y: number[] }> {
  const r = seededRandom(42);
  const gen = (n: number, f: (i: number) => [number, number]) => {
    const x: number[] = [];
    const y: number[] = [];
    for (let i = 0; i < n; i++) {
      const [a, b] = f(i);
      x.push(Number(a.toPrecision(6)));
      y.push(Number(b.toPrecision(6)));
    }
    return { x, y };
  };
  return {
    knee: gen(800, () => {
      const x = 10 + 880 * r.uniform();
      return [x, (20 / Math.sqrt(1 - x / 1000)) * Math.exp(0.1 * r.normal())];
    }),
    linear: gen(500, () => {
      const x = 5 + 400 * r.uniform();
      return [x, 2 + 0.1 * x + r.normal()];
    }),
    decreasing: gen(400, () => {
      const x = 1 + 100 * r.uniform();
      return [x, (50 / (1 + 0.05 * x)) * Math.exp(0.05 * r.normal())];
    }),
    lShaped: gen(600, (i) => {
      if (i % 3 === 0) {
        const x = 1 + 30 * r.uniform();
        return [x, (4000 / x) * Math.exp(0.1 * r.normal())];
      }
      return [700 + 100 * r.uniform(), 5 * Math.exp(0.2 * r.normal())];
    }),
    twoBranches: gen(600, (i) => {
      const x = 10 + 300 * r.uniform();
      return [x, (i % 2 ? 0.05 : 0.2) * x + 1 + 0.3 * Math.abs(r.normal())];
    }),
    integerThroughput: gen(300, () => {
      const x = Math.round(20 + 80 * r.uniform());
      return [x, Math.round(10 + x / 5 + 3 * r.normal())];
    }),
    tinyResponse: gen(400, () => {
      const x = 1e4 + 9e4 * r.uniform();
      return [x, 1e-4 * (1 + x / 2e5) * Math.exp(0.1 * r.normal())];
    }),
    constantResponse: gen(50, (i) => [10 + i, 7]),
  };
}

const hasR = spawnSync("Rscript", ["--version"]).status === 0;

test("varied shapes equal live R: breaks, counts, staircase exactly; fit to 1e-6 where R converges", {
  skip: !hasR && "Rscript not installed",
  timeout: 120_000,
}, () => {
  // Every shape and trim goes to one R process (scripts/r/headroom-golden.R --batch): one R start-up, not 24.
  const cases: { name: string; x: number[]; y: number[]; q: number; qx: boolean }[] = [];
  const dir = tmpDir();
  for (const [name, { x, y }] of Object.entries(shapes())) {
    const file = join(dir, `shape-${name}.csv`);
    writeFileSync(file, "x,y\n" + x.map((v, i) => `${v},${y[i]}`).join("\n") + "\n");
    for (const [q, qx] of [
      [0.95, false],
      [1, false],
      [0.9, true],
    ] as const) {
      cases.push({ name, x, y, q, qx });
    }
  }
  const list = join(dir, "cases.tsv");
  writeFileSync(list, cases.map((c) => [join(dir, `shape-${c.name}.csv`), "x", "y", String(c.q), c.qx ? "qx" : "no"].join("\t") + "\n").join(""));
  const r = spawnSync("Rscript", ["scripts/r/headroom-golden.R", "--batch", list], { encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  const lines = r.stdout.trim().split("\n");
  assert.equal(lines.length, cases.length, r.stdout);
  for (const [i, c] of cases.entries()) {
    const what = `${c.name} q=${c.q}${c.qx ? " qx" : ""}`;
    const want = JSON.parse(lines[i]) as RGolden | { error: string };
    if ("error" in want) {
      // R's chp() stops (e.g. nothing left below the q quantile of a constant response): ours says why.
      assert.throws(
        () => analyzeHeadroom({ throughput: c.x, response: c.y }, { q: c.q, qx: c.qx }),
        DataError,
        `${what}: R failed (${want.error}), so must we`,
      );
      continue;
    }
    compare(analyzeHeadroom({ throughput: c.x, response: c.y }, { q: c.q, qx: c.qx }), want, what);
  }
});

test("chp analyze prints the analysis JSON", async () => {
  const r = await chp("analyze", "data/lock-contention.csv");
  assert.equal(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  for (const k of ["rows", "kept", "throughputHist", "responseHist", "maxCurve", "fit"]) assert.ok(k in j, k);
  for (const k of ["ok", "intercept", "slope", "converged", "iterations", "deviance"]) assert.ok(k in j.fit, `fit.${k}`);
  assert.equal(j.kept, 684);
  const bad = await chp("analyze", "data/lock-contention.csv", "--q", "1.5");
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--q "1.5": expected a number in \(0, 1\]/);
});

test("hooks change nothing: the bins from elsewhere, or none (computed here), and the regions to touch in the order they are filled", () => {
  const { uniform } = seededRandom(11);
  const n = 20_000;
  const x = Array.from({ length: n }, (_, i) => (i % 97 === 0 ? 0 : 50 + 900 * uniform()));
  const y = x.map((v) => (1 / Math.sqrt(1e-3 - 9e-7 * v)) * (0.7 + 0.6 * uniform()));
  const time = x.map((_, i) => 1_700_000_000 + i);
  const input = { throughput: x, response: y, time };
  const plain = analyzeHeadroom(input);
  const touched: { bytes: number[]; buffers: SharedArrayBuffer[] }[] = [];
  const elsewhere = analyzeHeadroom(
    input,
    {},
    {
      touch: (regions) => touched.push({ bytes: regions.map((r) => r.bytes), buffers: regions.map((r) => r.buffer) }),
      bins: (kx, ky) => () => headroomBins(kx, ky),
    },
  );
  assert.deepEqual(elsewhere, plain);
  const failed = analyzeHeadroom(input, {}, { bins: () => () => null });
  assert.deepEqual(failed, plain);
  assert.deepEqual(analyzeHeadroom(input, {}, { bins: () => null }), plain);

  // Kept rows about q of the usable ones: row (Int32), x, y together; then t; then the GLM's W and z.
  const usable = n - Math.ceil(n / 97);
  const expected = Math.ceil(0.95 * usable) + 1;
  assert.equal(touched.length, 3);
  assert.deepEqual(touched[0].bytes, [4 * expected, 8 * expected, 8 * expected]);
  assert.deepEqual(touched[1].bytes, [8 * expected]);
  assert.deepEqual(touched[2].bytes, [8 * expected, 8 * expected]);
  assert.equal(touched[0].buffers[1], elsewhere.x.buffer, "the kept throughput is the second region");
  assert.equal(touched[1].buffers[0], elsewhere.t!.buffer, "then the kept time");
  assert.ok(elsewhere.kept <= expected);

  // No fit: nothing for the GLM to touch.
  const noFit: number[] = [];
  analyzeHeadroom(input, { fit: false, q: 1 }, { touch: (regions) => noFit.push(regions.length) });
  assert.deepEqual(noFit, [3, 1]);
});
