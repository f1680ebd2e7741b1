/**
 * `--by LABEL` without a server: a query's series grouped by a label's values (errors: a series
 * without the label, two with one value, too many values), the total of the parts (throughput
 * summed, a mean weighted by throughput), the long CSV `chp fetch --by` writes and its reading back
 * (values with quotes, commas, "<", line breaks and a bidi control), and the command line's errors.
 * The live servers' --by tests are in prometheus-live.test.ts.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { DataError } from "../../src/errors.js";
import { loadInputs } from "../../src/load/load-inputs.js";
import type { PromSeries } from "../../src/load/sources/prometheus-answer.js";
import { checkByLabel, groupByLabel, maxGroups, summedThroughput, weightedMeanResponse } from "../../src/load/sources/prometheus-by.js";
import { longSeriesCsv } from "../../src/load/sources/series-csv.js";
import type { TimeSeries } from "../../src/load/time-series.js";
import { prometheusMessage as pm } from "../../src/messages.js";
import { chp } from "../helpers/cli.js";
import { tmpDir, tmpFile } from "../helpers/tmp.js";

const prom = (labels: Record<string, string>, time: number[], values: number[]): PromSeries => ({
  labels,
  time: Float64Array.from(time),
  values: Float64Array.from(values),
});

/** A series as the Prometheus source gives it (epoch seconds, req/s, seconds). */
function series(time: number[], throughput: number[], response: number[]): TimeSeries {
  return {
    file: "http://127.0.0.1:9090",
    header: ["time", "throughput_rps", "response_mean_s"],
    delimiter: ",",
    columns: { time: "time", throughput: "throughput_rps", response: "response_mean_s" },
    units: { time: "s", throughput: "req/s", response: "s" },
    time: Float64Array.from(time),
    throughput: Float64Array.from(throughput),
    response: Float64Array.from(response),
    rows: time.length,
    warnings: [],
  };
}

test("the series grouped by the label's values, sorted; a series without the label, two with one value, or too many values: errors", () => {
  const q = "sum by (instance) (rate(x_count[4s]))";
  const grouped = groupByLabel([prom({ instance: "b:1" }, [0], [1]), prom({ instance: "a:1" }, [0], [2])], "instance", q);
  assert.deepEqual([...grouped.keys()], ["a:1", "b:1"]);
  assert.throws(
    () => groupByLabel([prom({ instance: "a" }, [0], [1]), prom({ job: "x" }, [0], [1])], "instance", q),
    (e: unknown) => e instanceof DataError && e.message === pm.byLabelMissing(q, "instance", ['{instance="a"}', '{job="x"}']),
  );
  assert.throws(
    () => groupByLabel([prom({ instance: "a", code: "200" }, [0], [1]), prom({ instance: "a", code: "500" }, [0], [1])], "instance", q),
    (e: unknown) => e instanceof DataError && e.message === pm.byDuplicate(q, "instance", "a"),
  );
  const many = Array.from({ length: maxGroups + 1 }, (_, i) => prom({ pod: `p${i}` }, [0], [1]));
  assert.equal(groupByLabel(many.slice(0, maxGroups), "pod", q).size, 50);
  assert.throws(
    () => groupByLabel(many, "pod", q),
    (e: unknown) => e instanceof DataError && e.message === pm.byTooMany(q, "pod", 51, 50),
  );
  assert.equal(checkByLabel("instance"), "instance");
  for (const bad of ["in-stance", "1x", "", 'a"b']) assert.throws(() => checkByLabel(bad), /expected a Prometheus label name/);
});

test("the total: throughput summed per time, a mean response weighted by throughput (the mean of every request), gaps and idle parts", () => {
  // Two hosts over three steps. Reference by hand from the _sum and _count rates the means come
  // from: the total mean at a time is (sum rate a + sum rate b) / (count rate a + count rate b).
  const a = series([10, 11, 12], [100, 50, 0], [0.01, 0.02, NaN]);
  const b = series([10, 11, 13], [300, NaN, 20], [0.03, NaN, 0.05]);
  const x = summedThroughput([a, b]);
  assert.deepEqual([...x.time], [10, 11, 12, 13]);
  assert.deepEqual([...x.values], [400, 50, 0, 20]);
  const y = weightedMeanResponse([a, b]);
  // t=10: (100 x 0.01 + 300 x 0.03) / 400 = 10 / 400; t=11: only a; t=12: no requests (0/0); t=13: only b.
  assert.deepEqual([...y.values], [(100 * 0.01 + 300 * 0.03) / 400, (50 * 0.02) / 50, NaN, (20 * 0.05) / 20]);
  // A part with requests but no response value makes the total's response unknown there.
  const c = series([10], [5], [NaN]);
  assert.ok(Number.isNaN(weightedMeanResponse([a, c]).values[0]));
});

/** A label value with every character the CSV and the outputs must carry: quote, comma, "<", a line break and a bidi control. */
const odd = 'b"<,\n\u202e1';

test("chp fetch --by's long CSV reads back (--by LABEL) to the same total and per-value series; its errors name the file and line", async () => {
  const total = series([10, 11], [400, 50], [0.025, 0.02]);
  const groups = [
    { value: "a", series: series([10, 11], [100, 50], [0.01, 0.02]) },
    { value: odd, series: series([10], [300], [0.03]) },
  ];
  const text = longSeriesCsv(total, "host", groups);
  assert.equal(text, 'time,host,throughput_rps,response_mean_s\n10,,400,0.025\n11,,50,0.02\n10,a,100,0.01\n11,a,50,0.02\n10,"b""<,\n\u202e1",300,0.03\n');
  const file = tmpFile("long.csv", text);
  const input = await loadInputs(file, { by: "host" });
  assert.ok(input.kind === "series" && input.groups);
  const strip = (s: TimeSeries) => ({ ...s, file: "", header: [], delimiter: "", warnings: [] });
  assert.deepEqual(strip(input.series), strip(total));
  assert.equal(input.groups.label, "host");
  assert.deepEqual(
    input.groups.groups.map((g) => ({ value: g.value, series: strip(g.series) })),
    groups.map((g) => ({ value: g.value, series: strip(g.series) })),
  );

  const noTotal = tmpFile("no-total.csv", "time,host,throughput_rps,response_mean_s\n10,a,1,0.1\n");
  await assert.rejects(loadInputs(noTotal, { by: "host" }), (e: unknown) => e instanceof DataError && e.message === `${noTotal}: ${pm.byNoTotal("host")}`);
  await assert.rejects(loadInputs(noTotal, { by: "pod" }), /no such column; the columns are "time", "host", "throughput_rps", "response_mean_s"/);
  // A bad cell in a value's rows: the file's own line (5), not the line within that value's rows.
  const bad = tmpFile("bad.csv", "time,host,throughput_rps,response_mean_s\n10,,1,0.1\n11,,1,0.1\n10,a,1,0.1\n11,a,x,0.1\n");
  await assert.rejects(
    loadInputs(bad, { by: "host" }),
    (e: unknown) => e instanceof DataError && e.location.line === 5 && /--by host, host="a"/.test(e.message),
  );
});

test("chp summary and plot of a long CSV --by host: the value's quote, '<', line break and bidi control escaped in text, JSON and the plot", () => {
  const total = series([10, 11, 12], [400, 50, 60], [0.025, 0.02, 0.03]);
  const groups = [
    { value: "a", series: series([10, 11, 12], [100, 50, 30], [0.01, 0.02, 0.03]) },
    { value: odd, series: series([10, 12], [300, 30], [0.03, 0.03]) },
  ];
  const file = tmpFile("odd.csv", longSeriesCsv(total, "host", groups));
  const cli = (...args: string[]) => spawnSync(process.execPath, ["dist/cli/main.js", ...args], { encoding: "utf8" });
  const text = cli("summary", file, "--by", "host");
  assert.equal(text.status, 0, text.stderr);
  assert.ok(text.stdout.includes('host="b\\"<,\\n\\u202e1": 2 rows'), text.stdout);
  assert.ok(!text.stdout.includes("\u202e"), "no raw bidi control");
  const json = cli("summary", file, "--by", "host", "--json");
  assert.equal(json.status, 0, json.stderr);
  assert.ok(!json.stdout.includes("\u202e"));
  const doc = JSON.parse(json.stdout);
  assert.deepEqual(Object.keys(doc.by.values), ["a", odd]);
  assert.equal(doc.by.values[odd].throughput.n, 2);
  assert.equal(doc.throughput.n, 3);
  const spec = join(tmpDir(), "odd.vl.json");
  const plot = cli("plot", file, "--by", "host", "--q", "1", "-o", spec);
  assert.equal(plot.status, 0, plot.stderr);
  const vl = JSON.parse(readFileSync(spec, "utf8"));
  // The legend lists the values with their controls shown as \uXXXX; every point carries its value.
  const scatter = JSON.stringify(vl);
  assert.ok(!scatter.includes("\u202e") && !scatter.includes("\n\u202e"));
  const points = vl.datasets.points as { s: string }[];
  assert.deepEqual([...new Set(points.map((p) => p.s))].sort(), ["a", 'b"<,\\n\\u202e1']);
  assert.equal(points.length, 5);
  assert.match(plot.stdout, /^wrote .*\none point per host and step \(2 values\)/);
  // Drawn: the legend's text with "<" as &lt; and the bidi control as the text \u202e.
  const svgFile = join(tmpDir(), "odd.svg");
  const drawn = cli("plot", file, "--by", "host", "--q", "1", "-o", svgFile);
  assert.equal(drawn.status, 0, drawn.stderr);
  const svg = readFileSync(svgFile, "utf8");
  assert.ok(/b(&quot;|")&lt;,\\n\\u202e1/.test(svg), "the legend shows the value, escaped");
  assert.ok(!svg.includes("\u202e") && !svg.includes("<,"), "no raw bidi control or raw < in the SVG");
});

test("--by's usage errors: with --label or --splits, on a format without it, a bad label name, a percentile PromQL response (exit 2)", async () => {
  const hlog = join("test/load/fixtures", "hiccup.140623.1028.10646.hlog");
  const csv = tmpFile("plain.csv", "time,throughput,response_ms\n1,1,1\n");
  const cases: [string[], RegExp][] = [
    [["summary", csv, "--by", "host", "--label", "x"], /--by splits the series by a label; --label picks one series/],
    [["plot", csv, "--by", "host", "--splits", "3"], /--by cannot be used with --splits/],
    [["analyze", hlog, "--by", "host"], /--by does not apply to/],
    [["analyze", "--prometheus", "http://127.0.0.1:9", "--metric", "x_seconds", "--by", "in-stance"], /--by "in-stance": expected a Prometheus label name/],
    [
      [
        "analyze",
        "--prometheus",
        "http://127.0.0.1:9",
        "--throughput",
        "sum by (pod) (rate(x_count[1m]))",
        "--response",
        "histogram_quantile(0.9, sum by (pod, le) (rate(x_bucket[1m])))",
        "--by",
        "pod",
      ],
      /percentiles of parts cannot be merged/,
    ],
  ];
  // More values than a plot has colours (20): plot refuses, analyze takes them (up to 50).
  const hosts = Array.from({ length: 21 }, (_, i) => ({ value: `h${i}`, series: series([10, 11], [1, 2], [0.1, 0.2]) }));
  const many = tmpFile("many.csv", longSeriesCsv(series([10, 11], [21, 42], [0.1, 0.2]), "host", hosts));
  cases.push([["plot", many, "--by", "host"], /^chp: chp plot --by host: 21 values, more than the 20 colours a plot tells apart/]);
  for (const [args, message] of cases) {
    const r = await chp(...args);
    assert.equal(r.code, 2, `${args.join(" ")}: ${r.stderr}`);
    assert.match(r.stderr, message);
    assert.equal(r.stderr.split("\n").length, 2, "one line");
  }
});
