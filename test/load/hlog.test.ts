/**
 * HdrHistogram interval logs against the Java HdrHistogram library (2.1.11, Debian
 * libhdrhistogram-java): every interval's start, length, count, min, max, mean,
 * stddev and getValueAtPercentile(50, 90, 99, 99.9), and the merged total
 * (Histogram.add of the intervals).
 *
 * Golden values: test/load/fixtures/golden/*.json, made by
 *   bash scripts/java/make-hlog-golden.sh
 * which runs, for each log and tag,
 *   java -cp /usr/share/java/hdrhistogram.jar scripts/java/HlogGolden.java FILE.hlog [TAG|-]
 * Tolerances: counts and percentiles exact (relative 0); mean and stddev relative 1e-12;
 * start/end within 1 ms (Java truncates seconds * 1000 to a long).
 * A live check re-runs the Java program on one log when java and the jar are present.
 */
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { test } from "node:test";
import { readHistogramLog } from "../../src/load/hdr/interval-log.js";
import { openInput } from "../../src/load/open-input.js";
import { assertClose } from "../helpers/close.js";
import { realData } from "../helpers/real.js";

const real = `${realData}/hdrhistogram`;
const fx = "test/load/fixtures";
const jar = "/usr/share/java/hdrhistogram.jar";

interface Golden {
  intervals: ({ start: number; end: number } & Record<string, number>)[];
  total: Record<string, number>;
}

const cases: [string, string | null, string][] = [
  [`${real}/jHiccup-2.0.7S.logV2.hlog`, null, "jHiccup-2.0.7S.logV2"],
  [`${real}/tagged.logV2.hlog`, null, "tagged.logV2"],
  [`${real}/tagged.logV2.hlog`, "A", "tagged.logV2.A"],
  [`${fx}/hiccup.140623.1028.10646.hlog`, null, "hiccup.140623.1028.10646"],
  [`${fx}/tagged-non-monotonic.hlog`, "A", "tagged-non-monotonic.A"],
  [`${fx}/tagged-non-monotonic.hlog`, "B", "tagged-non-monotonic.B"],
  [`${fx}/tagged-non-monotonic.hlog`, "C", "tagged-non-monotonic.C"],
  [`${fx}/generated/java-1.3-relative-tagged.hlog`, null, "java-1.3-relative-tagged"],
  [`${fx}/generated/java-1.3-relative-tagged.hlog`, "db", "java-1.3-relative-tagged.db"],
  [`${fx}/generated/java-1.3-absolute.hlog`, null, "java-1.3-absolute"],
  [`${fx}/generated/v0-1.0-w8.hlog`, null, "v0-1.0-w8"],
  [`${fx}/generated/v1-1.1-w8.hlog`, null, "v1-1.1-w8"],
  [`${fx}/generated/v1-1.1-w4.hlog`, null, "v1-1.1-w4"],
  [`${fx}/generated/v2-1.2.hlog`, null, "v2-1.2"],
];

const exactKeys = ["count", "min", "max", "p50", "p90", "p99", "p999"] as const;

function compare(actual: Record<string, number>, golden: Record<string, number>, what: string): void {
  for (const k of exactKeys) assert.equal(actual[k], golden[k], `${what}.${k}`);
  assertClose(actual.mean, golden.mean, 1e-12, `${what}.mean`);
  assertClose(actual.stdDeviation, golden.stddev, 1e-12, `${what}.stddev`);
}

for (const [file, tag, name] of cases) {
  test(`hlog ${name}: intervals and merged total equal Java HistogramLogReader + getValueAtPercentile`, {
    skip: !existsSync(file) && `${file} not present`,
  }, async () => {
    const golden = JSON.parse(readFileSync(`${fx}/golden/${name}.json`, "utf8")) as Golden;
    const set = await readHistogramLog(openInput(file), file, { tag });
    assert.equal(set.intervals.length, golden.intervals.length, "interval count");
    set.intervals.forEach((s, k) => {
      const g = golden.intervals[k];
      assert.ok(Math.abs(s.start * 1000 - g.start) <= 1, `interval ${k} start ${s.start * 1000} vs ${g.start}`);
      assert.ok(Math.abs((s.start + s.length) * 1000 - g.end) <= 1.001, `interval ${k} end`);
      assert.equal(s.tag, tag);
      compare(s as unknown as Record<string, number>, g, `interval ${k}`);
      assertClose(s.throughput, g.count / s.length, 1e-12, `interval ${k} throughput`);
    });
    const total = {
      count: set.total.totalCount,
      min: set.total.min,
      max: set.total.max,
      mean: set.total.mean,
      stdDeviation: set.total.stdDeviation,
      p50: set.total.valueAtPercentile(50),
      p90: set.total.valueAtPercentile(90),
      p99: set.total.valueAtPercentile(99),
      p999: set.total.valueAtPercentile(99.9),
    };
    compare(total, golden.total, "total");
  });
}

test("hlog: the untagged default skips Tag= lines and lists the tags", async () => {
  const set = await readHistogramLog(openInput(`${fx}/generated/java-1.3-relative-tagged.hlog`), "x.hlog");
  assert.deepEqual(set.tags, ["db"]);
  assert.equal(set.intervals.length, 30);
  assert.equal(set.info.formatVersion, "1.3");
  assert.equal(set.info.baseTime, 1700000000.123);
  assert.equal(set.intervals[0].start, 1700000000.123);
});

test("hlog: the older EndTimestamp legend is recognised and its second column read as the interval length (as Java does)", async () => {
  const set = await readHistogramLog(openInput(`${fx}/hiccup.140623.1028.10646.hlog`), "h.hlog");
  assert.equal(set.info.legend, "end-timestamp");
  assert.equal(set.info.formatVersion, "1.01");
  assert.equal(set.intervals[1].length, 5);
});

const javaOk = existsSync(jar) && spawnSync("java", ["-version"]).status === 0;
test("hlog live: Java HlogGolden on the real jHiccup log matches the committed golden", {
  skip: !javaOk && "java or the HdrHistogram jar is absent (apt-get install default-jre-headless libhdrhistogram-java)",
}, () => {
  const file = `${real}/jHiccup-2.0.7S.logV2.hlog`;
  if (!existsSync(file)) return;
  let out: string;
  try {
    out = execFileSync("java", ["-cp", jar, "scripts/java/HlogGolden.java", file, "-"], { encoding: "utf8" });
  } catch (e) {
    assert.fail(`java failed: ${(e as Error).message}`);
  }
  assert.deepEqual(JSON.parse(out), JSON.parse(readFileSync(`${fx}/golden/jHiccup-2.0.7S.logV2.json`, "utf8")));
});
