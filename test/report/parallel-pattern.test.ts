/**
 * The pattern classified on a worker thread (src/report/parallel-pattern.ts) is classifyPattern's
 * own result. The worker runs from the build (dist/), which `npm test` makes first.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { classifyPattern } from "../../src/headroom/classify-pattern.js";
import { simulatePattern } from "../../src/headroom/simulate.js";
import { builtModule } from "../helpers/built.js";

test("classifyInParallel: the worker's pattern equals classifyPattern's; small series stay on this thread", async (t) => {
  if (!existsSync("dist/report/parallel-pattern.js")) return t.skip("dist/ not built (npm run build)");
  const { classifyInParallel } = await builtModule<typeof import("../../src/report/parallel-pattern.js")>("report/parallel-pattern.js");
  const sim = simulatePattern("looping-autoscaled", { seed: 5 });
  const series = { throughput: sim.throughput, response: sim.response, time: sim.time };
  const pending = classifyInParallel(series, { responseUnit: "ms" }, 0);
  assert.deepStrictEqual(await pending.result(), classifyPattern(series, { responseUnit: "ms" }));
  assert.equal(pending.ranOn, "worker");
  const small = classifyInParallel(series, {}, Infinity);
  assert.deepStrictEqual(await small.result(), classifyPattern(series, {}));
  assert.equal(small.ranOn, "this thread");
});
