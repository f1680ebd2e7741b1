/**
 * `chp summary --like jmeter` against JMeter's own dashboard: each statistics.json in
 * ../shared/data/real/peers/jmeter was written by JMeter's report generator from the result file
 * beside it (sources in peers/README.md). Every label's row and the Total row must be equal, value
 * for value (sampleCount, errorCount, errorPct, meanResTime, medianResTime, minResTime, maxResTime,
 * pct1/2/3ResTime = p90/p95/p99, throughput), read from statistics.json when the test runs.
 */
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { summaryJson, summaryReport } from "../../src/report/summary-report.js";
import { JmeterStatistics, javaFloat, legacyPercentile } from "../../src/stats/jmeter-statistics.js";
import { chp } from "../helpers/cli.js";
import { realData } from "../helpers/real.js";

const peers = join(realData, "peers/jmeter");

interface JmeterJsonRow {
  transaction: string;
  sampleCount: number;
  errorCount: number;
  errorPct: number;
  meanResTime: number;
  medianResTime: number;
  minResTime: number;
  maxResTime: number;
  pct1ResTime: number;
  pct2ResTime: number;
  pct3ResTime: number;
  throughput: number;
}

/** chp's key -> statistics.json's key. */
const keyOf = {
  count: "sampleCount",
  errors: "errorCount",
  errorPct: "errorPct",
  mean: "meanResTime",
  p50: "medianResTime",
  min: "minResTime",
  max: "maxResTime",
  p90: "pct1ResTime",
  p95: "pct2ResTime",
  p99: "pct3ResTime",
  throughput: "throughput",
} as const;

function assertRow(actual: Record<string, number | null>, expected: JmeterJsonRow, what: string): void {
  for (const [k, j] of Object.entries(keyOf)) assert.equal(actual[k], expected[j], `${what}: ${k} (statistics.json ${j})`);
}

for (const [data, stats] of [
  ["ajs.jtl", "ajs.statistics.json"],
  ["arifa.csv", "arifa.statistics.json"],
  ["bijoya.csv", "bijoya.statistics.json"],
] as const) {
  const file = join(peers, data);
  test(`--like jmeter --by-label reproduces JMeter's ${stats} exactly, every label and the Total row`, {
    skip: !existsSync(file) && `${file} not present`,
  }, async () => {
    const expected = JSON.parse(readFileSync(join(peers, stats), "utf8")) as Record<string, JmeterJsonRow>;
    const r = await chp("summary", file, "--like", "jmeter", "--by-label", "--json");
    assert.equal(r.code, 0, r.stderr);
    const j = JSON.parse(r.stdout) as { like: string; unit: string; total: Record<string, number>; labels: Record<string, { total: Record<string, number> }> };
    assert.equal(j.like, "jmeter");
    assert.equal(j.unit, "ms");
    assertRow(j.total, expected.Total, "Total");
    const labels = Object.keys(expected).filter((k) => k !== "Total");
    assert.deepEqual(Object.keys(j.labels).sort(), labels.sort());
    for (const l of labels) assertRow(j.labels[l].total, expected[l], l);
    // the library gives the same JSON
    const lib = summaryJson(await summaryReport(file, { like: "jmeter", byLabel: true }));
    assert.equal(lib + "\n", r.stdout);
  });
}

test("--like jmeter without --by-label: the Total row alone (arifa: 1550 samples, 122 errors, JMeter's errorPct 7.870968)", async () => {
  const r = await chp("summary", join(peers, "arifa.csv"), "--like", "jmeter", "--json");
  assert.equal(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  assert.deepEqual(Object.keys(j), ["like", "unit", "total"]);
  assert.equal(j.total.count, 1550); // arifa.statistics.json Total.sampleCount
  assert.equal(j.total.errors, 122); // Total.errorCount
  assert.equal(j.total.errorPct, 7.870968); // Total.errorPct (a Java float)
  assert.equal(j.total.errorRate, 122 / 1550);
  const text = await chp("summary", join(peers, "arifa.csv"), "--like", "jmeter");
  assert.match(text.stdout, /JMeter's dashboard statistics; times in ms/);
  assert.match(text.stdout, /\nTotal +1550 +122 +7\.871 /);
});

test("chp's default totals vs JMeter's Total row: count + errors = sampleCount (ajs: 114 samples, the Transaction Controller parents left out)", async () => {
  const expected = JSON.parse(readFileSync(join(peers, "ajs.statistics.json"), "utf8")) as Record<string, JmeterJsonRow>;
  const j = JSON.parse((await chp("summary", join(peers, "ajs.jtl"), "--json")).stdout);
  assert.equal(j.total.count + j.total.errors, expected.Total.sampleCount);
  assert.equal(j.total.errors, expected.Total.errorCount);
  assert.equal(j.total.min, expected.Total.minResTime);
  // chp's default statistics come from HdrHistograms of 3 significant digits: the max 12600 reads as
  // the top of its bucket (12607), within 0.1% (README: where chp's numbers differ from JMeter's)
  assert.notEqual(j.total.max, expected.Total.maxResTime);
  assert.ok(Math.abs(j.total.max - expected.Total.maxResTime) <= expected.Total.maxResTime * 1e-3, `max ${j.total.max}`);
});

test("legacyPercentile is R's quantile type 6: arifa's mobile-store label (50 samples)", () => {
  const rows = readFileSync(join(peers, "arifa.csv"), "utf8").trim().split("\n").slice(1);
  const x = rows
    .map((l) => l.split(","))
    .filter((f) => f[2] === "mobile-store")
    .map((f) => Number(f[1]))
    .sort((a, b) => a - b);
  assert.equal(x.length, 50);
  // Rscript -e 'x <- scan("ms.txt"); print(quantile(x, c(0.5,0.9,0.95,0.99), type=6), digits=17)'
  // (ms.txt: the elapsed column of the mobile-store rows), R 4.x:
  // 6009.5000000000000  9395.4999999999982 19564.2499999999782 26349.0000000000000
  assert.equal(legacyPercentile(x, 50), 6009.5);
  assert.equal(legacyPercentile(x, 90), 9395.499999999998);
  assert.equal(legacyPercentile(x, 95), 19564.249999999978);
  assert.equal(legacyPercentile(x, 99), 26349);
});

test("legacyPercentile at the ends and javaFloat as Jackson prints a float", () => {
  assert.equal(legacyPercentile([7], 99), 7);
  assert.equal(legacyPercentile([1, 2], 10), 1); // pos = 0.3 < 1
  assert.equal(legacyPercentile([1, 2], 99), 2); // pos = 2.97 >= n
  assert.ok(Number.isNaN(legacyPercentile([], 50)));
  assert.equal(javaFloat((122 * 100) / 1550), 7.870968);
  assert.equal(javaFloat(0), 0);
  assert.equal(javaFloat(100), 100);
});

test("JMeter's statistic window: percentiles see the last 20,000 samples; count, mean, min and max see all", () => {
  const s = new JmeterStatistics(false, 4);
  for (const [k, v] of [100, 1, 2, 3, 4].entries()) s.sample("a", k * 10, k * 10 + v, v, true, false);
  const { total } = s.rows();
  assert.equal(total.sampleCount, 5);
  assert.equal(total.maxResTime, 100);
  assert.ok(Math.abs(total.meanResTime - 22) < 1e-12); // the running mean of FirstMoment, not sum / n
  assert.equal(total.pct3ResTime, 4); // the 100 left the window of 4
  assert.equal(total.medianResTime, 2.5);
});

test("--like jmeter is a usage error for a format without per-request samples, and for another tool", async () => {
  const h = await chp("summary", join(realData, "hdrhistogram/jHiccup-2.0.7S.logV2.hlog"), "--like", "jmeter");
  assert.equal(h.code, 2);
  assert.match(h.stderr, /--like jmeter: .* holds no per-request samples/);
  const t = await chp("summary", "data/web-steady.csv", "--like", "jmeter");
  assert.equal(t.code, 2);
  const g = await chp("summary", join(peers, "bijoya.csv"), "--like", "gatling");
  assert.equal(g.code, 2);
  assert.match(g.stderr, /--like "gatling": expected jmeter/);
});
