/**
 * The format registry: every format is listed with its contract; every real file in
 * ../shared/data/real sniffs to the format it is (or to the recognised-not-read entry that names
 * it); a file no format claims, an ambiguous one and one whose name contradicts its content are
 * clear one-line errors; --format wins over the sniff.
 */
import assert from "node:assert/strict";
import { readdirSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { test } from "node:test";
import { DataError, UsageError } from "../../src/errors.js";
import { inputHead } from "../../src/load/formats/head.js";
import { chooseFormat, formatById, inputFormats, sniffAll } from "../../src/load/formats/registry.js";
import type { InputFormat } from "../../src/load/formats/types.js";
import { loadInputs, openOne } from "../../src/load/load-inputs.js";
import { chp } from "../helpers/cli.js";
import { realData } from "../helpers/real.js";
import { tmpDir } from "../helpers/tmp.js";

/** What each real file is, by path under ../shared/data/real (the folder's README and SOURCES.md say so). */
const expected: Record<string, string> = {
  "formats/ab/local_ab2.3_e.csv": "ab-percentiles",
  "formats/ab/local_ab2.3_g.tsv": "ab-gnuplot",
  "formats/ab/local_ab2.3_stdout.txt": "ab-text",
  "formats/ab/pwdd_ab_g_out.tsv": "ab-gnuplot",
  "formats/artillery/bank_artillery1_report.json": "artillery1",
  "formats/gatling/abhijeet_3.7.4_simulation.log": "gatling-log",
  "formats/gatling/abhijeet_global_stats.json": "gatling-stats",
  "formats/k6/finance_k6_out.csv": "k6-csv",
  "formats/k6/grafana_orb_summary.json": "k6-summary",
  "formats/k6/kirilly_k6_out.ndjson": "k6-json",
  "formats/locust/nfilonov_locust_stats.csv": "locust-stats",
  "formats/locust/nfilonov_locust_stats_history.csv": "locust-history",
  "formats/prometheus/local_histogram_quantile_p99.query_range.json": "prometheus-json",
  "formats/prometheus/local_mean_latency.query_range.json": "prometheus-json",
  "formats/prometheus/local_rate_by_handler.query_range.json": "prometheus-json",
  "formats/prometheus/local_sum_rate.query_range.json": "prometheus-json",
  "formats/wrk/local_wrk4.1.0_latency.txt": "wrk",
  "formats/wrk2/polis_stage4_allocGet.md": "wrk",
  "guesstimate/goguesstimate_test_expression.guess.json": "guesstimate",
  "guesstimate/goguesstimate_want.guess.json": "guesstimate",
  "guesstimate/server_api_us_population.json": "guesstimate",
  "hey/hey-c16-per-request.csv": "hey",
  "peers/jmeter/ajs.jtl": "jtl",
  "peers/jmeter/arifa.csv": "jtl",
  "peers/jmeter/bijoya-run2.jtl": "jtl",
  "peers/jmeter/bijoya.csv": "jtl",
  "peers/jmeter/ajs.statistics.json": "jmeter-statistics",
  "peers/jmeter/arifa.statistics.json": "jmeter-statistics",
  "peers/jmeter/bijoya.statistics.json": "jmeter-statistics",
  "peers/jmeter/hailstorm-excerpt.xml.jtl": "jmeter-xml",
  "spigo/lamp.guess.json": "guesstimate",
  "spigo/storage.guess.json": "guesstimate",
  // Concurrency and throughput without a response: a CSV whose reader names the missing column.
  "peers/usl/cisco.csv": "csv",
  "peers/usl/raytracer.csv": "csv",
  "peers/usl/specsdm91-rounded.csv": "csv",
  "peers/usl/specsdm91.csv": "csv",
  "peers/usl/toy.csv": "csv",
  // spigo's counters dump: no format chp reads or recognises.
  "spigo/storage_metrics.json": "none",
};

/** The expected format of a real file: the table above, else by folder and extension. */
function expectedFormat(rel: string): string {
  if (expected[rel]) return expected[rel];
  if (rel.endsWith(".hlog")) return "hlog";
  if (rel.endsWith(".hgrm")) return "hgrm";
  if (rel.startsWith("spigo/") && /\.(csv|txt)$/.test(rel)) return "spigo";
  throw new Error(`no expected format for ${rel}: add it to the table`);
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? walk(join(dir, f)) : [join(dir, f)]));
}

test("the registry lists every format with its contract: id, description, extensions, what it gives, options, sniff, read", () => {
  const ids = inputFormats.map((f) => f.id);
  assert.equal(new Set(ids).size, ids.length, "ids are unique");
  const read = inputFormats.filter((f) => !f.unsupported).map((f) => f.id);
  assert.deepEqual(read, [
    "csv",
    "jtl",
    "hey",
    "request-csv",
    "hlog",
    "hgrm",
    "spigo",
    "jmeter-xml",
    "gatling-log",
    "locust-history",
    "locust-stats",
    "ab-gnuplot",
    "ab-percentiles",
    "ab-text",
    "wrk",
    "prometheus-json",
    "k6-csv",
    "k6-json",
    "k6-summary",
    "artillery1",
    "artillery2",
    "gatling-stats",
    "gatling-binary",
    "vegeta-csv",
    "vegeta-json",
  ]);
  for (const f of inputFormats) {
    assert.match(f.id, /^[a-z0-9-]+$/, f.id);
    assert.ok(f.describe.length > 5, f.id);
    assert.equal(typeof f.sniff, "function");
    assert.equal(typeof f.read, "function");
    if (f.unsupported) assert.equal(f.gives, null, f.id);
    else assert.ok(["series", "intervals", "distribution"].includes(f.gives!), f.id);
    if (f.mergeGroup) assert.equal(typeof f.readMany, "function", f.id);
    for (const e of f.extensions) assert.match(e, /^\.[a-z0-9]+$/, f.id);
  }
  assert.throws(
    () => formatById("nope"),
    (e: unknown) => e instanceof UsageError && /--format "nope": no such format; the formats are csv, jtl/.test(e.message),
  );
});

test("every real file in ../shared/data/real sniffs to its own format", async () => {
  const files = walk(realData).filter((f) => !/\.(md|yml)$/.test(f));
  assert.ok(files.length >= 60, `found ${files.length} real files`);
  for (const file of files) {
    const rel = relative(realData, file).split("\\").join("/");
    const want = expectedFormat(rel);
    const { head } = await openOne(file);
    if (want === "none") {
      assert.deepEqual(sniffAll(head), [], rel);
      assert.throws(
        () => chooseFormat(head),
        (e: unknown) => e instanceof DataError && /cannot tell the format: it starts "\{ \\"counters/.test(e.message),
        rel,
      );
    } else assert.equal(chooseFormat(head).id, want, rel);
  }
});

test("a file no format claims exits 3 with one line naming what it saw; a recognised tool output says chp does not read it yet", async () => {
  const none = await chp("summary", join(realData, "spigo/storage_metrics.json"));
  assert.equal(none.code, 3);
  assert.equal(none.stderr.trim().split("\n").length, 1);
  assert.match(none.stderr, /storage_metrics\.json:1: cannot tell the format: it starts "\{ \\"counters\\":.*chp formats lists them/);
  const guess = await chp("plot", join(realData, "spigo/lamp.guess.json"), "-o", join(tmpDir(), "l.png"));
  assert.equal(guess.code, 3);
  assert.equal(guess.stderr.trim().split("\n").length, 1);
  assert.match(guess.stderr, /lamp\.guess\.json: this is a Guesstimate space, which chp does not read yet; meanwhile chp model reads it/);
  const xml = await chp("summary", join(realData, "peers/jmeter/hailstorm-excerpt.xml.jtl"));
  assert.equal(xml.code, 0, xml.stderr);
});

test("choosing: --format wins; a tie at the top is an error naming the formats; a name that contradicts the content is an error", async () => {
  const head = inputHead("metrics.csv", "timestamp,throughput,response\n1,2,3\n");
  assert.equal(chooseFormat(head).id, "csv");
  assert.equal(chooseFormat(head, { format: "request-csv" }).id, "request-csv");
  const mislabelled = inputHead("run.hgrm", "timestamp,throughput,response\n1,2,3\n");
  assert.throws(
    () => chooseFormat(mislabelled),
    (e: unknown) => e instanceof DataError && /run\.hgrm:1: the file's name says it is HdrHistogram percentile output/.test(e.message),
  );
  // Two formats that claim the same content equally: the registry refuses to pick one.
  const twin: InputFormat = { ...formatById("hey"), id: "hey-twin" };
  const { inputFormats: list } = await import("../../src/load/formats/registry.js");
  (list as InputFormat[]).push(twin);
  try {
    assert.throws(
      () => chooseFormat(inputHead("x.csv", "response-time,offset\n0.1,0\n")),
      (e: unknown) => e instanceof DataError && /fits several formats equally \(hey, hey-twin\): name one with --format/.test(e.message),
    );
  } finally {
    (list as InputFormat[]).pop();
  }
});

test("--format reads a file as the named format (an ab -g table as a per-request CSV); options a format does not take are usage errors", async () => {
  const ab = join(realData, "formats/ab/local_ab2.3_g.tsv");
  const loaded = await loadInputs(ab, { format: "request-csv", timeCol: "seconds", responseCol: "ttime", inputUnit: "ms" });
  assert.equal(loaded.kind, "intervals");
  assert.equal(loaded.format, "request-csv");
  if (loaded.kind === "intervals") assert.ok(loaded.set.total.totalCount > 0);
  await assert.rejects(
    loadInputs("data/web-steady.csv", { tag: "A" }),
    (e: unknown) => e instanceof UsageError && /--tag does not apply to data\/web-steady\.csv, which is a time-series CSV/.test(e.message),
  );
  const r = await chp("summary", "data/web-steady.csv", "--format", "hlog");
  assert.equal(r.code, 3, r.stderr);
  const dir = tmpDir();
  const headerless = join(dir, "numbers.csv");
  writeFileSync(headerless, "1,2,3\n4,5,6\n");
  const h = await chp("summary", headerless);
  assert.equal(h.code, 3);
  assert.match(h.stderr, /no header row/);
});

test("chp formats lists the formats it reads and those it only recognises; --json is the registry", async () => {
  const r = await chp("formats");
  assert.equal(r.code, 0, r.stderr);
  for (const f of inputFormats) assert.ok(r.stdout.includes(f.id), f.id);
  const j = JSON.parse((await chp("formats", "--json")).stdout) as { id: string; read: boolean }[];
  assert.deepEqual(
    j.map((f) => f.id),
    inputFormats.map((f) => f.id),
  );
  assert.equal(j.filter((f) => f.read).length, 25);
});
