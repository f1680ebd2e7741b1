import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { parse } from "csv-parse/sync";
import { CsvRecords } from "../../src/load/csv-records.js";
import { DataError } from "../../src/errors.js";

function split(text: string, chunks: number[], delimiter = ","): { fields: string[]; line: number }[] {
  const out: { fields: string[]; line: number }[] = [];
  const r = new CsvRecords(delimiter, (fields, line) => out.push({ fields, line }), "t.csv");
  let pos = 0;
  for (const c of chunks) {
    r.push(text.slice(pos, pos + c));
    pos += c;
  }
  r.push(text.slice(pos));
  r.end();
  return out;
}

test("RFC 4180: quotes, doubled quotes, delimiters and newlines inside quotes, CRLF", () => {
  const text = 'a,b,c\r\n1,"x,y",3\r\n"he said ""hi""",2,"multi\nline"\n\n4,5,6';
  const recs = split(text, []);
  assert.deepEqual(
    recs.map((r) => r.fields),
    [
      ["a", "b", "c"],
      ["1", "x,y", "3"],
      ['he said "hi"', "2", "multi\nline"],
      ["4", "5", "6"],
    ],
  );
  assert.deepEqual(
    recs.map((r) => r.line),
    [1, 2, 3, 6],
  );
});

test("a BOM is dropped; an unclosed quote is a DataError naming the line", () => {
  assert.deepEqual(
    split("\uFEFFa,b\n1,2\n", []).map((r) => r.fields),
    [
      ["a", "b"],
      ["1", "2"],
    ],
  );
  assert.throws(
    () => split('a,b\n1,"2\n3,4\n', []),
    (e: unknown) => e instanceof DataError && /t.csv:2: .*not closed/.test(e.message),
  );
  assert.throws(
    () => split('a,b\n1,2"x\n', []),
    (e: unknown) => e instanceof DataError && /t.csv:2:/.test(e.message),
  );
});

test("cross-check against csv-parse on random CSV split into random chunks (fast-check)", () => {
  const cell = fc.oneof(
    fc.stringMatching(/^[a-z0-9. ]{0,6}$/),
    fc.string({ unit: fc.constantFrom("a", "1", ",", '"', "\n", "\r\n", " ", ";"), maxLength: 8 }).map((s) => `"${s.replace(/"/g, '""')}"`),
  );
  const row = (width: number) => fc.array(cell, { minLength: width, maxLength: width });
  const csv = fc
    .integer({ min: 1, max: 4 })
    .chain((w) => fc.tuple(fc.array(row(w), { minLength: 1, maxLength: 8 }), fc.constantFrom("\n", "\r\n"), fc.boolean()));
  fc.assert(
    fc.property(csv, fc.array(fc.integer({ min: 0, max: 7 }), { maxLength: 12 }), ([rows, eol, trailing], chunks) => {
      // Rows that are one empty unquoted field are blank lines: both parsers skip them.
      const text = rows.map((r) => r.join(",")).join(eol) + (trailing ? eol : "");
      const expected = parse(text, { skip_empty_lines: true, relax_column_count: true }) as string[][];
      const got = split(text, chunks).map((r) => r.fields);
      assert.deepEqual(got, expected);
    }),
    { numRuns: 2000 },
  );
});
