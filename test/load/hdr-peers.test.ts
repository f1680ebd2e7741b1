/**
 * The assertions of HdrHistogram's own test suites on their own logs (../shared/data/real/peers/hdr,
 * sources in peers/README.md), reproduced by chp's log reader:
 * - Java HdrHistogram@de84b0a7 src/test/java/org/HdrHistogram/HistogramLogReaderWriterTest.java:
 *   intervals read (whole log and reader.nextIntervalHistogram(start, end) ranges) accumulated into
 *   `new Histogram(3)`: histogram count, total count, getValueAtPercentile(99.9), getMaxValue(),
 *   getStartTimeSec();
 * - HdrHistogramJS@2be4f1f3 src/HistogramLogReader.spec.ts: floor(getMean()), start/end timestamps,
 *   ranges, tags, bug-whitespace.hlog;
 * - peers/README.md: the synthetic logs (V2 header normalizingIndexOffset 1, resp.
 *   integerToDoubleValueConversionRatio 2.0) as Java libhdrhistogram 2.1.11 reads them.
 * Range reads go through `--start S --end E` (seconds after the log's start) as a user gives them.
 */
import assert from "node:assert/strict";
import { execFile, spawnSync } from "node:child_process";
import { promisify } from "node:util";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { HdrHistogram } from "../../src/load/hdr/histogram.js";
import { readHistogramLog, scanHistogramLog } from "../../src/load/hdr/interval-log.js";
import type { IntervalHistogram } from "../../src/load/intervals.js";
import { openInput } from "../../src/load/open-input.js";
import { chp } from "../helpers/cli.js";
import { realData } from "../helpers/real.js";

const peers = join(realData, "peers/hdr");
const present = existsSync(peers);

/** The intervals of a log (one tag), in a range of seconds after its start. */
async function intervals(name: string, o: { start?: number; end?: number; tag?: string | null } = {}) {
  const got: IntervalHistogram[] = [];
  const info = await scanHistogramLog(openInput(join(peers, name)), name, { tag: o.tag ?? null, start: o.start, end: o.end }, (i) => got.push(i));
  return { got, info };
}

/** Java's `new Histogram(3)` accumulating the intervals, as the Java test does. */
function accumulate(list: readonly IntervalHistogram[]): HdrHistogram {
  const acc = new HdrHistogram({ lowestDiscernibleValue: 1, highestTrackableValue: Number.MAX_SAFE_INTEGER, significantDigits: 3 });
  for (const i of list) acc.add(i.histogram);
  return acc;
}

interface JavaCase {
  file: string;
  range: [number, number] | null;
  histograms: number;
  total: number;
  p999: number;
  max: number;
  /** Test method and its assertion lines. */
  source: string;
}

const javaCases: JavaCase[] = [
  { file: "jHiccup-2.0.7S.logV2.hlog", range: null, histograms: 62, total: 48761, p999: 1745879039, max: 1796210687, source: "jHiccupV2Log, lines 74-77" },
  { file: "jHiccup-2.0.7S.logV2.hlog", range: [5, 20], histograms: 15, total: 11664, p999: 1536163839, max: 1544552447, source: "jHiccupV2Log, lines 91-94" },
  {
    file: "jHiccup-2.0.7S.logV2.hlog",
    range: [40, 60],
    histograms: 20,
    total: 15830,
    p999: 1779433471,
    max: 1796210687,
    source: "jHiccupV2Log, lines 107-110",
  },
  { file: "jHiccup-2.0.6.logV1.hlog", range: null, histograms: 88, total: 65964, p999: 1829765119, max: 1888485375, source: "jHiccupV1Log, lines 128-131" },
  { file: "jHiccup-2.0.6.logV1.hlog", range: [5, 20], histograms: 15, total: 11213, p999: 1019740159, max: 1032323071, source: "jHiccupV1Log, lines 145-148" },
  { file: "jHiccup-2.0.6.logV1.hlog", range: [50, 80], histograms: 29, total: 22630, p999: 1871708159, max: 1888485375, source: "jHiccupV1Log, lines 161-164" },
  { file: "jHiccup-2.0.1.logV0.hlog", range: null, histograms: 81, total: 61256, p999: 1510998015, max: 1569718271, source: "jHiccupV0Log, lines 182-185" },
  { file: "jHiccup-2.0.1.logV0.hlog", range: [20, 45], histograms: 25, total: 18492, p999: 459007, max: 623103, source: "jHiccupV0Log, lines 199-202" },
  { file: "jHiccup-2.0.1.logV0.hlog", range: [46, 80], histograms: 34, total: 25439, p999: 1209008127, max: 1234173951, source: "jHiccupV0Log, lines 215-218" },
  { file: "ycsb.logV1.hlog", range: null, histograms: 602, total: 300056, p999: 1214463, max: 1546239, source: "ycsbV1Log, lines 236-239" },
  // "note the first histogram in the log is before 0, so we drop it on the floor"
  { file: "ycsb.logV1.hlog", range: [0, 180], histograms: 180, total: 90033, p999: 1375231, max: 1546239, source: "ycsbV1Log, lines 255-258" },
  { file: "ycsb.logV1.hlog", range: [180, 700], histograms: 421, total: 209686, p999: 530, max: 17775, source: "ycsbV1Log, lines 271-274" },
];

for (const c of javaCases) {
  const what = c.range ? `nextIntervalHistogram(${c.range[0]}, ${c.range[1]})` : "the whole log";
  test(`Java HistogramLogReaderWriterTest ${c.source}: ${c.file}, ${what}`, { skip: !present && "peers/hdr not present" }, async () => {
    const { got } = await intervals(c.file, c.range ? { start: c.range[0], end: c.range[1] } : {});
    assert.equal(got.length, c.histograms, "histogramCount");
    assert.equal(
      got.reduce((n, i) => n + i.histogram.totalCount, 0),
      c.total,
      "totalCount",
    );
    const acc = accumulate(got);
    assert.equal(acc.valueAtPercentile(99.9), c.p999, "getValueAtPercentile(99.9)");
    assert.equal(acc.max, c.max, "getMaxValue()");
    // the same range through the CLI: the same intervals and count
    const args = c.range ? ["--start", String(c.range[0]), "--end", String(c.range[1])] : [];
    const r = await chp("summary", join(peers, c.file), "--json", ...args);
    assert.equal(r.code, 0, r.stderr);
    const j = JSON.parse(r.stdout);
    assert.equal(j.intervals.length, c.histograms);
    assert.equal(j.total.count, c.total);
  });
}

test("Java getStartTimeSec() of each log (V2 line 78, V1 line 132, V0 line 186, ycsb line 240)", { skip: !present && "peers/hdr not present" }, async () => {
  for (const [file, start] of [
    ["jHiccup-2.0.7S.logV2.hlog", 1441812279.474],
    ["jHiccup-2.0.6.logV1.hlog", 1438867590.285],
    ["jHiccup-2.0.1.logV0.hlog", 1438869961.225],
    ["ycsb.logV1.hlog", 1438613579.295],
  ] as const) {
    const set = await readHistogramLog(openInput(join(peers, file)), file);
    assert.equal(set.info.startTime, start, file);
  }
});

test("Java taggedV2LogTest (lines 54-55): 32290 counts in all; tag A accumulates equal to the untagged intervals", {
  skip: !present && "peers/hdr not present",
}, async () => {
  const untagged = await intervals("tagged-Log.logV2.hlog");
  const a = await intervals("tagged-Log.logV2.hlog", { tag: "A" });
  const count = (l: IntervalHistogram[]) => l.reduce((n, i) => n + i.histogram.totalCount, 0);
  assert.equal(count(untagged.got) + count(a.got), 32290);
  const u = accumulate(untagged.got);
  const t = accumulate(a.got);
  assert.equal(t.totalCount, u.totalCount);
  for (const p of [0, 50, 90, 99, 99.9, 100]) assert.equal(t.valueAtPercentile(p), u.valueAtPercentile(p), `p${p}`);
  assert.equal(t.mean, u.mean);
  // HistogramLogReader.spec.ts "should parse tagged histogram": the second line is tag A, floor(mean) 301998
  assert.equal(Math.floor(a.got[0].histogram.mean), 301998);
});

test("HdrHistogramJS spec: floor(getMean()) of intervals 1 and 2 (301998, 293719), their start/end ms, the 9-yards total", {
  skip: !present && "peers/hdr not present",
}, async () => {
  const { got, info } = await intervals("jHiccup-2.0.7S.logV2.hlog");
  assert.equal(Math.floor(got[0].histogram.mean), 301998);
  assert.equal(Math.floor(got[1].histogram.mean), 293719);
  assert.equal(Math.round(got[0].start * 1000), 1441812279601); // startTimeStampMsec
  assert.equal(Math.round((got[0].start + got[0].length) * 1000), 1441812280608); // endTimeStampMsec
  assert.equal(info.startTime, 1441812279.474);
  // "the whole 9 yards": Int32Histogram(1, MAX_SAFE_INTEGER, 3): 62 histograms, 48761, p99.9 1745879039
  assert.equal(got.length, 62);
  assert.equal(accumulate(got).valueAtPercentile(99.9), 1745879039);
});

test("HdrHistogramJS spec: BaseTime (1441812123250/1441812124257) and no header (127/1134)", { skip: !present && "peers/hdr not present" }, async () => {
  const based = await intervals("jHiccup-with-basetime-2.0.7S.logV2.hlog");
  assert.equal(Math.round(based.got[0].start * 1000), 1441812123250);
  assert.equal(Math.round((based.got[0].start + based.got[0].length) * 1000), 1441812124257);
  const bare = await intervals("jHiccup-no-header-2.0.7S.logV2.hlog");
  assert.equal(Math.round(bare.got[0].start * 1000), 127);
  assert.equal(Math.round((bare.got[0].start + bare.got[0].length) * 1000), 1134);
});

test("HdrHistogramJS spec: range [0, 2] -> the first two intervals; [0.01, 0.1] and [62, 63] -> none (an error naming the log's span)", {
  skip: !present && "peers/hdr not present",
}, async () => {
  const { got } = await intervals("jHiccup-2.0.7S.logV2.hlog", { start: 0, end: 2 });
  assert.deepEqual(
    got.map((i) => Math.floor(i.histogram.mean)),
    [301998, 293719],
  );
  const file = join(peers, "jHiccup-2.0.7S.logV2.hlog");
  for (const [s, e] of [
    ["0.01", "0.1"],
    ["62", "63"],
  ]) {
    const r = await chp("summary", file, "--start", s, "--end", e);
    assert.equal(r.code, 3, `${s}..${e}`); // a DataError
    assert.match(r.stderr, /no interval starts in --start .* --end .*: its intervals start from 0\.127 to 61\.131 s/);
  }
});

test("HdrHistogramJS bug-whitespace.hlog parses (a trailing blank; normalizingIndexOffset 1 in its V2 header): one empty interval of tag bo-global-http", {
  skip: !present && "peers/hdr not present",
}, async () => {
  const { got } = await intervals("bug-whitespace.hlog", { tag: "bo-global-http" });
  assert.equal(got.length, 1);
  assert.equal(got[0].histogram.totalCount, 0);
  assert.equal(got[0].start, 1527510686.313);
  const r = await chp("summary", join(peers, "bug-whitespace.hlog"), "--tag", "bo-global-http", "--json");
  assert.equal(r.code, 0, r.stderr);
  assert.equal(JSON.parse(r.stdout).total.count, 0);
});

test("synthetic logs (peers/README.md, Java 2.1.11): normalizingIndexOffset 1 and conversion ratio 2.0 read as Java's integer Histogram reads them", {
  skip: !present && "peers/hdr not present",
}, async () => {
  for (const file of ["synthetic-nio1.hlog", "synthetic-ratio2.hlog"]) {
    const { got } = await intervals(file);
    const h = got[0].histogram;
    assert.equal(h.totalCount, 741, file);
    assert.equal(h.mean, 301998.4669365722, file); // the ratio does not scale an integer histogram's mean
    assert.equal(h.valueAtPercentile(50), 344063, file);
    assert.equal(h.max, 2768895, file);
    const r = await chp("summary", join(peers, file), "--json");
    assert.equal(r.code, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).total.mean, 301998.4669365722);
  }
});

const execFileAsync = promisify(execFile);
const jar = "/usr/share/java/hdrhistogram.jar";
const javaOk = present && existsSync(jar) && spawnSync("java", ["-version"]).status === 0;
test("live: Java HlogGolden reads the synthetic logs with the same count, mean, p50 and max", {
  skip: !javaOk && "java or the HdrHistogram jar is absent (apt-get install default-jre-headless libhdrhistogram-java)",
}, async () => {
  const files = ["synthetic-nio1.hlog", "synthetic-ratio2.hlog"];
  // The two Java runs (each compiles HlogGolden.java first) at the same time.
  const outs = await Promise.all(
    files.map((file) => execFileAsync("java", ["-cp", jar, "scripts/java/HlogGolden.java", join(peers, file), "-"], { encoding: "utf8" })),
  );
  for (const [i, file] of files.entries()) {
    const out = JSON.parse(outs[i].stdout);
    const set = await readHistogramLog(openInput(join(peers, file)), file);
    assert.equal(set.total.totalCount, out.total.count);
    assert.equal(set.total.mean, out.total.mean);
    assert.equal(set.total.valueAtPercentile(50), out.total.p50);
    assert.equal(set.total.max, out.total.max);
  }
});

test("--start/--end: usage errors for a bad value and for a format without interval logs' time range", async () => {
  const bad = await chp("summary", join(realData, "hdrhistogram/jHiccup-2.0.7S.logV2.hlog"), "--start", "soon");
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--start "soon": expected seconds after the log's start/);
  const csv = await chp("summary", "data/web-steady.csv", "--end", "10");
  assert.equal(csv.code, 2);
  assert.match(
    csv.stderr,
    /--end does not apply to data\/web-steady\.csv, which is .*: --start\/--end select the intervals of an HdrHistogram log, or the requests of a per-request log/,
  );
});
