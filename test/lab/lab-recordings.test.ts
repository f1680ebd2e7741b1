/**
 * The committed lab recordings (data/lab, made by `npm run lab`; its README has the commands):
 * `chp analyze` labels each with the pattern its service's mechanism produces, and the headroom
 * estimate of the services with one fixed capacity (the pool, the lock) is within 15% of the
 * capacity their parameters configure (the run's own record, NAME.run.json).
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { chp } from "../helpers/cli.js";

const patterns = ["well-behaved", "lock-contention", "oscillating", "looping-autoscaled"] as const;

/** Where the classifier does not yet give the recording's pattern: why (the test runs, as todo). */
const labelTodo: Partial<Record<(typeof patterns)[number], string>> = {
  "looping-autoscaled":
    "unclassified (lock 0.45, oscillating 0.33, looping 0.14): only 3 level shifts at steady throughput are found " +
    "(2 down, 1 up; the looping score's shifts ramp is [2.5, 5]) although the autoscaler scaled out 11 times and in 9, " +
    "and the seconds-long queues before a scale-out look starved (6% of intervals, log-log slope -0.6), which " +
    "multiplies the looping score by 1 - 0.33",
};

/** Where the estimate is not yet within 15%: why. */
const capacityTodo: Partial<Record<(typeof patterns)[number], string>> = {
  "well-behaved":
    "M/M/c estimate 308 req/s against 200 configured: the knee does not show (-7% across the range), " + "so the queueing fit has nothing to bend on",
};

async function analyze(pattern: string) {
  const r = await chp("analyze", `data/lab/${pattern}.csv`);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout);
}

for (const pattern of patterns) {
  test(`chp analyze data/lab/${pattern}.csv labels it ${pattern}`, { todo: labelTodo[pattern] }, async () => {
    const a = await analyze(pattern);
    assert.equal(a.pattern.label, pattern, `scores ${JSON.stringify(a.pattern.scores)}; ${a.pattern.evidence.join("; ")}`);
  });
}

for (const pattern of ["well-behaved", "lock-contention"] as const) {
  test(`the headroom estimate of data/lab/${pattern}.csv is within 15% of its configured capacity`, { todo: capacityTodo[pattern] }, async () => {
    const run = JSON.parse(readFileSync(`data/lab/${pattern}.run.json`, "utf8"));
    const a = await analyze(pattern);
    const estimate = a.headroom.maxUsefulThroughput;
    const configured = run.configuredCapacity;
    assert.ok(configured > 0);
    // A lower bound (no knee observed) is the observed peak, not an estimate of the capacity.
    assert.notEqual(a.headroom.method, "lower-bound", `no estimate: ${a.headroom.statement}`);
    assert.ok(Math.abs(estimate / configured - 1) <= 0.15, `estimated ${estimate.toFixed(1)} req/s (${a.headroom.method}), configured ${configured}`);
  });
}
