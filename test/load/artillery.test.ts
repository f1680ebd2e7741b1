/**
 * Artillery JSON reports. 1.x: the real bank_artillery1_report.json (../shared/data/real/formats/artillery),
 * its raw latencies (ns) against the report's own summaries in ms (`aggregate` and each intermediate
 * entry's `latency`, which Artillery rounds to 0.1 ms): count, min, max, median, p95, p99 of the
 * aggregate agree within that rounding and HdrHistogram's 3 significant digits. Per entry, count, min
 * and max agree; Artillery's per-entry percentiles interpolate between ranks (its p99 of entry 0 is
 * 13.2 where the raw values next to it are 9 and 17; nearest rank gives 17), chp's are nearest-rank values of the raw latencies, so
 * they are compared with the raw values. 2.x: a hand-made report
 * (test/fixtures/artillery/README.md says how it was made).
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { DataError } from "../../src/errors.js";
import { readArtillery1, readArtillery2 } from "../../src/load/artillery.js";
import { distributionStats } from "../../src/load/intervals.js";
import { loadInputs } from "../../src/load/load-inputs.js";
import { chp } from "../helpers/cli.js";
import { realData } from "../helpers/real.js";
import { tmpDir } from "../helpers/tmp.js";

async function* chunked(text: string | Buffer, size = 65536): AsyncIterable<Buffer> {
  const b = Buffer.from(text);
  for (let i = 0; i < b.length; i += size) yield b.subarray(i, i + size);
}

const v1 = join(realData, "formats/artillery/bank_artillery1_report.json");
const v2 = "test/fixtures/artillery/artillery2_report.json";
const report1 = JSON.parse(readFileSync(v1, "utf8"));

/** Agree within Artillery's 0.1 ms rounding plus HdrHistogram's relative 1/1024 (3 significant digits). */
const agrees = (chp: number, tool: number) => Math.abs(chp - tool) <= 0.05 + tool / 1024;

test("Artillery 1.x: count, errors, min, max, median, p95, p99 agree with the report's own aggregate (ms)", async () => {
  const set = await readArtillery1(chunked(readFileSync(v1), 1000), "report.json");
  const s = distributionStats(set.total, set.scale);
  const a = report1.aggregate;
  assert.equal(s.count, a.requestsCompleted); // 7200
  assert.equal(
    set.totalErrors,
    Object.values(a.errors as Record<string, number>).reduce((x, y) => x + y, 0),
  ); // 0
  assert.deepEqual(a.latency, { min: 1, max: 175, median: 4, p95: 7, p99: 13 });
  assert.ok(agrees(s.min, a.latency.min), `min ${s.min}`);
  assert.ok(agrees(s.max, a.latency.max), `max ${s.max}`); // 175.103: 175 ms's HdrHistogram bucket
  assert.ok(agrees(s.p50, a.latency.median), `p50 ${s.p50}`);
  assert.ok(agrees(s.p95, a.latency.p95), `p95 ${s.p95}`);
  assert.ok(agrees(s.p99, a.latency.p99), `p99 ${s.p99}`);
  assert.equal(set.format, "artillery1");
  assert.equal(set.unit, "ms");
});

test("Artillery 1.x: one interval per intermediate entry, each with its own count, min, max and median", async () => {
  const set = await readArtillery1(chunked(readFileSync(v1)), "report.json");
  assert.equal(set.intervals.length, report1.intermediate.length); // 37
  set.intervals.forEach((i, k) => {
    const e = report1.intermediate[k];
    assert.equal(i.count, e.requestsCompleted, `entry ${k}`);
    assert.equal(i.count, e.latencies.length, `entry ${k}`);
    assert.ok(agrees(i.max, e.latency.max), `entry ${k} max ${i.max} vs ${e.latency.max}`);
    assert.ok(agrees(i.min, e.latency.min), `entry ${k} min ${i.min} vs ${e.latency.min}`);
    // medians differ by definition where the count is even: chp's is the lower middle value (nearest
    // rank, HdrHistogram), Artillery's lies between the two middle ones (3.5 of 3 and 4 in entry 23)
    const sorted = (e.latencies as number[]).map((ns) => ns / 1e6).sort((a, b) => a - b);
    const lower = sorted[Math.ceil(sorted.length / 2) - 1];
    const upper = sorted[Math.floor(sorted.length / 2)];
    assert.ok(agrees(i.p50, lower), `entry ${k} median ${i.p50} vs ${lower}`);
    assert.ok(e.latency.median >= lower && e.latency.median <= upper, `entry ${k}`);
    // an entry ends at its timestamp
    assert.ok(Math.abs(i.start + i.length - Date.parse(e.timestamp) / 1000) < 1e-3, `entry ${k}`);
  });
  // every 10 s, the first one too; the last entry is the run's final flush, 0.515 s after the one before
  assert.ok(Math.abs(set.intervals[0].length - 9.996) < 1e-6);
  assert.ok(Math.abs(set.intervals[36].length - 0.515) < 1e-6);
});

test("Artillery 1.x older shape: latencies as [start ms, id, latency ns, code]; errors {code: n} counted apart; ms-valued latencies refused", async () => {
  const report = (latencies: unknown[], max: number, errors = {}) =>
    JSON.stringify({
      aggregate: { timestamp: "2018-03-12T15:40:39.730Z", scenariosCreated: 3, requestsCompleted: 3, latency: { min: 78.6, max, median: 87.7 } },
      intermediate: [
        { timestamp: "2018-03-12T15:39:49.223Z", scenariosCreated: 3, requestsCompleted: 3, latency: { min: 78.6, max, median: 87.7 }, errors, latencies },
      ],
    });
  const tuples = [
    [1520869180404, "90f75f92", 152957780, 201],
    [1520869181315, "22dc2d5c", 87685426, 200],
    [1520869182304, "779d54de", 78566901, 201],
  ];
  const set = await readArtillery1(chunked(report(tuples, 153, { ECONNREFUSED: 2 })), "old.json");
  assert.equal(set.total.totalCount, 3);
  assert.equal(set.totalErrors, 2);
  assert.equal(set.intervals[0].length, 10);
  assert.ok(agrees(distributionStats(set.total, set.scale).max, 152.958));
  await assert.rejects(
    readArtillery1(chunked(report([152.9, 87.7, 78.6], 153)), "ms.json"),
    (e: unknown) =>
      e instanceof DataError &&
      /^ms\.json: Artillery report intermediate\[0\]: the raw latencies' largest \(152\.9\) is not the entry's own latency\.max \(153 ms\) in ns/.test(
        e.message,
      ),
  );
  await assert.rejects(
    readArtillery1(chunked(report(["fast"], 153)), "bad.json"),
    (e: unknown) => e instanceof DataError && /intermediate\[0\]: latencies\[0\] is "fast", not a latency in ns/.test(e.message),
  );
  await assert.rejects(
    readArtillery1(chunked('{"aggregate": {"requestsCompleted": 3}, "intermediate": [{"timest'), "cut.json"),
    (e: unknown) => e instanceof DataError && /^cut\.json(:1)?: not an Artillery report: JSON syntax error/.test(e.message),
  );
});

test("Artillery 2.x (hand-made): a time series of the per-period http.response_time statistic; totals from the aggregate", async () => {
  const r = await readArtillery2(chunked(readFileSync(v2), 100), "report2.json");
  assert.equal(r.response, "p50");
  assert.deepEqual([...r.series.response], [232.8, 236.5, 230.3, 233.8]);
  // 49 responses over the 4.97 s after firstMetricAt; 100 per 10 s; 31 over the 3.012 s before lastMetricAt
  const want = [49 / 4.97, 10, 10, 31 / 3.012];
  r.series.throughput.forEach((t, k) => assert.ok(Math.abs(t - want[k]) < 1e-6, `${k}: ${t}`));
  assert.deepEqual([...r.series.time!], [1737045320, 1737045330, 1737045340, 1737045350]);
  assert.deepEqual(r.totals, {
    source: "Artillery's aggregate http.response_time summary and errors.* counters",
    unit: "ms",
    count: 280,
    errors: 2,
    min: 219,
    max: 1120,
    mean: 248.3,
    p50: 232.8,
  });
  const p99 = await readArtillery2(chunked(readFileSync(v2)), "report2.json", { response: "p99" });
  assert.deepEqual([...p99.series.response], [415.8, 1107.9, 391.6, 301]);
  const loaded = await loadInputs(v2, { response: "mean" });
  assert.equal(loaded.kind, "series");
  assert.equal(loaded.format, "artillery2");
  if (loaded.kind === "series") assert.deepEqual([...loaded.series.response], [241.3, 262.9, 240.2, 238.7]);
  const noMean = JSON.stringify({ aggregate: { counters: {} }, intermediate: [{ period: 1, summaries: { "http.response_time": { count: 2, p50: 3 } } }] });
  await assert.rejects(
    readArtillery2(chunked(noMean), "old2.json", { response: "mean" }),
    (e: unknown) => e instanceof DataError && /intermediate\[0\]: http\.response_time has no mean/.test(e.message),
  );
});

const v2Endpoints = "test/fixtures/artillery/artillery2_endpoints_report.json";

test("Artillery 2.x --label: one endpoint's metrics-by-endpoint summaries as the series, its aggregate and errors as the totals", async () => {
  const r = await readArtillery2(chunked(readFileSync(v2Endpoints), 100), "report2.json", { label: "/pony" });
  // the file's plugins.metrics-by-endpoint.response_time./pony p50 per bucket
  assert.deepEqual([...r.series.response], [246.8, 250.7, 244.1, 247.8]);
  const want = [24 / 4.97, 5, 5, 15 / 3.012];
  r.series.throughput.forEach((t, k) => assert.ok(Math.abs(t - want[k]) < 1e-6, `${k}: ${t}`));
  assert.equal(r.series.columns.response, "plugins.metrics-by-endpoint.response_time./pony p50");
  // the aggregate's plugins.metrics-by-endpoint.response_time./pony, and plugins.metrics-by-endpoint./pony.errors.ETIMEDOUT
  assert.deepEqual(r.totals, {
    source: "Artillery's aggregate plugins.metrics-by-endpoint.response_time./pony summary and plugins.metrics-by-endpoint./pony.errors.* counters",
    unit: "ms",
    count: 139,
    errors: 2,
    min: 230,
    max: 1120,
    mean: 263.2,
    p50: 246.8,
  });
  const dino = await readArtillery2(chunked(readFileSync(v2Endpoints)), "report2.json", { label: "/dino", response: "p99" });
  assert.deepEqual([...dino.series.response], [399.2, 1008, 375.9, 270.9]);
  assert.equal(dino.totals.count, 141);
  assert.equal(dino.totals.errors, 0);
  // without --label: the whole run, as from the report without the plugin's metrics
  const all = await readArtillery2(chunked(readFileSync(v2Endpoints)), "report2.json");
  assert.deepEqual([...all.series.response], [232.8, 236.5, 230.3, 233.8]);
  assert.equal(all.totals.count, 280);
  // http.response_time.2xx (by status class) is not an endpoint
  await assert.rejects(
    readArtillery2(chunked(readFileSync(v2Endpoints)), "report2.json", { label: "/cat" }),
    (e: unknown) =>
      e instanceof DataError &&
      /^report2\.json: --label "\/cat": no such endpoint in this Artillery report; its endpoints are "\/dino", "\/pony"$/.test(e.message),
  );
  await assert.rejects(
    readArtillery2(chunked(readFileSync(v2)), "plain.json", { label: "/dino" }),
    (e: unknown) => e instanceof DataError && /plain\.json: --label "\/dino": this Artillery report holds no per-endpoint metrics/.test(e.message),
  );
  const s = await chp("summary", v2Endpoints, "--label", "/dino", "--json");
  assert.equal(s.code, 0, s.stderr);
  assert.equal(JSON.parse(s.stdout).total.count, 141);
  const bad = await chp("summary", v2Endpoints, "--label", "/cat");
  assert.equal(bad.code, 3, bad.stderr);
  assert.match(bad.stderr, /its endpoints are "\/dino", "\/pony"/);
  const p = await chp("plot", v2Endpoints, "--label", "/pony", "-o", join(tmpDir(), "pony.png"));
  assert.equal(p.code, 0, p.stderr);
  const one = await chp("summary", v1, "--label", "x");
  assert.equal(one.code, 2, one.stderr); // 1.x reports have no per-endpoint latencies: a usage error
});

test("chp summary and plot read both Artillery reports; the sniff tells 1.x from 2.x", async () => {
  assert.equal((await loadInputs(v1)).format, "artillery1");
  const dir = tmpDir();
  for (const f of [v1, v2]) {
    const s = await chp("summary", f, "--json");
    assert.equal(s.code, 0, s.stderr);
    const p = await chp("plot", f, "-o", join(dir, "a.png"));
    assert.equal(p.code, 0, p.stderr);
  }
  const s1 = JSON.parse((await chp("summary", v1, "--json")).stdout);
  assert.equal(s1.total.count, 7200);
});
