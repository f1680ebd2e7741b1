/**
 * k6's raw outputs (--out csv, --out json) on the real files in ../shared/data/real/formats/k6, checked
 * against what the files themselves say: the number of http_reqs points (k6 writes one per request,
 * value 1), the http_req_failed points (value 1: a failed request), and the raw http_req_duration
 * values (min, max; chp's HdrHistogram keeps 3 significant digits at microsecond resolution).
 */
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { DataError } from "../../src/errors.js";
import { distributionStats } from "../../src/load/intervals.js";
import { readK6Csv, readK6Json } from "../../src/load/k6-output.js";
import { lineSplitter } from "../../src/load/line-splitter.js";
import { loadInputs } from "../../src/load/load-inputs.js";
import { chp } from "../helpers/cli.js";
import { realData } from "../helpers/real.js";
import { tmpDir } from "../helpers/tmp.js";

async function* chunked(text: string | Buffer, size = 65536): AsyncIterable<Buffer> {
  const b = Buffer.from(text);
  for (let i = 0; i < b.length; i += size) yield b.subarray(i, i + size);
}

const csvFile = join(realData, "formats/k6/finance_k6_out.csv");
const jsonFile = join(realData, "formats/k6/kirilly_k6_out.ndjson");

/** The file's own figures: http_reqs points, failed points, and the http_req_duration values. */
function csvFigures(text: string) {
  const rows = text
    .trim()
    .split("\n")
    .slice(1)
    .map((l) => l.split(","));
  const of = (m: string) => rows.filter((r) => r[0] === m).map((r) => Number(r[2]));
  return { reqs: of("http_reqs").length, failed: of("http_req_failed").filter((v) => v === 1).length, durations: of("http_req_duration") };
}

function jsonFigures(text: string) {
  const points = text
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l))
    .filter((p) => p.type === "Point");
  const of = (m: string) => points.filter((p) => p.metric === m).map((p) => p.data.value as number);
  return { reqs: of("http_reqs").length, failed: of("http_req_failed").filter((v) => v === 1).length, durations: of("http_req_duration") };
}

/** Equal within HdrHistogram's 3 significant digits (values recorded in microseconds). */
const near = (a: number, b: number) => Math.abs(a - b) <= Math.max(b * 1e-3, 0.001);

test("finance_k6_out.csv: one request per http_reqs point (60), none failed; min and max of http_req_duration as in the file", async () => {
  const text = readFileSync(csvFile, "utf8");
  const own = csvFigures(text);
  assert.equal(own.reqs, 60);
  assert.equal(own.durations.length, 60);
  const set = await readK6Csv(chunked(text, 7), "k6.csv");
  const s = distributionStats(set.total, set.scale);
  assert.equal(s.count + set.totalErrors, own.reqs);
  assert.equal(set.totalErrors, own.failed); // 0
  assert.ok(near(s.min, Math.min(...own.durations)), `${s.min}`); // 8.656
  assert.ok(near(s.max, Math.max(...own.durations)), `${s.max}`); // 218.508
  const mean = own.durations.reduce((a, b) => a + b, 0) / own.durations.length;
  assert.ok(Math.abs(s.mean - mean) / mean < 1e-3, `${s.mean} vs ${mean}`);
  assert.equal(set.format, "k6-csv");
  assert.equal(set.unit, "ms");
  // whole-second time stamps: one-second intervals, never shorter
  assert.equal(set.interval, 1);
  assert.equal(
    set.intervals.reduce((a, i) => a + i.count, 0),
    60,
  );
});

test("kirilly_k6_out.ndjson: 21 requests as its 21 http_reqs points, none failed; min and max as in the file", async () => {
  const text = readFileSync(jsonFile, "utf8");
  const own = jsonFigures(text);
  assert.equal(own.reqs, 21);
  const set = await readK6Json(chunked(text, 5), "k6.json");
  const s = distributionStats(set.total, set.scale);
  assert.equal(s.count + set.totalErrors, own.reqs);
  assert.equal(set.totalErrors, own.failed); // 0
  assert.ok(near(s.min, Math.min(...own.durations)), `${s.min}`);
  assert.ok(near(s.max, Math.max(...own.durations)), `${s.max}`);
  const mean = own.durations.reduce((a, b) => a + b, 0) / own.durations.length;
  assert.ok(Math.abs(s.mean - mean) / mean < 1e-3, `${s.mean} vs ${mean}`);
  assert.equal(set.format, "k6-json");
  // the first request ended 2024-08-21T03:13:53.712...-03:00 (RFC 3339 with an offset)
  const first = text.split("\n").find((l) => l.includes('"metric":"http_req_duration","type":"Point"'))!;
  const t = JSON.parse(first).data.time as string;
  assert.ok(Math.abs(set.total.totalCount - 21) === 0);
  assert.ok(Math.abs(set.startTime! - Date.parse(t.replace(/(\.\d{3})\d+/, "$1")) / 1000) < 1, `${set.startTime} ${t}`);
});

const head = "metric_name,timestamp,metric_value,expected_response,name,status,extra_tags\n";
const row = (metric: string, t: number, v: number, expected: string, name: string, status: string, extra = "") =>
  `${metric},${t},${v},${expected},${name},${status},${extra}\n`;

test("failure rules: expected_response tag, else the request's http_req_failed point, else its status (200-399 succeed)", async () => {
  const t = 1700000000;
  const csv =
    head +
    // 1. the tag decides (the status would say otherwise)
    row("http_reqs", t, 1, "false", "a", "200") +
    row("http_req_duration", t, 10, "false", "a", "200") +
    row("http_req_failed", t, 1, "false", "a", "200") +
    // 2. no tag: the http_req_failed point of the same request
    row("http_reqs", t + 1, 1, "", "b", "200") +
    row("http_req_duration", t + 1, 20, "", "b", "200") +
    row("http_req_waiting", t + 1, 19, "", "b", "200") +
    row("http_req_failed", t + 1, 1, "", "b", "200") +
    // 3. neither: the status
    row("http_req_duration", t + 2, 30, "", "c", "503") +
    row("http_req_duration", t + 3, 40, "", "c", "0") +
    row("http_req_duration", t + 4, 50, "", "c", "302") +
    // the name tag from extra_tags when there is no name column value
    row("http_req_duration", t + 5, 60, "true", "", "200", "name=d&group=x");
  const set = await readK6Csv(chunked(csv, 3), "rules.csv", { byLabel: true });
  assert.equal(set.totalErrors, 4);
  assert.equal(set.total.totalCount, 2); // 50 and 60
  assert.deepEqual(
    set.labels!.map((l) => [l.label, l.total.totalCount, l.totalErrors]),
    [
      ["a", 0, 1],
      ["b", 0, 1],
      ["c", 1, 2],
      ["d", 1, 0],
    ],
  );
  const json = [
    '{"type":"Metric","data":{"name":"http_req_duration","type":"trend","contains":"time"},"metric":"http_req_duration"}',
    `{"metric":"http_req_duration","type":"Point","data":{"time":"2023-11-14T22:13:20.5Z","value":10,"tags":{"name":"x","status":"200"}}}`,
    `{"metric":"http_req_failed","type":"Point","data":{"time":"2023-11-14T22:13:20.5Z","value":1,"tags":{"name":"x","status":"200"}}}`,
    `{"metric":"http_req_duration","type":"Point","data":{"time":"2023-11-14T22:13:21.5Z","value":10,"tags":{"name":"x","status":"200"}}}`,
    `{"metric":"http_req_failed","type":"Point","data":{"time":"2023-11-14T22:13:21.5Z","value":0,"tags":{"name":"x","status":"200"}}}`,
  ].join("\n");
  const j = await readK6Json(chunked(json, 4), "rules.json");
  assert.equal(j.totalErrors, 1);
  assert.equal(j.total.totalCount, 1);
});

test("--metric reads another trend; a gauge or a metric not in the file is an error naming the file's metrics", async () => {
  const text = readFileSync(csvFile, "utf8");
  const waiting = await readK6Csv(chunked(text), "k6.csv", { metric: "http_req_waiting" });
  assert.equal(waiting.total.totalCount, 60);
  await assert.rejects(
    readK6Csv(chunked(text), "k6.csv", { metric: "nope" }),
    (e: unknown) => e instanceof DataError && /k6\.csv: no "nope" points in this k6 output; its metrics are "http_reqs", "http_req_duration"/.test(e.message),
  );
  await assert.rejects(
    readK6Json(chunked(readFileSync(jsonFile)), "k6.json", { metric: "vus" }),
    (e: unknown) => e instanceof DataError && /k6\.json:\d+: --metric "vus": this is a k6 gauge metric of default, not a trend of times/.test(e.message),
  );
  const iterations = await readK6Json(chunked(readFileSync(jsonFile)), "k6.json", { metric: "iteration_duration" });
  assert.equal(iterations.total.totalCount, 12);
});

test("a row cut short, a bad value or a line that is not k6 JSON: an error naming file and line; --skip-bad-rows skips it", async () => {
  const t = 1700000000;
  const csv =
    head + row("http_req_duration", t, 10, "true", "a", "200") + "http_req_duration,1700000001,12\n" + row("http_req_duration", t + 2, -1, "true", "a", "200");
  await assert.rejects(
    readK6Csv(chunked(csv), "cut.csv"),
    (e: unknown) => e instanceof DataError && /^cut\.csv:3: a k6 CSV row with 3 fields where the header has 7/.test(e.message),
  );
  const skipped = await readK6Csv(chunked(csv), "cut.csv", { skipBadRows: true });
  assert.equal(skipped.total.totalCount, 1);
  assert.equal(skipped.skipped?.count, 2);
  assert.match(skipped.skipped!.first!.reason, /3 fields/);
  const json = `{"type":"Point","metric":"http_req_duration","data":{"time":"2023-11-14T22:13:20Z","value":1,"tags":{}}}\n{"type":"Point","metric":"http_req_dura`;
  await assert.rejects(
    readK6Json(chunked(json), "cut.json"),
    (e: unknown) => e instanceof DataError && /^cut\.json:2: not a k6 --out json line: \{"type":"Point","metric":"http_req_dura/.test(e.message),
  );
  const badTime = `{"type":"Point","metric":"http_req_duration","data":{"time":"yesterday","value":1,"tags":{}}}\n`;
  await assert.rejects(
    readK6Json(chunked(badTime), "t.json"),
    (e: unknown) => e instanceof DataError && /^t\.json:1: the time "yesterday" is not an epoch time or an RFC 3339 date-time/.test(e.message),
  );
});

test("--label picks requests by their name tag; the sniff tells a k6 CSV and a k6 JSON by content", async () => {
  const text = readFileSync(csvFile, "utf8");
  const one = await readK6Csv(chunked(text), "k6.csv", { label: "http://finance:9501/transaction" });
  assert.equal(one.total.totalCount, 40); // of 60: 40 POST /transaction, 20 POST /transfer
  await assert.rejects(readK6Csv(chunked(text), "k6.csv", { label: "nope" }), DataError);
  const dir = tmpDir();
  const renamed = join(dir, "results.txt");
  writeFileSync(renamed, text);
  const loaded = await loadInputs(renamed);
  assert.equal(loaded.format, "k6-csv");
  const j = join(dir, "out.log");
  writeFileSync(j, readFileSync(jsonFile));
  assert.equal((await loadInputs(j)).format, "k6-json");
});

test("chp summary and chp plot read both real k6 outputs; --metric is refused for other formats", async () => {
  const dir = tmpDir();
  for (const f of [csvFile, jsonFile]) {
    const s = await chp("summary", f, "--json");
    assert.equal(s.code, 0, s.stderr);
    const p = await chp("plot", f, "-o", join(dir, "k6.png"));
    assert.equal(p.code, 0, p.stderr);
  }
  const m = await chp("summary", csvFile, "--metric", "http_req_waiting", "--json");
  assert.equal(m.code, 0, m.stderr);
  const other = await chp("summary", "data/web-steady.csv", "--metric", "x");
  assert.equal(other.code, 2);
  assert.match(other.stderr, /--metric does not apply to data\/web-steady\.csv/);
});

test("the line splitter gives the same lines whatever the chunks (CRLF, a last line without a break, characters split across chunks)", () => {
  const text = "a\r\nb é\n\nlast";
  for (const size of [1, 2, 3, 100]) {
    const got: string[] = [];
    const s = lineSplitter((l) => got.push(l));
    const b = Buffer.from(text);
    for (let i = 0; i < b.length; i += size) s.push(b.subarray(i, i + size));
    s.end();
    assert.deepEqual(got, ["a", "b é", "", "last"], `chunks of ${size}`);
  }
});

const summaryFile = join(realData, "formats/k6/grafana_orb_summary.json");

test("grafana_orb_summary.json (handleSummary JSON): k6's own figures of http_req_duration{expected_response:true}, count = http_reqs - failed", async () => {
  const { readK6Summary } = await import("../../src/load/k6-summary.js");
  const d = await readK6Summary(chunked(readFileSync(summaryFile), 100), "summary.json");
  // the file's values: http_reqs.count 20, http_req_failed.passes 0 (k6's Rate counts failures as passes)
  assert.equal(d.name, "http_req_duration{expected_response:true}");
  assert.deepEqual(d.stats, {
    count: 20,
    min: 255.947,
    max: 277.909,
    mean: 260.90964999999994,
    stdDeviation: null,
    p50: 259.9225,
    p90: 262.7999,
    p95: 265.1961, // the file's "p(95)"
    p99: null,
    p999: null,
  });
  assert.equal(d.errors, 0);
  assert.deepEqual(d.percentiles, [
    { fraction: 0.5, value: 259.9225 },
    { fraction: 0.9, value: 262.7999 },
    { fraction: 0.95, value: 265.1961 },
  ]);
  const it = await readK6Summary(chunked(readFileSync(summaryFile)), "summary.json", { metric: "iteration_duration" });
  assert.equal(it.stats.count, 10); // iterations.count
  assert.equal(it.stats.max, 4756.734634);
  assert.equal(it.errors, null);
  await assert.rejects(
    readK6Summary(chunked(readFileSync(summaryFile)), "summary.json", { metric: "http_reqs" }),
    (e: unknown) => e instanceof DataError && /^summary\.json: no "http_reqs" trend in this k6 summary; its trends are .*"http_req_duration"/.test(e.message),
  );
});

test("the --summary-export shape (values as the metric's own keys; a failed request counted in http_req_failed's passes)", async () => {
  const { readK6Summary } = await import("../../src/load/k6-summary.js");
  const legacy = JSON.stringify({
    root_group: { name: "", path: "", id: "d41d8cd98f00b204e9800998ecf8427e", groups: {}, checks: {} },
    metrics: {
      http_req_duration: { avg: 12.5, min: 3, med: 10, max: 40, "p(90)": 30, "p(95)": 35, "p(99.9)": 39.9 },
      http_reqs: { count: 100, rate: 10 },
      http_req_failed: { passes: 4, fails: 96, value: 0.04 },
    },
  });
  const d = await readK6Summary(chunked(legacy, 9), "export.json");
  assert.equal(d.name, "http_req_duration");
  assert.equal(d.stats.count, 96);
  assert.equal(d.errors, 4);
  assert.equal(d.stats.p999, 39.9);
  await assert.rejects(
    readK6Summary(chunked('{"metrics": {"http_req_duration": {"avg": "fast"}}}'), "bad.json"),
    (e: unknown) => e instanceof DataError && /the k6 summary's "http_req_duration" trend is not readable: avg is "fast", not a duration in ms/.test(e.message),
  );
  await assert.rejects(
    readK6Summary(chunked('{"metrics": {"http_req_duration": {"avg": 1,'), "cut.json"),
    (e: unknown) => e instanceof DataError && /^cut\.json(:1)?: not a k6 summary: JSON syntax error/.test(e.message),
  );
  const s = await chp("summary", summaryFile, "--json");
  assert.equal(s.code, 0, s.stderr);
  const total = JSON.parse(s.stdout).total;
  assert.equal(total.count, 20);
  // k6's own figures of http_req_duration{expected_response:true} in grafana_orb_summary.json
  assert.equal(total.p95, 265.1961); // "p(95)"
  assert.equal(total.p90, 262.7999); // "p(90)"
  assert.equal(total.p50, 259.9225); // "med"
  const p = await chp("plot", summaryFile, "-o", join(tmpDir(), "k6-summary.png"));
  assert.equal(p.code, 0, p.stderr);
});

test("the k6 NDJSON generator of scripts/ (for memory measurements): every request read, its failures counted apart", async () => {
  const { k6Chunks } = await import("../../scripts/k6-ndjson-generator.js");
  async function* chunks() {
    for (const c of k6Chunks(10_000, 500)) yield c;
  }
  const set = await readK6Json(chunks(), "gen.ndjson");
  assert.equal(set.total.totalCount + set.totalErrors, 10_000);
  assert.ok(set.totalErrors > 50 && set.totalErrors < 200, `${set.totalErrors}`); // ~1%
});
