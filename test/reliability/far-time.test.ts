/**
 * A time far outside the rest of a per-request log (one request stamped in the year 3000 among
 * 2024 stamps) is a data error naming its line, or is skipped with --skip-bad-rows; it no longer
 * gives 356,357 empty one-day intervals and exit 0. "Far": more than 366 days, or 10 times the
 * span of the requests before it, beyond them.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { chp } from "../helpers/cli.js";
import { tmpDir } from "../helpers/tmp.js";
import { formatLocated } from "../../src/errors.js";
import { reliabilityMessage as rm } from "../../src/messages.js";
import { farTimeFloor, farTimeSpans } from "../../src/load/interval-slots.js";

const data = 3;
const head = "timeStamp,elapsed,label,responseCode,success";
const may2024 = 1714521600000;
/** 100 requests a second apart from 2024-05-01, `odd` put before data row `at` (1-based). */
function jtl(name: string, odd: number | null, at: number): string {
  const rows = Array.from({ length: 100 }, (_, i) => `${may2024 + i * 1000},${20 + (i % 30)},home,200,true`);
  if (odd !== null) rows.splice(at - 1, 0, `${odd},25,home,200,true`);
  const file = join(tmpDir(), name);
  writeFileSync(file, [head, ...rows].join("\n") + "\n");
  return file;
}
const year3000 = Date.UTC(3000, 0, 1);
/** The completion time chp reads: the stamp is the start, plus the elapsed. */
const end = (stampMs: number, elapsedMs: number) => (stampMs + elapsedMs) / 1000;

test("far time: one request in the year 3000 among 2024 stamps is a data error naming its line", async () => {
  const file = jtl("y3000.jtl", year3000, 51);
  const r = await chp("summary", file);
  assert.equal(r.code, data, r.stdout.slice(0, 200));
  // the 50 requests before it end at 2024-05-01T00:00:00.020Z to 00:00:49.039Z (elapsed 20 + i % 30 ms)
  const reason = rm.farTime(end(year3000, 25), end(may2024, 20), end(may2024 + 49_000, 20 + (49 % 30)), 50);
  assert.equal(r.stderr, `chp: ${formatLocated(`${reason}; ${rm.skipHint()}`, { file, line: 52 })}\n`);
  assert.match(r.stderr, /time 3000-01-01T00:00:00\.025Z lies 356,\d{3} days after the 50 requests before it/);
});

test("far time: --skip-bad-rows leaves the row out and reads the other 100", async () => {
  const file = jtl("y3000-skip.jtl", year3000, 51);
  const r = await chp("summary", file, "--skip-bad-rows", "--json");
  assert.equal(r.code, 0, r.stderr);
  const s = JSON.parse(r.stdout) as { total: { count: number }; intervals: unknown[] };
  assert.equal(s.total.count, 100);
  assert.ok(s.intervals.length < 200, `${s.intervals.length} intervals`);
  assert.match(r.stderr, /^chp: skipped 1 bad row \(first at .*y3000-skip\.jtl:52: time 3000-01-01/);
});

test("far time: a time far before the rest (1990 among 2024), and an odd first row, are errors too", async () => {
  const early = Date.UTC(1990, 0, 1);
  const before = await chp("summary", jtl("y1990.jtl", early, 30));
  assert.equal(before.code, data);
  assert.match(before.stderr, /:31: time 1990-01-01T00:00:00\.025Z lies 12,\d{3} days before the 29 requests before it/);
  // the first row is the wrong one: the error names the second, and says the first may be wrong
  const first = await chp("summary", jtl("y3000-first.jtl", year3000, 1));
  assert.equal(first.code, data);
  assert.match(
    first.stderr,
    /:3: time 2024-05-01T00:00:00\.020Z lies 356,\d{3} days before the request before it \(3000-01-01T00:00:00\.025Z\): .*, or that request's is: fix the wrong one/,
  );
});

test("far time: real gaps are read (a run resumed 200 days later; a log a year long)", async () => {
  assert.equal(farTimeFloor, 366 * 86400);
  assert.equal(farTimeSpans, 10);
  const day = 86_400_000;
  const rows = [
    ...Array.from({ length: 50 }, (_, i) => `${may2024 + i * 1000},20,home,200,true`),
    ...Array.from({ length: 50 }, (_, i) => `${may2024 + 200 * day + i * 1000},30,home,200,true`),
  ];
  const resumed = join(tmpDir(), "resumed.jtl");
  writeFileSync(resumed, [head, ...rows].join("\n") + "\n");
  const r = await chp("summary", resumed, "--json");
  assert.equal(r.code, 0, r.stderr);
  assert.equal((JSON.parse(r.stdout) as { total: { count: number } }).total.count, 100);
  const daily = Array.from({ length: 365 }, (_, i) => `${may2024 + i * day},20,home,200,true`);
  const year = join(tmpDir(), "year.jtl");
  writeFileSync(year, [head, ...daily].join("\n") + "\n");
  const y = await chp("summary", year, "--json");
  assert.equal(y.code, 0, y.stderr);
});
