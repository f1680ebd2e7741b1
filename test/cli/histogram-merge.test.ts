/**
 * `chp summary|plot|analyze` on several per-request logs (one per load generator),
 * and `chp summary --by-label`. The reference is the same command on one log that
 * holds all the rows: its JSON must come out identical (no tolerance). Values
 * against raw nearest-rank percentiles are checked in test/load/request-log-merge.test.ts.
 */
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { test } from "node:test";
import { chp } from "../helpers/cli.js";
import { tmpDir, tmpFile } from "../helpers/tmp.js";
import { jtlChunks } from "../../scripts/jtl-generator.js";
import { realData } from "../helpers/real.js";
import { requestLogMergeMessage as mm } from "../../src/messages.js";

const totalKeys = ["count", "errors", "errorRate", "min", "max", "mean", "p50", "p90", "p95", "p99", "p999"];
const intervalKeys = ["tag", "start", "length", "count", "throughput", "max", "mean", "p50", "p90", "p95", "p99", "p999"];
const hiccup = `${realData}/hdrhistogram/jHiccup-2.0.7S.logV2.hlog`;

const text = [...jtlChunks({ rows: 20000, seed: 21, startMs: 1_700_000_000_000, rate: 200 })].join("");
const [header, ...rows] = text.trimEnd().split("\n");
const whole = tmpFile("whole.jtl", text);
const host1 = tmpFile("host1.jtl", [header, ...rows.filter((_, i) => i % 2 === 0)].join("\n") + "\n");
const host2 = tmpFile("host2.jtl", [header, ...rows.filter((_, i) => i % 2 === 1)].join("\n") + "\n");

test("summary host1.jtl host2.jtl --json is the summary of the one log holding both (same intervals, counts, percentiles)", async () => {
  const w = await chp("summary", whole, "--json");
  const m = await chp("summary", host1, host2, "--json");
  assert.equal(m.code, 0, m.stderr);
  assert.equal(m.stdout, w.stdout);
  const j = JSON.parse(m.stdout);
  assert.deepEqual(Object.keys(j), ["unit", "total", "intervals"]);
  assert.equal(
    j.intervals.reduce((n: number, i: { count: number }) => n + i.count, 0),
    j.total.count,
  );
  assert.equal(j.intervals.length, 101); // a 100 s run -> 1 s intervals (2 s would give fewer than 60)
  const t = await chp("summary", host1, host2);
  assert.match(t.stdout, /host1\.jtl \+ .*host2\.jtl: jtl, 101 intervals/);
  // --interval and --label go through the merge too
  for (const flags of [
    ["--interval", "5s"],
    ["--label", "GET /search"],
  ]) {
    const a = await chp("summary", whole, "--json", ...flags);
    const b = await chp("summary", host1, host2, "--json", ...flags);
    assert.equal(b.code, 0, b.stderr);
    assert.equal(b.stdout, a.stdout, flags.join(" "));
  }
});

test("the hey log split in two merges to the whole log's summary", async () => {
  const hey = readFileSync(`${realData}/hey/hey-c16-per-request.csv`, "utf8").trimEnd().split("\n");
  const half = Math.ceil((hey.length - 1) / 2);
  const a = tmpFile("hey-1.csv", [hey[0], ...hey.slice(1, 1 + half)].join("\n") + "\n");
  const b = tmpFile("hey-2.csv", [hey[0], ...hey.slice(1 + half)].join("\n") + "\n");
  const w = await chp("summary", `${realData}/hey/hey-c16-per-request.csv`, "--json");
  const m = await chp("summary", a, b, "--json");
  assert.equal(m.code, 0, m.stderr);
  assert.equal(m.stdout, w.stdout);
  assert.equal(JSON.parse(m.stdout).total.count, 16814);
});

test("summary --by-label: labels beside the overall total/intervals, with the same keys; a per-label table in the text", async () => {
  const r = await chp("summary", whole, "--by-label", "--json");
  assert.equal(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  assert.deepEqual(Object.keys(j), ["unit", "total", "intervals", "labels"]);
  assert.deepEqual(Object.keys(j.labels), ["GET /home", "GET /search", "POST /cart"]);
  const plain = JSON.parse((await chp("summary", whole, "--json")).stdout);
  assert.deepEqual(j.total, plain.total);
  assert.deepEqual(j.intervals, plain.intervals);
  let count = 0;
  for (const [label, l] of Object.entries(j.labels) as [string, { total: Record<string, number>; intervals: Record<string, unknown>[] }][]) {
    assert.deepEqual(Object.keys(l), ["total", "intervals"]);
    assert.deepEqual(Object.keys(l.total), totalKeys);
    assert.equal(l.intervals.length, j.intervals.length);
    for (const i of l.intervals) assert.deepEqual(Object.keys(i), intervalKeys);
    assert.equal(l.intervals[3].tag, label);
    // a label's total is the one --label gives
    assert.deepEqual(l.total, JSON.parse((await chp("summary", whole, "--json", "--label", label)).stdout).total);
    count += l.total.count;
  }
  assert.equal(count, j.total.count);
  // merged logs split by label the same way
  const m = await chp("summary", host1, host2, "--by-label", "--json");
  assert.equal(m.stdout, r.stdout);
  const t = await chp("summary", whole, "--by-label");
  assert.match(t.stdout, /by label .*\n *label +count +errors +min +mean +p50 +p90 +p95 +p99 +p999 +max\n/);
  assert.match(t.stdout, /POST \/cart +\d+/);
});

test("usage errors: .hlog mixed with a JTL, --by-label with --label, with an .hlog, or on plot", async () => {
  const mixed = await chp("summary", hiccup, whole);
  assert.equal(mixed.code, 2);
  assert.ok(mixed.stderr.includes(mm.mixedMerge(hiccup, whole)), mixed.stderr);
  const mixed2 = await chp("summary", whole, hiccup);
  assert.equal(mixed2.code, 2);
  assert.ok(mixed2.stderr.includes(mm.mixedMerge(hiccup, whole)), mixed2.stderr);
  const both = await chp("summary", whole, "--by-label", "--label", "GET /home");
  assert.equal(both.code, 2);
  assert.ok(both.stderr.includes(mm.byLabelWithLabel()));
  const h = await chp("summary", hiccup, "--by-label");
  assert.equal(h.code, 2);
  assert.ok(h.stderr.includes(mm.byLabelNeedsRequestLog(hiccup)));
  assert.equal((await chp("plot", whole, "--by-label")).code, 2);
});

test("plot and analyze of two per-request logs: the headroom plot of the merged intervals", async () => {
  const dir = tmpDir();
  const p = await chp("plot", host1, host2, "-o", `${dir}/merged.png`);
  assert.equal(p.code, 0, p.stderr);
  assert.ok(existsSync(`${dir}/merged.png`));
  const a = await chp("analyze", host1, host2);
  assert.equal(a.code, 0, a.stderr);
  assert.equal(a.stdout, (await chp("analyze", whole)).stdout.replace(JSON.stringify(whole), JSON.stringify(`${host1} + ${host2}`)));
});
