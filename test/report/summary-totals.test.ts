/**
 * One `total` shape for `chp summary --json`, whatever the format: count (successful requests),
 * errors, errorRate = errors / (count + errors), min, max, mean, p50, p90, p95, p99, p999; null where
 * the format does not carry the value (an HdrHistogram log counts no failures; a Locust history's
 * cumulative columns give no percentile beyond the median).
 */
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { chp } from "../helpers/cli.js";
import { realData } from "../helpers/real.js";

const shape = ["count", "errors", "errorRate", "min", "max", "mean", "p50", "p90", "p95", "p99", "p999"];

const files: [string, { errors: boolean; p95: boolean }][] = [
  ["hdrhistogram/jHiccup-2.0.7S.logV2.hlog", { errors: false, p95: true }],
  ["hdrhistogram/percentiles-example1.hgrm", { errors: false, p95: true }],
  ["peers/jmeter/arifa.csv", { errors: true, p95: true }],
  ["peers/jmeter/hailstorm-excerpt.xml.jtl", { errors: true, p95: true }],
  ["formats/gatling/abhijeet_3.7.4_simulation.log", { errors: true, p95: true }],
  ["formats/locust/nfilonov_locust_stats.csv", { errors: true, p95: true }],
  ["formats/locust/nfilonov_locust_stats_history.csv", { errors: true, p95: false }],
  ["formats/ab/local_ab2.3_stdout.txt", { errors: true, p95: true }],
  ["formats/ab/local_ab2.3_g.tsv", { errors: true, p95: true }],
  ["formats/wrk2/polis_stage4_allocGet.md", { errors: true, p95: true }],
  ["formats/wrk/local_wrk4.1.0_latency.txt", { errors: true, p95: false }],
];

for (const [name, has] of files) {
  const file = join(realData, name);
  test(`summary --json of ${name}: the one total shape`, { skip: !existsSync(file) && `${file} not present` }, async () => {
    const r = await chp("summary", file, "--json");
    assert.equal(r.code, 0, r.stderr);
    const { total } = JSON.parse(r.stdout);
    assert.deepEqual(Object.keys(total), shape);
    if (has.errors) {
      assert.equal(typeof total.errors, "number");
      assert.equal(total.errorRate, total.count + total.errors === 0 ? null : total.errors / (total.count + total.errors));
    } else {
      assert.equal(total.errors, null);
      assert.equal(total.errorRate, null);
    }
    assert.equal(total.p95 !== null, has.p95, `p95 ${total.p95}`);
  });
}

test("summary of a JTL with failures: errors and errorRate in the total and in each label's total; the text shows them", async () => {
  const file = join(realData, "peers/jmeter/arifa.csv");
  const j = JSON.parse((await chp("summary", file, "--json", "--by-label")).stdout);
  // arifa.statistics.json Total: sampleCount 1550, errorCount 122 (no Transaction Controller samples in this file)
  assert.equal(j.total.errors, 122);
  assert.equal(j.total.count, 1550 - 122);
  assert.equal(j.total.errorRate, 122 / 1550);
  let errors = 0;
  for (const l of Object.values(j.labels) as { total: { errors: number } }[]) errors += l.total.errors;
  assert.equal(errors, 122);
  const t = await chp("summary", file, "--by-label");
  assert.match(t.stdout, /count +errors +errorRate +min +max +mean +p50 +p90 +p95 +p99 +p999\ntotal +1428 +122 +0\.07871 /);
});
