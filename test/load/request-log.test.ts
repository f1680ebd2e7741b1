/**
 * Per-request logs (JMeter JTL, hey CSV, generic timestamp/latency CSVs) aggregated
 * into intervals. Reference: the exact nearest-rank percentile of each interval's
 * raw values (the smallest value with at least ceil(p/100 * n) values at or below
 * it, the definition HdrHistogram's getValueAtPercentile quantises), computed here
 * from the rows; tolerance relative 1e-3 (3 significant digits: HdrHistogram
 * reports the highest value equivalent to the true one, at most 1/1024 above).
 * Counts and throughput are exact.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { Readable } from "node:stream";
import { gzipSync } from "node:zlib";
import { test } from "node:test";
import { DataError } from "../../src/errors.js";
import { readRequestLog } from "../../src/load/request-log.js";
import { openInput } from "../../src/load/open-input.js";
import { jtlChunks } from "../../scripts/jtl-generator.js";
import { assertClose } from "../helpers/close.js";
import { tmpFile } from "../helpers/tmp.js";
import { realData } from "../helpers/real.js";

const hey = `${realData}/hey/hey-c16-per-request.csv`;

function nearestRank(sorted: number[], p: number): number {
  return sorted[Math.max(1, Math.ceil((p / 100) * sorted.length)) - 1];
}

test("hey CSV: 0.2 s intervals chosen for a 15 s run (partial first/last intervals count over the covered span); counts exact, percentiles within HdrHistogram precision of the raw values", async () => {
  const set = await readRequestLog(openInput(hey), hey);
  assert.equal(set.kind, "hey");
  assert.equal(set.unit, "s");
  assert.equal(set.interval, 0.2);
  const rows = readFileSync(hey, "utf8")
    .trim()
    .split("\n")
    .slice(1)
    .map((l) => l.split(","));
  const byInterval = new Map<number, number[]>();
  for (const r of rows) {
    const end = Number(r[7]) + Number(r[0]);
    const k = Math.floor(end / 0.2);
    if (!byInterval.has(k)) byInterval.set(k, []);
    byInterval.get(k)!.push(Number(r[0]));
  }
  assert.equal(set.total.totalCount, rows.length);
  let checked = 0;
  for (const s of set.intervals) {
    const values = (byInterval.get(Math.round(s.start / 0.2)) ?? []).sort((a, b) => a - b);
    assert.equal(s.count, values.length, `count at ${s.start}`);
    if (values.length === 0) continue;
    assertClose(s.throughput, values.length / s.length, 1e-12);
    if (s !== set.intervals[0] && s !== set.intervals.at(-1)) assert.equal(s.length, 0.2);
    for (const [k, p] of [
      ["p50", 50],
      ["p90", 90],
      ["p99", 99],
      ["max", 100],
    ] as const)
      assertClose(s[k], nearestRank(values, p), 1e-3, `${k} at ${s.start}`);
    checked++;
  }
  assert.ok(checked >= 70);
});

test("JTL: successes give throughput, failures are counted apart; --label filters; .gz and a given interval", async () => {
  const text = [...jtlChunks({ rows: 30000, seed: 3, startMs: 1_700_000_000_000, rate: 200 })].join("");
  const rows = text
    .trim()
    .split("\n")
    .slice(1)
    .map((l) => l.split(","));
  const file = tmpFile("run.jtl.gz", gzipSync(text));
  const set = await readRequestLog(openInput(file), file, { interval: 10 });
  assert.equal(set.format, "jtl");
  assert.equal(set.interval, 10);
  const ok = rows.filter((r) => r[7] === "true");
  assert.equal(set.total.totalCount, ok.length);
  assert.equal(set.totalErrors, rows.length - ok.length);
  assert.equal(
    set.intervals.reduce((a, s) => a + s.errors, 0),
    rows.length - ok.length,
  );
  // one interval against the raw rows
  const s = set.intervals[3];
  const inIt = ok
    .filter((r) => {
      const end = (Number(r[0]) + Number(r[1])) / 1000;
      return end >= s.start && end < s.start + 10;
    })
    .map((r) => Number(r[1]))
    .sort((a, b) => a - b);
  assert.equal(s.count, inIt.length);
  assert.equal(s.throughput, inIt.length / 10);
  for (const [k, p] of [
    ["p50", 50],
    ["p90", 90],
    ["p99", 99],
    ["max", 100],
  ] as const)
    assertClose(s[k], nearestRank(inIt, p), 1e-3, k);
  const search = await readRequestLog(Readable.from([text]), "run.jtl", { label: "GET /search", interval: 10 });
  assert.equal(search.total.totalCount, ok.filter((r) => r[2] === "GET /search").length);
  assert.deepEqual(search.tags.sort(), ["GET /home", "GET /search", "POST /cart"]);
  await assert.rejects(readRequestLog(Readable.from([text]), "run.jtl", { label: "nope" }), /no requests with label "nope"; the labels are/);
});

test("JTL without a header (JMeter's default field order) reads like one with it", async () => {
  const text = [...jtlChunks({ rows: 2000, seed: 5, startMs: 1_700_000_000_000, rate: 100 })].join("");
  const a = await readRequestLog(Readable.from([text]), "a.jtl", { interval: 1 });
  const b = await readRequestLog(Readable.from([text.slice(text.indexOf("\n") + 1)]), "b.jtl", { interval: 1 });
  assert.deepEqual(b.intervals, a.intervals);
});

test("generic timestamp,latency_ms,success CSV; the time is the completion time", async () => {
  const csv = "timestamp,latency_ms,success\n1000.5,12,true\n1000.9,30,false\n1001.2,8,true\n1003.0,100,true\n";
  const set = await readRequestLog(Readable.from([csv]), "g.csv", { interval: 1 });
  assert.equal(set.unit, "ms");
  assert.deepEqual(
    set.intervals.map((s) => [s.start, s.count, s.errors]),
    [
      [1000, 1, 1],
      [1001, 1, 0],
      [1002, 0, 0],
      [1003, 1, 0],
    ],
  );
  assertClose(set.intervals[0].max, 12, 1e-3);
});

test("memory stays bounded: a long run with a 1 s interval closes old intervals as it goes", async () => {
  const set = await readRequestLog(Readable.from(jtlChunks({ rows: 100000, seed: 9, startMs: 1_700_000_000_000, rate: 10 })), "long.jtl", { interval: 1 });
  assert.ok(set.intervals.length > 9000);
  for (let k = 1; k < set.intervals.length; k++) assert.ok(set.intervals[k].start > set.intervals[k - 1].start);
  assert.equal(set.intervals.reduce((a, s) => a + s.count, 0) + set.late, set.total.totalCount);
});

test("errors name file, line and column", async () => {
  const bad = async (csv: string, re: RegExp, line: number) =>
    assert.rejects(readRequestLog(Readable.from([csv]), "r.jtl"), (e: unknown) => {
      assert.ok(e instanceof DataError);
      assert.equal(e.location.line, line);
      assert.match(e.message, re);
      return true;
    });
  const h = "timeStamp,elapsed,label,responseCode,success\n";
  await bad(h + "1700000000000,12,a,200,true\n1700000000001,abc,a,200,true\n", /r\.jtl:3: column "elapsed": "abc" is not a response time/, 3);
  await bad(h + "1700000000000,-4,a,200,true\n", /cannot be negative/, 2);
  await bad(h + "1700000000000,4,a,200,maybe\n", /column "success": "maybe" is not a success flag/, 2);
  await bad(h + "yesterday,4,a,200,true\n", /column "timeStamp": "yesterday" is not a timestamp/, 2);
  await bad(h, /no requests/, 2);
});

test("a quoted JTL field (comma and newline in a failure message) switches to the RFC 4180 splitter; line numbers stay right", async () => {
  const h = "timeStamp,elapsed,label,responseCode,responseMessage,threadName,dataType,success,failureMessage,bytes\n";
  const ok = (t: number, e: number) => `${t},${e},a,200,OK,T 1,text,true,,100\n`;
  const text =
    h +
    ok(1700000000000, 10) +
    ok(1700000000100, 20) +
    `1700000000200,30,a,500,"Server, Error",T 1,text,false,"line one\nline two",100\n` +
    ok(1700000000300, 40) +
    "1700000000400,oops,a,200,OK,T 1,text,true,,100\n";
  await assert.rejects(readRequestLog(Readable.from([text]), "q.jtl", { interval: 1 }), (e: unknown) => {
    assert.ok(e instanceof DataError);
    assert.equal(e.location.line, 7);
    return true;
  });
  const good = await readRequestLog(Readable.from([text.slice(0, text.lastIndexOf("1700000000400"))]), "q.jtl", { interval: 1 });
  assert.equal(good.total.totalCount, 3);
  assert.equal(good.totalErrors, 1);
  assert.equal(good.total.max, 40);
});
