/**
 * Locust --csv files read as Locust wrote them. Golden values: Locust's own numbers. The history's
 * totals must equal the `Aggregated` row of the stats.csv Locust wrote for the same run
 * (formats/locust/SOURCES.md: both from Nikita-Filonov/load-testing-hub@d9845da), which Locust
 * computed over every raw response time; they are never percentiles of the windows' percentiles.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { test } from "node:test";
import { DataError, UsageError } from "../../src/errors.js";
import { loadInputs } from "../../src/load/load-inputs.js";
import { readLocustHistory, readLocustStats } from "../../src/load/locust.js";
import { openInput } from "../../src/load/open-input.js";
import { loadToolMessage as lm } from "../../src/messages.js";
import { distributionSpec } from "../../src/plot/distribution-spec.js";
import { headroomRun } from "../../src/report/headroom-report.js";
import { seriesOf } from "../../src/report/series.js";
import { summaryJson, summaryReport, summaryText } from "../../src/report/summary-report.js";
import { chp } from "../helpers/cli.js";
import { realData } from "../helpers/real.js";
import { tmpFile } from "../helpers/tmp.js";

const history = join(realData, "formats/locust/nfilonov_locust_stats_history.csv");
const stats = join(realData, "formats/locust/nfilonov_locust_stats.csv");
const endpoint = "/backend.diftech.processing.caa.operationfacade.facadeback.v1.OperationFacadeBackService/GetOperfeed";

/** Locust's stats.csv, Aggregated row (tolerance: exact, Locust printed these digits). */
const locustTotals = {
  requests: 11779, // Request Count
  failures: 0, // Failure Count
  median: 5100, // Median Response Time
  mean: 4663.453389015252, // Average Response Time
  min: 83.11654099088628, // Min Response Time
  max: 10975.36463898723, // Max Response Time
};

test("a Locust history: the Aggregated rows, throughput = Requests/s - Failures/s, response = the 50% column in ms, N/A -> NaN", async () => {
  const { series, totals, response } = await readLocustHistory(openInput(history), history);
  assert.equal(response, "p50");
  assert.equal(series.rows, 36); // 36 Aggregated rows of 71
  assert.deepEqual(series.columns, { time: "Timestamp", throughput: "Requests/s - Failures/s", response: "50%" });
  assert.deepEqual(series.units, { time: "s", throughput: "req/s", response: "ms" });
  // first row: 0 requests, every percentile N/A: kept, with throughput 0 and no response
  assert.equal(series.time![0], 1753581872);
  assert.equal(series.throughput[0], 0);
  assert.ok(Number.isNaN(series.response[0]));
  // second Aggregated row: 1753581877,75,,Aggregated,10.000000,0.000000,340,...
  assert.equal(series.time![1], 1753581877);
  assert.equal(series.throughput[1], 10);
  assert.equal(series.response[1], 340);
  // last row: ...,76.300000,0.000000,5400,...,11779,0,5100.0,4663.45...
  assert.equal(series.throughput[35], 76.3);
  assert.equal(series.response[35], 5400);
  assert.deepEqual(totals, {
    source: `Locust's cumulative Total columns of the last "Aggregated" row`,
    unit: "ms",
    count: locustTotals.requests - locustTotals.failures,
    errors: locustTotals.failures,
    min: locustTotals.min,
    max: locustTotals.max,
    mean: locustTotals.mean,
    p50: locustTotals.median,
  });
});

test("a Locust history: --response picks the window percentile column (p95 -> 95%, max -> 100%); mean and absent columns are usage errors", async () => {
  const p95 = await readLocustHistory(openInput(history), history, { response: "p95" });
  assert.equal(p95.series.columns.response, "95%");
  assert.equal(p95.series.response[1], 990); // 95% of 1753581877's Aggregated row
  const max = await readLocustHistory(openInput(history), history, { response: "max" });
  assert.equal(max.series.response[1], 1200);
  await assert.rejects(
    readLocustHistory(openInput(history), history, { response: "mean" }),
    (e: unknown) => e instanceof UsageError && e.message === lm.locustNoWindowMean(history, ["50%", "60%", "70%", "80%", "90%", "95%", "99%", "100%"]),
  );
  await assert.rejects(
    readLocustHistory(openInput(history), history, { response: "p999" }),
    (e: unknown) => e instanceof UsageError && /--response p999: this Locust stats history has no "99\.9%" column/.test(e.message),
  );
});

test("a Locust history: --label reads one endpoint's rows; an unknown label is an error listing the names", async () => {
  const one = await readLocustHistory(openInput(history), history, { label: endpoint });
  assert.equal(one.series.rows, 35);
  assert.equal(one.series.response[0], 320); // 1753581877,75,grpc,/backend...,10.000000,0.000000,320,...
  assert.match(one.totals.source, /GetOperfeed/);
  await assert.rejects(
    readLocustHistory(openInput(history), history, { label: "nope" }),
    (e: unknown) => e instanceof DataError && e.reason === lm.locustUnknownLabel("nope", ["Aggregated", endpoint]),
  );
});

test("a Locust history with failures: throughput leaves them out, count = Total Request Count - Total Failure Count", async () => {
  const header =
    "Timestamp,User Count,Type,Name,Requests/s,Failures/s,50%,66%,75%,80%,90%,95%,98%,99%,99.9%,99.99%,100%,Total Request Count,Total Failure Count,Total Median Response Time,Total Average Response Time,Total Min Response Time,Total Max Response Time,Total Average Content Size";
  const file = tmpFile(
    "fail_stats_history.csv",
    `${header}\n1700000000,10,,Aggregated,0.000000,0.000000,N/A,N/A,N/A,N/A,N/A,N/A,N/A,N/A,N/A,N/A,N/A,0,0,0,0.0,0,0,0\n` +
      `1700000001,10,GET,/a,12.5,2.5,41,50,55,60,70,80,90,95,99,99,99,25,5,42,44.5,3.1,99.2,120\n` +
      `1700000001,10,,Aggregated,12.5,2.5,41,50,55,60,70,80,90,95,99,99,99,25,5,42,44.5,3.1,99.2,120\n`,
  );
  const loaded = await loadInputs(file, { response: "p999" });
  assert.equal(loaded.kind, "series");
  if (loaded.kind !== "series") return;
  assert.equal(loaded.format, "locust-history");
  assert.deepEqual([...loaded.series.throughput], [0, 10]);
  assert.equal(loaded.series.response[1], 99); // the 99.9% column
  assert.equal(loaded.totals?.count, 20);
  assert.equal(loaded.totals?.errors, 5);
});

test("seriesOf passes a Locust history through with the response its reader applied; another --response is an error", async () => {
  const loaded = await loadInputs(history, { response: "p90" });
  assert.equal(loaded.kind === "series" && loaded.response, "p90");
  assert.equal(seriesOf(loaded, { response: "p90" }).columns.response, "90%");
  assert.throws(
    () => seriesOf(loaded, { response: "p99" }),
    (e: unknown) => e instanceof UsageError && e.message === lm.responseAlreadyRead(history, "p90", "p99"),
  );
  const run = await headroomRun(history, { response: "p95", estimate: false });
  assert.equal(run.report.columns.response, "95%");
  assert.equal(run.report.units.response, "ms");
});

test("chp summary of a Locust history: the series' summary and the tool's own totals, equal to Locust's stats.csv", async () => {
  const r = await chp("summary", history, "--json");
  assert.equal(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  assert.deepEqual(Object.keys(j), ["total", "response", "throughput"]);
  assert.deepEqual(j.total, {
    count: locustTotals.requests - locustTotals.failures,
    errors: locustTotals.failures,
    errorRate: locustTotals.failures / locustTotals.requests,
    min: locustTotals.min,
    max: locustTotals.max,
    mean: locustTotals.mean,
    p50: locustTotals.median,
    // the cumulative Total columns hold no other percentile: never percentiles of the windows' percentiles
    p90: null,
    p95: null,
    p99: null,
    p999: null,
  });
  assert.equal(j.response.n, 35); // the N/A row has no response
  assert.equal(j.throughput.n, 36);
  const text = summaryText(await summaryReport(history));
  assert.match(
    text,
    /tool's own totals \(Locust's cumulative Total columns of the last "Aggregated" row; ms\):\n +count +errors +errorRate +min +max +mean +p50\ntotal +11779 +0 +0 +83\.12 +10980 +4663 +5100\n/,
  );
  const a = await chp("analyze", history, "--response", "p99");
  assert.equal(a.code, 0, a.stderr);
  assert.equal(JSON.parse(a.stdout).columns.response, "99%");
});

test("a Locust stats.csv: the Aggregated row as one distribution of Locust's own numbers (count, failures, mean, min, max, percentiles)", async () => {
  const d = await readLocustStats(openInput(stats), stats);
  assert.equal(d.format, "locust-stats");
  assert.equal(d.unit, "ms");
  assert.equal(d.errors, locustTotals.failures);
  assert.deepEqual(d.stats, {
    count: locustTotals.requests - locustTotals.failures,
    min: locustTotals.min,
    max: locustTotals.max,
    mean: locustTotals.mean,
    stdDeviation: null,
    p50: 5100, // 50%
    p90: 7600, // 90%
    p95: 7800, // 95%
    p99: 8200, // 99%
    p999: null, // no 99.9% column in this file
  });
  assert.deepEqual(d.bins, []);
  assert.deepEqual(
    d.percentiles.map((p) => [p.fraction, p.value]),
    [
      [0.5, 5100],
      [0.6, 5500],
      [0.7, 6000],
      [0.8, 6900],
      [0.9, 7600],
      [0.95, 7800],
      [0.99, 8200],
      [1, 11000],
    ],
  );
  const labelled = await readLocustStats(openInput(stats), stats, { label: endpoint });
  assert.equal(labelled.name, endpoint);
  await assert.rejects(readLocustStats(openInput(stats), stats, { label: "x" }), (e: unknown) => e instanceof DataError && /--label "x"/.test(e.message));
  const broken = tmpFile("broken_stats.csv", "Type,Name,Request Count\n,Aggregated,1\n");
  await assert.rejects(
    readLocustStats(openInput(broken), broken),
    (e: unknown) => e instanceof DataError && /not a Locust stats summary: no column "Failure Count"/.test(e.message),
  );
});

test("chp summary/analyze/plot of a Locust stats.csv: the totals with errors; no intervals to analyse; the plot is the percentile curve alone", async () => {
  const r = await chp("summary", stats, "--json");
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), {
    unit: "ms", // Locust writes milliseconds
    total: {
      count: 11779,
      errors: 0,
      errorRate: 0,
      min: locustTotals.min,
      max: locustTotals.max,
      mean: locustTotals.mean,
      p50: 5100,
      p90: 7600,
      p95: 7800, // the file's "95%" column
      p99: 8200,
      p999: null,
    },
  });
  const a = await chp("analyze", stats);
  assert.equal(a.code, 2);
  assert.match(a.stderr, /holds one response-time distribution, not intervals over time/);
  const loaded = await loadInputs(stats);
  assert.equal(loaded.kind, "distribution");
  if (loaded.kind !== "distribution") return;
  const spec = distributionSpec(loaded.dist) as unknown as { vconcat: unknown[]; title: { subtitle: string } };
  assert.equal(spec.vconcat.length, 1); // no bins: no histogram panel
  assert.match(spec.title.subtitle, /11,779 requests; no histogram in the file/);
  const p = await chp("plot", stats, "-o", tmpFile("locust-stats.vl.json", ""));
  assert.equal(p.code, 0, p.stderr);
});

test("summaries of other inputs are unchanged: no total block for a plain time-series CSV", async () => {
  const j = JSON.parse(summaryJson(await summaryReport("data/web-steady.csv")));
  assert.deepEqual(Object.keys(j), ["response", "throughput"]);
  assert.doesNotMatch(summaryText(await summaryReport("data/web-steady.csv")), /tool's own totals/);
});

test("Locust's failures and exceptions lists are named, not misread: chp points to the stats files beside them", async () => {
  const failures = tmpFile("run_failures.csv", 'Method,Name,Error,Occurrences\nGET,/x,"HTTPError(500)",3\n');
  const f = await chp("summary", failures);
  assert.equal(f.code, 3);
  assert.match(f.stderr, /this is a Locust --csv failures list .*\*_stats_history\.csv \(a time series\) and the \*_stats\.csv/);
  const exceptions = tmpFile("run_exceptions.csv", "Count,Message,Traceback,Nodes\n");
  const e = await chp("summary", exceptions);
  assert.equal(e.code, 3);
  assert.match(e.stderr, /this is a Locust --csv exceptions list/);
});
