/**
 * Several per-request logs merged onto one interval grid, and --by-label. The
 * reference is reading one log that holds all the rows: the rows of a generated
 * JTL (or of the real hey log) dealt between two files must give exactly the
 * same intervals, counts, errors and percentiles (deepEqual, no tolerance: the
 * same histograms). Per-label totals are checked against the exact nearest-rank
 * percentile of the label's raw values, relative 1e-3 (HdrHistogram's 3
 * significant digits, as in request-log.test.ts).
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { Readable } from "node:stream";
import { test } from "node:test";
import { DataError } from "../../src/errors.js";
import { distributionStats } from "../../src/load/intervals.js";
import { readMergedRequestLogs } from "../../src/load/merge-intervals.js";
import { readRequestLog, type RequestLogOptions, type RequestLogSet } from "../../src/load/request-log.js";
import { openInput } from "../../src/load/open-input.js";
import { seededRandom } from "../../src/util/random.js";
import { jtlChunks } from "../../scripts/jtl-generator.js";
import { assertClose } from "../helpers/close.js";
import { realData } from "../helpers/real.js";
import { tmpFile } from "../helpers/tmp.js";

const hey = `${realData}/hey/hey-c16-per-request.csv`;

/** Text in chunks of about 64 KiB, as a file stream gives it. */
const chunked = (text: string) => Readable.from(text.match(/[\s\S]{1,65536}/g) ?? []);

/** The rows after the header dealt between two files: row 0 to the first, then by `toSecond(i)`. */
function split(text: string, toSecond: (i: number, n: number) => boolean): [string, string] {
  const [header, ...rows] = text.trimEnd().split("\n");
  const a = [header],
    b = [header];
  rows.forEach((r, i) => (i > 0 && toSecond(i, rows.length) ? b : a).push(r));
  return [a.join("\n") + "\n", b.join("\n") + "\n"];
}

async function whole(text: string, o: Partial<RequestLogOptions> = {}): Promise<RequestLogSet> {
  return readRequestLog(chunked(text), "whole", o);
}

async function merged(parts: readonly string[], o: Partial<RequestLogOptions> = {}): Promise<RequestLogSet> {
  return readMergedRequestLogs(
    parts.map((t, i) => ({ file: `part${i + 1}`, source: chunked(t) })),
    o,
  );
}

function assertSame(m: RequestLogSet, w: RequestLogSet): void {
  assert.equal(m.interval, w.interval);
  assert.equal(m.intervals.length, w.intervals.length);
  assert.deepEqual(m.intervals, w.intervals);
  assert.deepEqual(distributionStats(m.total, m.scale), distributionStats(w.total, w.scale));
  assert.equal(m.totalErrors, w.totalErrors);
  assert.equal(m.late, w.late);
  assert.equal(m.startTime, w.startTime);
  assert.equal(m.format, w.format);
  assert.equal(m.file, "part1 + part2");
}

const jtl = [...jtlChunks({ rows: 40000, seed: 11, startMs: 1_700_000_000_000, rate: 250 })].join("");

test("two JTLs holding the rows of one (dealt at random) merge to exactly its intervals: interval chosen from the combined run, and a given --interval", async () => {
  const rnd = seededRandom(5);
  const parts = split(jtl, () => rnd.uniform() < 0.5);
  assert.ok(parts[0].length > 1e6 && parts[1].length > 1e6);
  const w = await whole(jtl);
  const m = await merged(parts);
  assertSame(m, w);
  assert.equal(w.interval, 2); // 160 s run -> 2 s, at least 60 intervals
  assert.equal(m.total.totalCount + m.totalErrors, 40000);
  // each half alone spans the same run, but holds half the requests
  const half = await whole(parts[0]);
  assert.ok(half.total.totalCount < 0.6 * m.total.totalCount);
  const w10 = await whole(jtl, { interval: 10 });
  const m10 = await merged(parts, { interval: 10 });
  assertSame(m10, w10);
  assert.equal(m10.intervals.length, 16);
  assert.ok(m10.intervals.slice(1, -1).every((s) => s.length === 10 && s.throughput === s.count / 10));
});

test("the hey log split into its first and second halves merges to exactly the whole log's intervals", async () => {
  const text = readFileSync(hey, "utf8");
  const parts = split(text, (i, n) => i >= n / 2);
  const w = await whole(text);
  const m = await merged(parts);
  assertSame(m, w);
  assert.equal(m.total.totalCount, 16814);
  assert.equal(m.interval, 0.2);
  // and from the files, through the gzip-aware opener
  const f = [tmpFile("hey-a.csv", parts[0]), tmpFile("hey-b.csv", parts[1])];
  assertSame(await readMergedRequestLogs(f.map((file) => ({ file, source: openInput(file) }))).then((s) => ({ ...s, file: "part1 + part2" })), w);
});

test("three generators over the same run, read together: with 0.1 s intervals (1,600, far more than the 256 kept open) none is closed before the lagging files reach it", async () => {
  const parts = split(jtl, (i) => i % 3 !== 0);
  const [a, bc] = parts;
  const [b, c] = split(bc, (i) => i % 2 === 1);
  const w = await whole(jtl, { interval: 0.1 });
  const m = await readMergedRequestLogs(
    [a, b, c].map((t, i) => ({ file: `g${i}`, source: chunked(t) })),
    { interval: 0.1 },
  );
  assert.ok(w.intervals.length > 1500);
  assert.equal(w.late, 0);
  assert.equal(m.late, 0);
  assert.deepEqual(m.intervals, w.intervals);
});

test("--by-label: one interval set per label on the overall grid; per-interval counts add up; label totals = nearest rank of the raw values", async () => {
  const w = await whole(jtl, { byLabel: true });
  assert.deepEqual(
    w.labels!.map((l) => l.label),
    ["GET /home", "GET /search", "POST /cart"],
  );
  const rows = jtl
    .trim()
    .split("\n")
    .slice(1)
    .map((l) => l.split(","));
  for (const l of w.labels!) {
    assert.equal(l.intervals.length, w.intervals.length);
    const values = rows
      .filter((r) => r[2] === l.label && r[7] === "true")
      .map((r) => Number(r[1]))
      .sort((x, y) => x - y);
    const st = distributionStats(l.total, w.scale);
    assert.equal(st.count, values.length);
    assert.equal(l.totalErrors, rows.filter((r) => r[2] === l.label && r[7] === "false").length);
    const rank = (p: number) => values[Math.max(1, Math.ceil((p / 100) * values.length)) - 1];
    for (const [k, p] of [
      ["p50", 50],
      ["p90", 90],
      ["p99", 99],
      ["p999", 99.9],
      ["max", 100],
    ] as const)
      assertClose(st[k], rank(p), 1e-3, `${l.label} ${k}`);
    assert.equal(st.min, values[0]);
  }
  w.intervals.forEach((s, k) => {
    assert.equal(
      w.labels!.reduce((n, l) => n + l.intervals[k].count, 0),
      s.count,
    );
    assert.equal(
      w.labels!.reduce((n, l) => n + l.intervals[k].errors, 0),
      s.errors,
    );
    for (const l of w.labels!) {
      assert.equal(l.intervals[k].start, s.start);
      assert.equal(l.intervals[k].length, s.length);
      assert.equal(l.intervals[k].tag, l.label);
    }
  });
  // the overall intervals are those without --by-label
  assert.deepEqual(w.intervals, (await whole(jtl)).intervals);
  // merged logs split by label alike
  const m = await merged(
    split(jtl, (i) => i % 2 === 1),
    { byLabel: true },
  );
  assert.deepEqual(
    m.labels!.map((l) => l.intervals),
    w.labels!.map((l) => l.intervals),
  );
});

test("--by-label caps the labels (with the file and line of the first one over), even with --skip-bad-rows; needs a label column", async () => {
  await assert.rejects(whole(jtl, { byLabel: true, maxLabels: 2, skipBadRows: true }), (e: unknown) => {
    assert.ok(e instanceof DataError);
    assert.equal(e.location.file, "whole");
    assert.equal(e.location.line, 4);
    assert.match(e.message, /more than 2 labels \(the next is "POST \/cart"\)/);
    return true;
  });
  await assert.rejects(whole("timestamp,latency_ms\n1700000000000,5\n", { byLabel: true }), /--by-label needs a label column/);
});

test("merging logs of different kinds or units, or absolute with relative times, is an error naming both files", async () => {
  const csvS = "timestamp,latency_s\n1700000000.5,0.01\n1700000001.5,0.02\n";
  await assert.rejects(
    merged([jtl, csvS]),
    (e: unknown) =>
      e instanceof DataError &&
      /cannot merge part2 with part1: its response times are per-request CSV values in s where part1's are JTL values in ms/.test(e.message),
  );
  const heyText = readFileSync(hey, "utf8");
  const rel = split(heyText, () => false)[0];
  const abs = "start_time,response_s\n1700000000.5,0.01\n1700000001.5,0.02\n";
  await assert.rejects(merged([rel, abs]), /cannot merge part2 with part1: one has absolute \(epoch\) times/);
  // different kinds with values held alike merge: hey (s) and a seconds CSV with relative times
  const relCsv = "offset,response_s\n0.5,0.01\n1.5,0.02\n";
  const m = await merged([rel, relCsv]);
  assert.equal(m.total.totalCount, 16814 + 2);
  assert.equal(m.format, "request-csv");
});
