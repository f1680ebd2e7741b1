/**
 * The headroom bootstrap split over two threads (src/report/parallel-headroom.ts) gives
 * estimateHeadroom's own estimate, bit for bit: resample b draws the same uniforms on either
 * thread. The worker runs from the build (dist/), which `npm test` makes first.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { analyzeHeadroom } from "../../src/headroom/analyze.js";
import { bootstrapResamples, estimateHeadroom, headroomSteps } from "../../src/headroom/estimate-headroom.js";
import { simulatePattern } from "../../src/headroom/simulate.js";

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

test("estimateHeadroomInParallel: the worker's half joined gives estimateHeadroom's estimate exactly", async (t) => {
  if (!existsSync("dist/report/parallel-headroom.js")) return t.skip("dist/ not built (npm run build)");
  const built = (await import("../../dist/report/parallel-headroom.js" as string)) as typeof import("../../src/report/parallel-headroom.js");
  const job = headroomSteps(analysis, { responseSeconds: 0.001 }).next().value;
  assert.ok(job !== undefined && "from" in job);
  const split = await built.runSplit(job, 0);
  assert.equal(split.threads, 2, "the worker ran its half");
  assert.deepStrictEqual(split.result, bootstrapResamples(job));
  assert.deepStrictEqual(
    await built.estimateHeadroomInParallel(analysis, { responseSeconds: 0.001 }, 0),
    estimateHeadroom(analysis, { responseSeconds: 0.001 }),
  );
  const here = await built.runSplit(job, Infinity);
  assert.equal(here.threads, 1);
});
