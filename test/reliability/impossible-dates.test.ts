/**
 * Impossible dates and times are errors naming the cell, never rolled over: `Date.UTC` reads
 * 2024-02-30 as 1 March, a silent wrong time.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { chp } from "../helpers/cli.js";
import { tmpDir } from "../helpers/tmp.js";
import { formatLocated } from "../../src/errors.js";
import { message, reliabilityMessage as rm } from "../../src/messages.js";
import { parseIsoSeconds } from "../../src/load/parse-cell.js";

const data = 3;
const head = "timestamp,throughput,response_ms";
const good = ["2024-02-28T00:00:00Z,100,12.5", "2024-02-28T00:01:00Z,110,13.1", "2024-02-28T00:02:00Z,120,13.9", "2024-02-28T00:03:00Z,130,15.2"];

function csvWith(name: string, row: string, at = 2): string {
  const rows = [...good];
  rows.splice(at, 0, row);
  const file = join(tmpDir(), name);
  writeFileSync(file, [head, ...rows].join("\n") + "\n");
  return file;
}

const impossible = [
  ["February 30", "2024-02-30T00:04:00Z"],
  ["February 29 of a common year", "2023-02-29T00:04:00Z"],
  ["April 31", "2024-04-31"],
  ["month 13", "2024-13-01T00:04:00Z"],
  ["month 0", "2024-00-10T00:04:00Z"],
  ["hour 25", "2024-02-28T25:00:00Z"],
  ["24:30", "2024-02-28T24:30:00Z"],
  ["minute 61", "2024-02-28T00:61:00Z"],
  ["minute 60", "2024-02-28 00:60:00"],
  ["second 61", "2024-02-28T00:04:61Z"],
  ["zone +24:00", "2024-02-28T00:04:00+24:00"],
] as const;

for (const [what, cell] of impossible) {
  test(`impossible dates: ${what} (${cell}) is a data error naming the cell, through chp summary`, async () => {
    const file = csvWith(`${what.replace(/\W+/g, "-")}.csv`, `${cell},125,14.5`);
    const r = await chp("summary", file);
    assert.equal(r.code, data, r.stdout);
    assert.equal(r.stderr, `chp: ${formatLocated(`${message.badTimestamp(cell)}; ${rm.skipHint()}`, { file, line: 4, column: "timestamp" })}\n`);
    assert.match(r.stderr, /no such date or time/);
  });
}

test("impossible dates: on the first data row too, and --skip-bad-rows skips the row", async () => {
  const file = csvWith("first-row.csv", "2024-02-30T00:00:00Z,90,11", 0);
  const r = await chp("summary", file);
  assert.equal(r.code, data);
  assert.equal(
    r.stderr,
    `chp: ${formatLocated(`${message.badTimestamp("2024-02-30T00:00:00Z")}; ${rm.skipHint()}`, { file, line: 2, column: "timestamp" })}\n`,
  );
  const skipped = await chp("summary", csvWith("skip.csv", "2024-02-30T00:04:00Z,125,14.5"), "--skip-bad-rows", "--json");
  assert.equal(skipped.code, 0, skipped.stderr);
  assert.equal((JSON.parse(skipped.stdout) as { throughput: { n: number } }).throughput.n, 4);
  assert.match(skipped.stderr, /skipped 1 bad row/);
});

test("impossible dates: the dates and times that exist still read (leap days, 24:00, a leap second, years 0-99)", () => {
  const utc = (iso: string) => Date.parse(iso) / 1000;
  assert.equal(parseIsoSeconds("2024-02-29T00:00:00Z"), utc("2024-02-29T00:00:00Z"));
  assert.equal(parseIsoSeconds("2000-02-29"), utc("2000-02-29T00:00:00Z"), "2000 is a leap year (divisible by 400)");
  assert.ok(Number.isNaN(parseIsoSeconds("1900-02-29")), "1900 is not (divisible by 100)");
  assert.equal(parseIsoSeconds("2024-12-31T24:00:00Z"), utc("2025-01-01T00:00:00Z"), "24:00 is the next midnight (ISO 8601)");
  assert.equal(parseIsoSeconds("2016-12-31T23:59:60Z"), utc("2017-01-01T00:00:00Z"), "a leap second reads as the next minute's first");
  const year99 = new Date(0);
  year99.setUTCFullYear(99, 2, 1);
  assert.equal(parseIsoSeconds("0099-03-01"), year99.getTime() / 1000, "year 99, not 1999");
  assert.equal(parseIsoSeconds("0000-02-29"), parseIsoSeconds("0000-03-01") - 86400, "year 0 is a leap year");
  assert.equal(parseIsoSeconds("2024-05-01T12:00:00+05:30"), utc("2024-05-01T06:30:00Z"));
  assert.equal(parseIsoSeconds("2024-05-01 12:00:00.25"), utc("2024-05-01T12:00:00.250Z"));
});
