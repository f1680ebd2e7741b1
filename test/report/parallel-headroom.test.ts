/**
 * The headroom estimate on a worker thread, started on the kept rows and its bootstrap shared
 * with the main thread (src/report/parallel-headroom.ts), gives estimateHeadroom's own estimate,
 * bit for bit: resample b draws the same uniforms on either thread, and the estimates are read
 * back in resample order. The worker runs from the build (dist/), which `npm test` makes first.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { analyzeHeadroom } from "../../src/headroom/analyze.js";
import {
  bootstrapResamples,
  estimateHeadroom,
  estimateSteps,
  fitWanted,
  headroomSteps,
  sharedResamples,
  sharedResult,
} from "../../src/headroom/estimate-headroom.js";
import { simulatePattern } from "../../src/headroom/simulate.js";
import { builtModule } from "../helpers/built.js";

const sim = simulatePattern("well-behaved", { seed: 11, intervals: [30_000, 30_000] });
const analysis = analyzeHeadroom({ throughput: sim.throughput, response: sim.response, time: sim.time });

test("bootstrap resamples run in two ranges and joined: the estimates of one run, in order", () => {
  const job = headroomSteps(analysis, { responseSeconds: 0.001 }).next().value;
  assert.ok(job !== undefined && "from" in job, "a bootstrapped estimate");
  const whole = bootstrapResamples(job);
  const a = bootstrapResamples({ ...job, to: 7 });
  const b = bootstrapResamples({ ...job, from: 7 });
  assert.deepStrictEqual(
    a.samples.map((s, k) => s.concat(b.samples[k])),
    whole.samples,
  );
  assert.equal(a.failed + b.failed, whole.failed);
  assert.ok(whole.samples[0].length >= job.to - job.from - whole.failed);
});

test("shared resamples: taken from the counter, read back in resample order, the result of one run", () => {
  const job = headroomSteps(analysis, { responseSeconds: 0.001 }).next().value;
  assert.ok(job !== undefined && "from" in job);
  const shared = { ...job, shared: sharedResamples(job) };
  // Resamples 0..4 taken by another thread first (the counter past them): this thread takes the rest.
  Atomics.store(shared.shared.next, 0, 5);
  bootstrapResamples(shared);
  assert.ok(Atomics.load(shared.shared.next, 0) >= job.to - job.from, "the counter past the last resample");
  const m = job.methods.length;
  assert.ok(shared.shared.estimates.subarray(0, 5 * m).every(Number.isNaN), "the resamples taken before left to their thread");
  bootstrapResamples({ ...job, to: 5, shared: { next: new Int32Array(1), estimates: shared.shared.estimates } });
  const whole = bootstrapResamples(job);
  assert.deepStrictEqual(sharedResult(shared), whole);
  // All on one thread: the plain run exactly.
  const one = { ...job, shared: sharedResamples(job) };
  bootstrapResamples(one);
  assert.deepStrictEqual(sharedResult(one), whole);
});

test("estimateSteps asks for the analysis's fit only where the fits read the rows' own throughput", () => {
  // Enough requests per interval at the peak (60 s intervals, ~90 req/s): no moving mean, the analysis's curve is the estimate's.
  const steps = estimateSteps(analysis, { responseSeconds: 0.001 });
  assert.equal(steps.next().value, fitWanted);
  const job = steps.next(analysis.fit).value;
  assert.ok(job !== undefined && typeof job === "object" && "from" in job);
  // Counting noise at the peak (a moving mean of throughput): the curve is refitted, no question asked.
  const smoothed = estimateSteps(analysis, { responseSeconds: 0.001, minPeakCount: 100_000 }).next().value;
  assert.ok(smoothed !== undefined && typeof smoothed === "object" && "from" in smoothed);
});

test("startHeadroom: on a worker from the kept rows, the main thread sharing the bootstrap, estimateHeadroom's estimate exactly", async (t) => {
  if (!existsSync("dist/report/parallel-headroom.js")) return t.skip("dist/ not built (npm run build)");
  const built = await builtModule<typeof import("../../src/report/parallel-headroom.js")>("report/parallel-headroom.js");
  for (const [a, options] of [
    // Asks the main thread for the analysis's fit.
    [analysis, { responseSeconds: 0.001 }],
    // Refits on the moving mean of throughput: asks nothing.
    [analysis, { responseSeconds: 0.001, minPeakCount: 100_000 }],
  ] as const) {
    for (const early of [false, true]) {
      const pending = built.startHeadroom(options, a.x.length, 0);
      assert.equal(pending.onWorker, true);
      pending.rows(a);
      // The fit sent before it is asked for (or never asked for), or when asked.
      if (early) pending.fit(a.fit);
      assert.deepStrictEqual(await pending.result(a), estimateHeadroom(a, options));
      assert.equal(pending.ranOn, "worker");
    }
  }
  assert.deepStrictEqual(
    await built.estimateHeadroomInParallel(analysis, { responseSeconds: 0.001 }, 0),
    estimateHeadroom(analysis, { responseSeconds: 0.001 }),
  );
  const here = built.startHeadroom({ responseSeconds: 0.001 }, analysis.x.length, Infinity);
  assert.equal(here.onWorker, false);
  here.rows(analysis);
  here.fit(analysis.fit);
  assert.deepStrictEqual(await here.result(analysis), estimateHeadroom(analysis, { responseSeconds: 0.001 }));
  assert.equal(here.ranOn, "this thread");
  // Cancelled before the rows (the analysis failed): no estimate is waited for.
  built.startHeadroom({ responseSeconds: 0.001 }, analysis.x.length, 0).cancel();
});

test("headroomRun: the estimate on a worker and the pattern on the main thread give the report of one thread, with and without an SLA", async (t) => {
  if (!existsSync("dist/report/headroom-report.js")) return t.skip("dist/ not built (npm run build)");
  const built = await builtModule<typeof import("../../src/report/headroom-report.js")>("report/headroom-report.js");
  for (const sla of [undefined, "400ms"]) {
    const threads = await built.headroomRun("data/web-steady.csv", { parallelAbove: 0, sla });
    const one = await built.headroomRun("data/web-steady.csv", { parallelAbove: Infinity, sla });
    assert.ok(threads.headroom?.bounded && threads.pattern !== null);
    assert.deepStrictEqual(threads.report, one.report);
  }
});
