/**
 * Every file in ../shared/data/real/formats (what load-test tools and metrics servers wrote, one
 * folder per tool) is read by `chp summary` and `chp plot` as a user would give it: exit 0, no flags
 * beyond `--label` where the file holds several series. A Prometheus query_range answer holds one
 * query, so those are given in pairs (throughput answer, response answer), as the README says.
 * A file added to the folder without a line here fails the first test.
 */
import assert from "node:assert/strict";
import { readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { test } from "node:test";
import { chp } from "../helpers/cli.js";
import { realData } from "../helpers/real.js";
import { tmpDir } from "../helpers/tmp.js";

const formats = join(realData, "formats");

/** Each real file (relative to formats/) and the arguments a user gives with it; a Prometheus answer comes with its pair. */
const reads: Record<string, string[]> = {
  "ab/local_ab2.3_e.csv": [],
  "ab/local_ab2.3_g.tsv": [],
  "ab/local_ab2.3_stdout.txt": [],
  "ab/pwdd_ab_g_out.tsv": [],
  "artillery/bank_artillery1_report.json": [],
  "gatling/abhijeet_3.7.4_simulation.log": [],
  "gatling/abhijeet_global_stats.json": [],
  "k6/finance_k6_out.csv": [],
  "k6/grafana_orb_summary.json": [],
  "k6/kirilly_k6_out.ndjson": [],
  "locust/nfilonov_locust_stats.csv": [],
  "locust/nfilonov_locust_stats_history.csv": [],
  "prometheus/local_sum_rate.query_range.json": ["prometheus/local_mean_latency.query_range.json"],
  "prometheus/local_mean_latency.query_range.json": ["prometheus/local_sum_rate.query_range.json", "prometheus/local_mean_latency.query_range.json"],
  "prometheus/local_histogram_quantile_p99.query_range.json": [
    "prometheus/local_sum_rate.query_range.json",
    "prometheus/local_histogram_quantile_p99.query_range.json",
  ],
  // four series, one per handler: --label picks the one the load went to (SOURCES.md)
  "prometheus/local_rate_by_handler.query_range.json": ["prometheus/local_mean_latency.query_range.json", "--label", "handler=/api/v1/query"],
  "wrk/local_wrk4.1.0_latency.txt": [],
  "wrk2/polis_stage4_allocGet.md": [],
};

/** The command-line inputs of a file: itself then its pair, or its pair alone when the pair lists it (the response answer). */
function argsOf(rel: string): string[] {
  const extra = reads[rel].map((a) => (a.startsWith("prometheus/") ? join(formats, a) : a));
  return extra.includes(join(formats, rel)) ? extra : [join(formats, rel), ...extra];
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? walk(join(dir, f)) : [join(dir, f)]));
}

test("the list here is every data file of ../shared/data/real/formats", () => {
  const files = walk(formats)
    .map((f) => relative(formats, f).split("\\").join("/"))
    .filter((f) => !/(^|\/)(SOURCES|README)\.md$/.test(f) && !f.endsWith(".yml"))
    .sort();
  assert.deepEqual(files, Object.keys(reads).sort());
});

for (const rel of Object.keys(reads)) {
  test(`${rel}: chp summary and chp plot, exit 0`, async () => {
    const args = argsOf(rel);
    const s = await chp("summary", ...args, "--json");
    assert.equal(s.code, 0, s.stderr);
    assert.ok(s.stdout.length > 0);
    JSON.parse(s.stdout);
    const p = await chp("plot", ...args, "-o", join(tmpDir(), "plot.png"));
    assert.equal(p.code, 0, p.stderr);
    assert.match(p.stdout + p.stderr, /wrote .*plot\.png/);
  });
}
