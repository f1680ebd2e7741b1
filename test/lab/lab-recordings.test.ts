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

async function analyze(pattern: string) {
  const r = await chp("analyze", `data/lab/${pattern}.csv`);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout);
}

for (const pattern of patterns) {
  test(`chp analyze data/lab/${pattern}.csv labels it ${pattern}`, async () => {
    const a = await analyze(pattern);
    assert.equal(a.pattern.label, pattern, `scores ${JSON.stringify(a.pattern.scores)}; ${a.pattern.evidence.join("; ")}`);
  });
}

for (const pattern of ["well-behaved", "lock-contention"] as const) {
  test(`the headroom estimate of data/lab/${pattern}.csv is within 15% of its configured capacity`, async () => {
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
