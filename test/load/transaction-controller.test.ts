/**
 * JMeter Transaction Controller samples (responseMessage "Number of samples in transaction : N,
 * number of failing samples : M") time requests that have rows of their own: chp leaves them out of
 * the totals and intervals, as JMeter's dashboard leaves them out of its Total row, and keeps them as
 * their own labels with --by-label. Golden values: the statistics.json JMeter's dashboard made from
 * each file (../shared/data/real/peers/jmeter, see peers/README.md).
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { readRequestLog } from "../../src/load/request-log.js";
import { distributionStats } from "../../src/load/intervals.js";
import { isTransactionMessage } from "../../src/load/request-sink.js";
import { openInput } from "../../src/load/open-input.js";
import { chp } from "../helpers/cli.js";
import { realData } from "../helpers/real.js";

const jmeter = (f: string) => join(realData, "peers/jmeter", f);
/** HdrHistogram at 3 significant digits reports a bucket's highest equivalent value: within 0.1% of the raw value. */
const near = (actual: number, expected: number, what: string) =>
  assert.ok(Math.abs(actual - expected) <= 1e-3 * expected, `${what}: ${actual} is not within 0.1% of ${expected}`);
const statistics = (f: string) =>
  JSON.parse(readFileSync(jmeter(f), "utf8")) as Record<string, { sampleCount: number; errorCount: number; maxResTime: number; minResTime: number }>;

test("a Transaction Controller's message is told from a sampler's", () => {
  assert.ok(isTransactionMessage("Number of samples in transaction : 3, number of failing samples : 0"));
  assert.ok(!isTransactionMessage("OK"));
  assert.ok(!isTransactionMessage("Number of samples in transaction"));
});

for (const [file, stats, rows, controller] of [
  ["ajs.jtl", "ajs.statistics.json", 115, "Test"],
  ["bijoya.csv", "bijoya.statistics.json", 13, "Test"],
] as const) {
  test(`${file}: ${rows} rows, one Transaction Controller sample; the total is JMeter's Total row (ajs.statistics.json: 114 of 115)`, async () => {
    const st = statistics(stats);
    // JMeter's Total row: every sample but the controller's (sampleCount includes failures)
    assert.equal(st.Total.sampleCount, rows - 1);
    assert.equal(st[controller].sampleCount, 1);
    const set = await readRequestLog(openInput(jmeter(file)), file);
    const total = distributionStats(set.total);
    assert.equal(total.count + set.totalErrors, st.Total.sampleCount);
    assert.equal(set.totalErrors, st.Total.errorCount);
    // the max is a request's, not the whole transaction's
    near(total.max, st.Total.maxResTime, "max");
    near(total.min, st.Total.minResTime, "min");
    assert.ok(set.warnings?.some((w) => /1 JMeter Transaction Controller sample \("Test"\) left out of the totals/.test(w)));
  });

  test(`${file} --by-label: the controller is its own label, the overall total and intervals unchanged`, async () => {
    const plain = await readRequestLog(openInput(jmeter(file)), file);
    const byLabel = await readRequestLog(openInput(jmeter(file)), file, { byLabel: true });
    assert.deepEqual(distributionStats(byLabel.total), distributionStats(plain.total));
    assert.deepEqual(byLabel.intervals, plain.intervals);
    const st = statistics(stats);
    const tc = byLabel.labels!.find((l) => l.label === controller)!;
    assert.equal(distributionStats(tc.total).count, 1);
    near(distributionStats(tc.total).max, st[controller].maxResTime, "controller max");
    // every other label as JMeter counts it
    for (const l of byLabel.labels!) assert.equal(distributionStats(l.total).count + l.totalErrors, st[l.label].sampleCount, l.label);
  });
}

test("--label naming the controller reads its samples", async () => {
  const set = await readRequestLog(openInput(jmeter("ajs.jtl")), "ajs.jtl", { label: "Test" });
  assert.equal(distributionStats(set.total).count, 1);
  near(distributionStats(set.total).max, 29831, "max");
});

test("chp summary --json of ajs.jtl: count 114 as JMeter's Total row (115 rows), and the note on stderr", async () => {
  const r = await chp("summary", jmeter("ajs.jtl"), "--json");
  assert.equal(r.code, 0, r.stderr);
  const total = JSON.parse(r.stdout).total;
  assert.equal(total.count, 114);
  near(total.max, 12600, "max (JMeter's Total maxResTime 12600; 29831 is the transaction's)");
  assert.match(r.stderr, /Transaction Controller sample \("Test"\) left out/);
});
