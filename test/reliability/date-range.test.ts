/**
 * Times a JavaScript Date cannot hold (|t| > 8.64e12 s from 1970, ECMAScript's +-8.64e15 ms) are
 * a data error naming the line, at read time — in the .hlog reader (an interval starting at
 * 1e300 s) and the time-series reader (nanosecond epochs around 1e30) — never "Invalid time
 * value" when a time axis is drawn.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { chp } from "../helpers/cli.js";
import { tmpDir } from "../helpers/tmp.js";
import { maxDateSeconds } from "../../src/load/parse-cell.js";

const dataError = 3;

/** One interval histogram as jHiccup wrote it (test/load/fixtures/hiccup.140623.1028.10646.hlog, line 5). */
function histogramText(): string {
  const line = readFileSync("test/load/fixtures/hiccup.140623.1028.10646.hlog", "utf8").split("\n")[4];
  return line.split(",")[3];
}

function hlog(name: string, header: string[], starts: string[]): string {
  const h = histogramText();
  const lines = [...header, '"StartTimestamp","Interval_Length","Interval_Max","Interval_Compressed_Histogram"', ...starts.map((s) => `${s},5.000,0.115,${h}`)];
  const file = join(tmpDir(), name);
  writeFileSync(file, lines.join("\n") + "\n");
  return file;
}

async function refused(file: string, line: number, ...extra: string[]): Promise<void> {
  const out = join(tmpDir(), "never.svg");
  const r = await chp("plot", file, "-o", out, ...extra);
  assert.equal(r.code, dataError, r.stderr);
  assert.doesNotMatch(r.stderr, /internal error|Invalid time value/);
  assert.match(r.stderr, new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:${line}:`));
  assert.match(r.stderr, /beyond what a date can hold \(\+-8\.64e12 s/);
  assert.equal(existsSync(out), false, "nothing written");
}

test("date range: the limit is ECMAScript's, 8.64e15 ms", () => {
  assert.equal(maxDateSeconds * 1000, 8.64e15);
  assert.ok(Number.isFinite(new Date(maxDateSeconds * 1000).getTime()));
  assert.ok(Number.isNaN(new Date(maxDateSeconds * 1000 + 1).getTime()));
});

test("date range: a .hlog interval starting at 1e300 s is a data error naming its line", async () => {
  await refused(hlog("far.hlog", ["#[Histogram log format version 1.3]"], ["1e300"]), 3);
  await refused(hlog("far-second.hlog", ["#[Histogram log format version 1.3]"], ["0.5", "1e300"]), 4);
  // A base time that puts the interval beyond the range
  await refused(hlog("far-base.hlog", ["#[StartTime: 1e300]", "#[BaseTime: 1e300]"], ["0.5"]), 4);
  // An interval that starts inside the range and ends beyond it
  await refused(hlog("far-end.hlog", [], [String(maxDateSeconds - 1)]), 2);
  const r = await chp("summary", hlog("far-summary.hlog", [], ["1e300"]));
  assert.equal(r.code, dataError, r.stderr);
});

test("date range: a .hlog interval far outside is skipped with --skip-bad-rows", async () => {
  const file = hlog("far-skip.hlog", [], ["0.5", "1e300", "5.5"]);
  const out = join(tmpDir(), "skip.svg");
  const r = await chp("plot", file, "-o", out, "--skip-bad-rows", "--q", "1");
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /skipped 1 bad row/);
});

test("date range: nanosecond epochs around 1e30 in a CSV are a data error naming the line and column", async () => {
  const rows = ["timestamp,throughput,response_ms"];
  for (let i = 0; i < 60; i++) rows.push(`${(1e30 + i * 6e10).toExponential(6)},${100 + i},${10 + (i % 7)}`);
  const file = join(tmpDir(), "ns-1e30.csv");
  writeFileSync(file, rows.join("\n") + "\n");
  await refused(file, 2);
  const r = await chp("summary", file);
  assert.equal(r.code, dataError, r.stderr);
  assert.match(r.stderr, /column "timestamp": timestamp "1\.000000e\+30" is 1\.000e\+21 s from 1970/);
});

test("date range: a plain numeric CSV (the fast path) with an epoch-seconds time beyond the range is refused too", async () => {
  // 15 digits, read by the fast reader: 1e15 s is beyond the range although the first rows are 2024.
  const file = join(tmpDir(), "far-fast.csv");
  writeFileSync(file, "timestamp,throughput,response_ms\n1714521600,1,2\n1714521660,2,3\n999999999999999,3,4\n");
  const r = await chp("plot", file, "--q", "1", "-o", join(tmpDir(), "never2.svg"));
  assert.equal(r.code, dataError, r.stderr);
  assert.match(r.stderr, /:4: column "timestamp"/);
});
