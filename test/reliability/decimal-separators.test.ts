/**
 * Decimal and thousands separators: in a file separated by tabs or ";", a cell whose comma may group
 * thousands ("1,234": 1.234 or 1234) with no earlier cell of its column telling which, and a column
 * mixing decimal commas with decimal points, are errors naming both readings (exit 3), never a
 * reading 1000 times too low. Unambiguous decimal commas are read, with a warning naming the real
 * field separator. The files are made here.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { chp } from "../helpers/cli.js";
import { tmpFile } from "../helpers/tmp.js";
import { formatLocated } from "../../src/errors.js";
import { reliabilityMessage as rm, separatorMessage as sm } from "../../src/messages.js";

const data = 3;
const rows = (d: string, ...lines: string[][]) => ["timestamp", "throughput", "response_ms"].join(d) + "\n" + lines.map((l) => l.join(d)).join("\n") + "\n";
const located = (file: string, line: number, column: string, text: string) => `chp: ${formatLocated(`${text}; ${rm.skipHint()}`, { file, line, column })}\n`;

test('a TSV with "1,234" (quoted, as Excel writes it): an error naming 1.234 and 1234, not 1.234 and a warning about ";"', async () => {
  const file = tmpFile("thousands.tsv", rows("\t", ["1714521600", '"1,234"', "12.5"], ["1714521660", "1100", "13"]));
  const r = await chp("summary", file);
  assert.equal(r.code, data);
  assert.equal(sm.ambiguous("1,234", 1.234, 1234).includes("1.234 with a decimal comma or as 1234 with a thousands comma"), true);
  assert.equal(r.stderr, located(file, 2, "throughput", sm.ambiguous("1,234", 1.234, 1234)));
});

test('"1.234" in a ";" file that writes decimal commas elsewhere in the column: an error naming both readings', async () => {
  const file = tmpFile("mixed.csv", rows(";", ["1714521600", "100", "12,5"], ["1714521660", "110", "1.234"]));
  const r = await chp("summary", file);
  assert.equal(r.code, data);
  assert.equal(r.stderr, located(file, 3, "response_ms", sm.mixed("1.234", 1.234, 1234, "12,5", 2)));
  assert.match(sm.mixed("1.234", 1.234, 1234, "12,5", 2), /reads as 1\.234 \(or as 1234, if its point groups thousands\)/);
});

test("a comma that may group thousands after decimal points in the column: mixed, both readings named", async () => {
  const file = tmpFile("mixed2.tsv", rows("\t", ["1714521600", "100", "12.5"], ["1714521660", "110", "2,500"]));
  const r = await chp("summary", file);
  assert.equal(r.code, data);
  assert.equal(r.stderr, located(file, 3, "response_ms", sm.mixed("2,500", 2.5, 2500, "12.5", 2)));
});

test("unambiguous decimal commas are read (12,5; 0,125; then 1,234 as 1.234), the warning naming tabs or ;", async () => {
  for (const [d, name] of [
    ["\t", "tabs.tsv"],
    [";", "semi.csv"],
  ] as const) {
    const file = tmpFile(name, rows(d, ["1714521600", "100", "12,5"], ["1714521660", "110", "0,125"], ["1714521720", "120", "1,234"]));
    const r = await chp("summary", file, "--json");
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, `chp: ${file}: ${rm.decimalComma(2, "12,5", d)}\n`);
    assert.match(r.stderr, d === "\t" ? /the file uses tabs between fields/ : /the file uses ";" between fields/);
    const s = JSON.parse(r.stdout) as { response: { min: number; max: number; n: number } };
    assert.equal(s.response.n, 3);
    assert.equal(s.response.min, 0.125);
    assert.equal(s.response.max, 12.5);
  }
});

test("decimal points alone in a TSV stay plain (1.234 is 1.234), and --skip-bad-rows skips an ambiguous row", async () => {
  const plain = tmpFile("points.tsv", rows("\t", ["1714521600", "100", "1.234"], ["1714521660", "110", "2.5"]));
  const r = await chp("summary", plain, "--json");
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stderr, "");
  assert.equal((JSON.parse(r.stdout) as { response: { min: number } }).response.min, 1.234);
  const file = tmpFile("skip.tsv", rows("\t", ["1714521600", "100", "12.5"], ["1714521660", "1,500", "13"], ["1714521720", "120", "14"]));
  const s = await chp("summary", file, "--json", "--skip-bad-rows");
  assert.equal(s.code, 0, s.stderr);
  assert.equal((JSON.parse(s.stdout) as { throughput: { n: number } }).throughput.n, 2);
});
