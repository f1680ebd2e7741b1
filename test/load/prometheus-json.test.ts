/**
 * Saved Prometheus query_range answers (the real ones in ../shared/data/real/formats/prometheus,
 * written by Prometheus 2.42 itself: SOURCES.md) read as a time series; the time arguments of a
 * live query; the command line's usage errors of --prometheus. The live server tests are in
 * prometheus-live.test.ts.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { DataError } from "../../src/errors.js";
import { loadInputs } from "../../src/load/load-inputs.js";
import { parseMatrix } from "../../src/load/sources/prometheus-answer.js";
import { queryRangeOf } from "../../src/load/sources/prometheus.js";
import { seriesCsv } from "../../src/load/sources/series-csv.js";
import { defaultStep, parsePromTime, promDuration, splitRange } from "../../src/load/sources/prometheus-time.js";
import { formatMessage, prometheusMessage as pm } from "../../src/messages.js";
import { chp } from "../helpers/cli.js";
import { realData } from "../helpers/real.js";
import { tmpFile } from "../helpers/tmp.js";

const dir = join(realData, "formats/prometheus");
const rate = join(dir, "local_sum_rate.query_range.json");
const mean = join(dir, "local_mean_latency.query_range.json");
const byHandler = join(dir, "local_rate_by_handler.query_range.json");

/** The [time, value] pairs of the answer's only series, as the file writes them. */
function pairs(file: string): [number, string][] {
  return JSON.parse(readFileSync(file, "utf8")).data.result[0].values;
}

test("two answers, throughput then response: joined on time, every value as the server wrote it, NaN samples missing and counted", async () => {
  const input = await loadInputs([rate, mean]);
  assert.equal(input.kind, "series");
  if (input.kind !== "series") return;
  const s = input.series;
  const x = pairs(rate);
  const y = pairs(mean);
  assert.equal(s.rows, 58);
  assert.deepEqual(
    [...s.time!],
    x.map((p) => p[0]),
  );
  assert.deepEqual(
    [...s.throughput],
    x.map((p) => Number(p[1])),
  );
  assert.deepEqual(
    [...s.response],
    y.map((p) => (p[1] === "NaN" ? NaN : Number(p[1]))),
  );
  // 22 of the 58 mean-latency samples are "NaN" (0/0: no request in the window), as SOURCES.md's query gives.
  assert.deepEqual(s.warnings, [pm.missingValues(22, 58, "response")]);
  assert.equal(input.source?.server, null);
});

test("an answer of several series: --label NAME=VALUE picks one; without it, an error listing them", async () => {
  const picked = await loadInputs([byHandler, mean], { label: "handler=/api/v1/query" });
  assert.equal(picked.kind, "series");
  if (picked.kind !== "series") return;
  const handler = JSON.parse(readFileSync(byHandler, "utf8")).data.result.find((r: { metric: { handler: string } }) => r.metric.handler === "/api/v1/query");
  assert.deepEqual(
    [...picked.series.throughput],
    handler.values.map((p: [number, string]) => Number(p[1])),
  );
  await assert.rejects(
    loadInputs([byHandler, mean]),
    (e: Error) => e instanceof DataError && /gives 4 series \(/.test(e.message) && /--label NAME=VALUE/.test(e.message),
  );
  await assert.rejects(loadInputs([byHandler, mean], { label: "handler=/nope" }), (e: Error) => e instanceof DataError && /no series has it/.test(e.message));
});

test("one answer alone, an error answer, answers of different steps: one clear line each, exit 3", async () => {
  const one = await chp("analyze", rate);
  assert.equal(one.code, 3);
  assert.equal(one.stderr, `chp: ${rate}: ${pm.oneAnswer()}\n`);
  const error = tmpFile("error.json", '{"status":"error","errorType":"bad_data","error":"1:14: parse error: unclosed left parenthesis"}');
  const e = await chp("analyze", error, mean);
  assert.equal(e.code, 3);
  assert.equal(e.stderr, `chp: ${error}: ${pm.serverError("bad_data", "1:14: parse error: unclosed left parenthesis")}\n`);
  // The throughput answer every 10 s, the response every 5 s.
  const answer = JSON.parse(readFileSync(rate, "utf8"));
  answer.data.result[0].values = answer.data.result[0].values.filter((_: unknown, i: number) => i % 2 === 0);
  const coarse = tmpFile("coarse.json", JSON.stringify(answer));
  const steps = await chp("analyze", coarse, mean);
  assert.equal(steps.code, 3);
  assert.equal(steps.stderr, `chp: ${pm.stepsDiffer(10, 5)}\n`);
  const vector = tmpFile("vector.json", '{"status":"success","data":{"resultType":"vector","result":[]}}');
  const v = await chp("analyze", vector, mean);
  assert.equal(v.code, 3);
  assert.equal(v.stderr, `chp: ${vector}: ${pm.notMatrix("vector")}\n`);
});

test("chp analyze of two answers gives a headroom report; --input-unit names the response unit", async () => {
  const r = await chp("analyze", rate, mean, "--input-unit", "s");
  assert.equal(r.code, 0, r.stderr);
  const report = JSON.parse(r.stdout);
  assert.equal(report.rows, 58);
  assert.equal(report.units.response, "s");
  assert.equal(report.columns.response, "response_s");
});

test("the CSV of a series reads back to the same numbers (NaN as an empty cell)", async () => {
  const input = await loadInputs([rate, mean], { inputUnit: "s" });
  if (input.kind !== "series") throw new Error("series expected");
  const csv = tmpFile("s.csv", seriesCsv(input.series));
  const back = await loadInputs(csv);
  if (back.kind !== "series") throw new Error("series expected");
  assert.deepEqual([...back.series.time!], [...input.series.time!]);
  assert.deepEqual([...back.series.throughput], [...input.series.throughput]);
  assert.deepEqual([...back.series.response], [...input.series.response]);
  assert.deepEqual(back.series.units, input.series.units);
});

test("answer parsing: +Inf and NaN are missing values; a sample that is no number names the series and sample", () => {
  const s = parseMatrix('{"status":"success","data":{"resultType":"matrix","result":[{"metric":{"a":"b"},"values":[[1,"1"],[2,"+Inf"],[3,"NaN"]]}]}}');
  assert.deepEqual([...s[0].values], [1, NaN, NaN]);
  assert.throws(
    () => parseMatrix('{"status":"success","data":{"resultType":"matrix","result":[{"metric":{"a":"b"},"values":[[1,"x"]]}]}}', "f.json"),
    (e: Error) => e.message === `f.json: ${pm.badSample('{a="b"}', 0, '"x" is not a number')}`,
  );
});

test("times: ISO 8601 (UTC without a zone), epoch seconds, now, -6h, now-30m; the default step; PromQL durations; chunks of a long range", () => {
  const now = 1_800_000_000;
  assert.equal(parsePromTime("now", now), now);
  assert.equal(parsePromTime("-6h", now), now - 21600);
  assert.equal(parsePromTime("now-30m", now), now - 1800);
  assert.equal(parsePromTime("1796591441", now), 1796591441);
  assert.equal(parsePromTime("2026-12-07T01:00:00Z", now), Date.UTC(2026, 11, 7, 1) / 1000);
  assert.equal(parsePromTime("2026-12-07T01:00:00", now), Date.UTC(2026, 11, 7, 1) / 1000);
  assert.equal(parsePromTime("2026-12-07T02:00:00+01:00", now), Date.UTC(2026, 11, 7, 1) / 1000);
  assert.equal(parsePromTime("yesterday", now), null);
  assert.equal(parsePromTime("-6x", now), null);
  // range / 500 rounded up: 1 h -> 7.2 s -> 10 s; 30 s -> 1 s; 1 day -> 172.8 s -> 300 s
  assert.equal(defaultStep(3600), 10);
  assert.equal(defaultStep(30), 1);
  assert.equal(defaultStep(86400), 300);
  assert.deepEqual([promDuration(4), promDuration(60), promDuration(90), promDuration(1.5), promDuration(7200)], ["4s", "1m", "90s", "1500ms", "2h"]);
  // 25,001 points at 1 s: 10,000 + 10,000 + 5,001, contiguous on the grid
  assert.deepEqual(splitRange(0, 25000, 1), [
    [0, 9999],
    [10000, 19999],
    [20000, 25000],
  ]);
  assert.deepEqual(splitRange(0, 100, 10), [[0, 100]]);
  // Default range: the hour before the end; the start aligned down to the step.
  assert.deepEqual(queryRangeOf({ now: 1003, step: 10 }), { start: -2600, end: 1003, step: 10 });
  assert.deepEqual(queryRangeOf({ now, start: "-6h" }), { start: now - 21600, end: now, step: 60 });
  assert.throws(() => queryRangeOf({ now, start: "now", end: "-1h" }), { message: pm.startAfterEnd(now, now - 3600) });
});

test("command line: --prometheus with files, without queries, its flags without it, bad times and steps: usage errors (exit 2)", async () => {
  const cases: [string[], string][] = [
    [["analyze", "f.csv", "--prometheus", "http://127.0.0.1:1", "--metric", "m_seconds"], pm.filesWithPrometheus(["f.csv"])],
    [["analyze", "--prometheus", "http://127.0.0.1:1"], pm.needsQueries()],
    [["analyze", "--prometheus", "http://127.0.0.1:1", "--metric", "a_seconds", "--throughput", "x"], pm.metricWithQuery()],
    [["analyze", "--prometheus", "http://127.0.0.1:1", "--metric", "a_seconds", "--label", "job=x"], pm.labelWithMetric()],
    [["analyze", "--prometheus", "http://127.0.0.1:1", "--metric", "a_seconds_count"], pm.metricSuffix("a_seconds_count", "a_seconds")],
    [["analyze", "--prometheus", "http://127.0.0.1:1", "--metric", "a_seconds", "--response", "max"], pm.metricResponse("max")],
    [["analyze", "--prometheus", "ftp://x", "--metric", "a_seconds"], pm.badUrl("ftp://x")],
    // Without a server, --metric names a k6 trend: a reader option the time-series CSV does not take.
    [
      ["analyze", "data/web-steady.csv", "--metric", "a_seconds"],
      formatMessage.optionNotForFormat("metric", "data/web-steady.csv", "a time-series CSV/TSV (a throughput and a response column per interval)"),
    ],
    [["summary", "f.csv", "--response", "p95"], pm.needsPrometheus("--response")],
    [["plot", "--prometheus", "http://127.0.0.1:1", "--metric", "a", "--start", "yesterday"], pm.badTime("--start", "yesterday")],
    [["analyze", "--prometheus", "http://127.0.0.1:1", "--metric", "a", "--step", "500ms"], pm.badStep("500ms")],
    [["analyze", "--prometheus", "http://127.0.0.1:1", "--metric", "a", "--time-col", "t"], pm.optionNotForPrometheus("--time-col")],
    [["fetch", "--prometheus", "http://127.0.0.1:1", "--metric", "a"], pm.fetchNeedsOut()],
    [["fetch", "--prometheus", "http://127.0.0.1:1", "--metric", "a", "-o", "x.png"], pm.fetchNotCsv("x.png")],
  ];
  for (const [argv, text] of cases) {
    const r = await chp(...argv);
    assert.equal(r.code, 2, `${argv.join(" ")}: ${r.stderr}`);
    assert.equal(r.stderr, `chp: ${text}\n`, argv.join(" "));
  }
});
