/**
 * Property tests (fast-check, the fixed seed of test/helpers/fast-check-seed.mjs) of what reaches
 * the CSV readers and the printers:
 * - decimal and thousands separators: a ";" or tab file written in one locale's convention (US:
 *   decimal point, thousands comma; European: decimal comma, thousands point, with a decimal comma
 *   somewhere in the column) is read exactly as written or refused with a DataError, never read
 *   1000 times off;
 * - cells and column names holding U+2028/2029, C0/C1 controls and bidi controls: the readers
 *   return or throw a ChpError, cut anywhere into chunks; the printers (terminal escaping, the CLI)
 *   never let one through raw, and JSON output parses to the same value.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { Readable } from "node:stream";
import fc from "fast-check";
import { ChpError, DataError } from "../../src/errors.js";
import { readTimeSeries } from "../../src/load/time-series.js";
import { CsvRecords } from "../../src/load/csv-records.js";
import { escapeTerminal } from "../../src/util/escape-terminal.js";
import { runCli } from "../../src/cli/cli.js";
import { terminalIo } from "../../src/cli/io.js";
import { tmpFile } from "../helpers/tmp.js";

const runs = Number(process.env.CHP_FUZZ_RUNS ?? 300);
/** What must never reach a terminal raw. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const raw = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
/** Characters that have broken readers and terminals: separators, controls, bidi, quotes, delimiters. */
const hostile = fc.constantFrom(
  "\u2028",
  "\u2029",
  "\x1b",
  "\x07",
  "\x00",
  "\x7f",
  "\x9b",
  "\u202e",
  "\u2066",
  "\u2069",
  '"',
  ",",
  ";",
  "\t",
  "\r",
  ".",
  "é",
  "a",
  "1",
);
const hostileText = fc.array(hostile, { minLength: 1, maxLength: 12 }).map((a) => a.join(""));

/** A number as one locale writes it: `grouped` puts the thousands separator in. */
function written(value: number, locale: "us" | "eu", grouped: boolean): string {
  const [int, frac] = value.toFixed(value % 1 === 0 ? 0 : 2).split(".");
  const groups = grouped ? int.replace(/\B(?=(\d{3})+(?!\d))/g, locale === "us" ? "," : ".") : int;
  return frac === undefined ? groups : `${groups}${locale === "us" ? "." : ","}${frac}`;
}

const cellSpec = fc.record({
  value: fc.oneof(
    fc.integer({ min: 0, max: 5_000_000 }),
    fc.integer({ min: 0, max: 500_000 }).map((n) => n / 100),
  ),
  grouped: fc.boolean(),
});

test("separators: a ';' or tab file in one locale's convention is read exactly as written, or refused", async () => {
  let read = 0;
  await fc.assert(
    fc.asyncProperty(
      fc.constantFrom(";", "\t"),
      fc.constantFrom("us" as const, "eu" as const),
      fc.array(cellSpec, { minLength: 2, maxLength: 12 }),
      async (d, locale, cells) => {
        // A European column writes a decimal comma somewhere ("writes decimal commas elsewhere").
        if (locale === "eu") cells = [...cells, { value: 12.5, grouped: false }];
        const lines = ["timestamp", "throughput", "response_ms"].join(d);
        const text = [lines, ...cells.map((c, i) => [1714521600 + 60 * i, 100 + i, written(c.value, locale, c.grouped)].join(d))].join("\n") + "\n";
        let series;
        try {
          series = await readTimeSeries(Readable.from([text]), "f.csv");
        } catch (e) {
          assert.ok(e instanceof DataError, String(e));
          return;
        }
        assert.deepEqual(
          Array.from(series.response),
          cells.map((c) => Number(c.value.toFixed(2))),
          text,
        );
        read++;
      },
    ),
    { numRuns: runs },
  );
  // Not a property that holds by refusing everything: most files (those without a grouped cell) are read.
  assert.ok(read > runs / 20, `${read} of ${runs} read`);
});

test("hostile cells and column names: the time-series reader returns or throws a ChpError, cut into any chunks", async () => {
  await fc.assert(
    fc.asyncProperty(hostileText, hostileText, fc.array(fc.nat(), { maxLength: 6 }), async (name, cell, cuts) => {
      const text = `timestamp,throughput${name},response_ms\n1714521600,100,${cell}\n1714521660,110,13\n`;
      const bytes = Buffer.from(text);
      const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
      const parts: Buffer[] = [];
      let at = 0;
      for (const p of [...points, bytes.length]) {
        if (p > at) parts.push(bytes.subarray(at, p));
        at = Math.max(at, p);
      }
      try {
        const s = await readTimeSeries(Readable.from(parts), "f.csv");
        for (const v of [...s.throughput, ...s.response]) assert.ok(Number.isFinite(v) || Number.isNaN(v));
      } catch (e) {
        assert.ok(e instanceof ChpError, String((e as Error).stack));
      }
    }),
    { numRuns: runs },
  );
});

test("CsvRecords: quoted fields with separators, controls and bidi come back exactly, whatever the chunking", () => {
  fc.assert(
    fc.property(fc.array(fc.array(hostileText, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 5 }), fc.nat({ max: 7 }), (records, step) => {
      const text = records.map((r) => r.map((c) => `"${c.replace(/"/g, '""')}"`).join(",")).join("\n") + "\n";
      const got: string[][] = [];
      const csv = new CsvRecords(",", (f) => got.push(f), "f.csv");
      for (let i = 0; i < text.length; i += step + 1) csv.push(text.slice(i, i + step + 1));
      csv.end();
      assert.deepEqual(got, records);
    }),
    { numRuns: runs * 3 },
  );
});

test("escapeTerminal: no control, separator or bidi character survives, and escaped JSON parses to the same value", () => {
  fc.assert(
    fc.property(fc.oneof(hostileText, fc.string({ unit: "binary" })), (s) => {
      const shown = escapeTerminal(s);
      assert.doesNotMatch(shown.replace(/[\n\t]/g, ""), raw);
      assert.equal(JSON.parse(escapeTerminal(JSON.stringify(s))), s);
    }),
    { numRuns: runs * 10 },
  );
});

test("the CLI printers: a column named with hostile characters is never printed raw (text and --json)", async () => {
  await fc.assert(
    fc.asyncProperty(hostileText, async (name) => {
      const clean = name.replace(/[",;\t\r]/g, "x");
      const rows = [`timestamp,throughput${clean},response_ms`];
      for (let i = 0; i < 12; i++) rows.push(`${1714521600 + 60 * i},${100 + i},${10 + i}`);
      const file = tmpFile("hostile.csv", rows.join("\n") + "\n");
      for (const argv of [
        ["summary", file],
        ["summary", file, "--json"],
      ]) {
        let out = "";
        const io = terminalIo({ stdout: (s) => void (out += s), stderr: (s) => void (out += s) });
        const code = await runCli(argv, io);
        assert.ok(code === 0 || code === 3, `exit ${code}: ${out}`);
        assert.doesNotMatch(out, raw);
      }
    }),
    { numRuns: Math.max(20, runs / 10) },
  );
});
