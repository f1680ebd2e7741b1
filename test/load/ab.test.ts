/**
 * ApacheBench -g and -e, read with no flags. Golden values: ab's own report of the same run
 * (formats/ab/local_ab2.3_stdout.txt; SOURCES.md: one `ab -n 2000 -c 8 -g ab_g.tsv -e ab_e.csv`
 * run, apache2-utils 2.4.71 on Debian bookworm).
 *
 * Definitions: ab's "Percentage of the requests served" table is its sorted times (us) at index
 * floor(n * p / 100), 0-based, rounded to ms; -e's row p is the index round(n * p / 100), in ms to
 * the us; -g's ttime is each time rounded to ms. chp reads the -g ttimes into HdrHistograms
 * (3 significant digits: a value reads as the top of its bucket, within 0.1%) and takes nearest-
 * rank percentiles (the ceil(n * p / 100)-th value): the same value as ab's except where n * p / 100
 * is a whole number and the two neighbours differ (here p99: 2000 * 0.99 = 1980, ab takes the
 * 1981st time, 48 ms, chp the 1980th, 47 ms).
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { test } from "node:test";
import { DataError } from "../../src/errors.js";
import { readAbPercentiles } from "../../src/load/ab-percentiles.js";
import { readAbText } from "../../src/load/ab-text.js";
import { loadInputs } from "../../src/load/load-inputs.js";
import { openInput } from "../../src/load/open-input.js";
import { chp } from "../helpers/cli.js";
import { realData } from "../helpers/real.js";
import { tmpFile } from "../helpers/tmp.js";

const g = join(realData, "formats/ab/local_ab2.3_g.tsv");
const e = join(realData, "formats/ab/local_ab2.3_e.csv");
const stdout = join(realData, "formats/ab/local_ab2.3_stdout.txt");

/** |actual - expected| <= rel * |expected|. */
function near(actual: number | null | undefined, expected: number, rel: number, what: string): void {
  assert.ok(typeof actual === "number" && Math.abs(actual - expected) <= rel * Math.abs(expected), `${what}: ${actual} vs ${expected}`);
}

/** HdrHistogram's 3 significant digits: a recorded value reads back within 0.1% (the top of its bucket). */
const hdr = 1e-3;

test("ab -g is read with no flags: time = seconds (1 s intervals), response = ttime in ms, every row a success", async () => {
  const loaded = await loadInputs(g);
  assert.equal(loaded.format, "ab-gnuplot");
  assert.equal(loaded.kind, "intervals");
  if (loaded.kind !== "intervals") return;
  const set = loaded.set;
  assert.equal(set.unit, "ms");
  assert.equal(set.totalErrors, 0);
  assert.equal(set.intervals.length, 5); // seconds 1796591870..1796591874
  assert.ok(set.intervals.every((i) => i.length === 1));
  assert.equal(set.intervals[0].start, 1796591870);
});

test("ab -g against ab's own report: count, failures, min and max equal; mean within ab's rounding; percentiles equal but p99 (definitions differ)", async () => {
  const r = await chp("summary", g, "--json");
  assert.equal(r.code, 0, r.stderr);
  const t = JSON.parse(r.stdout).total;
  assert.equal(t.count, 2000); // "Complete requests:      2000"; "Failed requests:        0"
  assert.equal(t.min, 1); // "Total:          1   14  59.1      7    1250" (min)
  near(t.max, 1250, hdr, "max"); // ... max 1250; "100%   1250 (longest request)"
  // ab's mean of the unrounded times, printed rounded to ms: 14; chp's mean of the ms-rounded ttimes
  assert.ok(Math.abs(t.mean - 14) <= 0.5, String(t.mean));
  near(t.p50, 7, hdr, "p50"); // "50%      7"
  near(t.p90, 25, hdr, "p90"); // "90%     25"
  near(t.p99, 47, hdr, "p99"); // ab prints "99%     48": its 1981st time of 2000, chp's 1980th
});

test("ab -g tables merge with each other, not with other per-request logs; with column flags the table is a generic per-request CSV", async () => {
  const copy = tmpFile("copy_g.tsv", (await import("node:fs")).readFileSync(g));
  const two = await loadInputs([g, copy]);
  assert.equal(two.kind === "intervals" && two.set.total.totalCount, 4000);
  const hey = join(realData, "hey/hey-c16-per-request.csv");
  await assert.rejects(
    loadInputs([g, hey]),
    (x: unknown) => x instanceof DataError && /ApacheBench -g tables merge only with other ab -g tables/.test(x.message),
  );
  const generic = await loadInputs(g, { format: "request-csv", timeCol: "seconds", responseCol: "ttime", inputUnit: "ms" });
  assert.equal(generic.format, "request-csv");
});

test("ab -e against ab's own report: percentiles only (no count, no mean); 0% and 100% are the fastest and slowest request", async () => {
  const d = await readAbPercentiles(openInput(e), e);
  assert.equal(d.format, "ab-percentiles");
  assert.equal(d.percentiles.length, 101);
  assert.ok(Number.isNaN(d.stats.count)); // ab -e writes no count: never invented
  assert.equal(d.stats.mean, null);
  assert.equal(d.stats.min, 0.586); // row 0
  assert.equal(d.stats.max, 1250.111); // row 100; ab's report: "100%   1250 (longest request)"
  // ab -e rows at index round(n p / 100), the report's at floor(n p / 100): equal after rounding to ms here
  const report: [number, number][] = [
    [50, 7],
    [66, 10],
    [75, 13],
    [80, 15],
    [90, 25],
    [95, 32],
    [98, 43],
    [99, 48],
  ];
  for (const [p, ms] of report) assert.equal(Math.round(d.percentiles[p].value), ms, `${p}%`);
  const r = await chp("summary", e, "--json");
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout).total, {
    count: null,
    errors: null,
    errorRate: null,
    min: 0.586,
    max: 1250.111,
    mean: null,
    p50: 7.3,
    p90: 25.169,
    p95: 31.597, // the file's row "95,31.597"
    p99: 47.529,
    p999: null,
  });
  const text = await chp("summary", e);
  assert.match(text.stdout, /total +NA +0\.586 +1250 +NA +7\.3 /);
});

test("ab -e: a row that is not percent,time or that falls is a data error with its line", async () => {
  const bad = tmpFile("bad_e.csv", "Percentage served,Time in ms\n0,1.5\n1,1.2\n");
  await assert.rejects(
    readAbPercentiles(openInput(bad), bad),
    (x: unknown) => x instanceof DataError && /bad_e\.csv:3: not an ab -e percentile row/.test(x.message),
  );
  const junk = tmpFile("junk_e.csv", "Percentage served,Time in ms\n0,abc\n");
  await assert.rejects(readAbPercentiles(openInput(junk), junk), (x: unknown) => x instanceof DataError && /junk_e\.csv:2:/.test(x.message));
});

test("ab's text report: its own figures (count, failures, Total connection times, percentile table) as one distribution", async () => {
  const d = await readAbText(openInput(stdout), stdout);
  assert.equal(d.format, "ab-text");
  assert.equal(d.errors, 0); // "Failed requests:        0"
  assert.deepEqual(d.stats, {
    count: 2000, // "Complete requests:      2000"
    min: 1, // "Total:          1   14  59.1      7    1250"
    max: 1250,
    mean: 14,
    stdDeviation: 59.1,
    p50: 7, // "50%      7"
    p90: 25, // "90%     25"
    p95: 32, // "95%     32"
    p99: 48, // "99%     48"
    p999: null,
  });
  assert.deepEqual(
    d.percentiles.map((p) => [Math.round(p.fraction * 100), p.value]),
    [
      [50, 7],
      [66, 10],
      [75, 13],
      [80, 15],
      [90, 25],
      [95, 32],
      [98, 43],
      [99, 48],
      [100, 1250],
    ],
  );
  const r = await chp("summary", stdout, "--json");
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout).total, {
    count: 2000,
    errors: 0,
    errorRate: 0,
    min: 1,
    max: 1250,
    mean: 14,
    p50: 7,
    p90: 25,
    p95: 32,
    p99: 48,
    p999: null,
  });
  const bare = tmpFile("ab_cut.txt", "This is ApacheBench, Version 2.3 <$Revision$>\nBenchmarking 127.0.0.1 (be patient)\n");
  await assert.rejects(readAbText(openInput(bare), bare), (x: unknown) => x instanceof DataError && /no figures in this ApacheBench report/.test(x.message));
});
