/**
 * The line cutter of the per-request logs' batches (src/load/line-cut.ts): the WebAssembly SIMD
 * kernel (src/load/wasm/cut-lines.wat) and its JavaScript form against cutFields (the cutting
 * every byte reader shares: src/load/cut-fields.ts) on random bytes, line by line; more lines
 * than one call takes; and a batch parsed with either cutter giving the same rows. (The kernel's
 * bytes against its .wat: test/load/wasm-modules.test.ts.)
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { cutFields } from "../../src/load/cut-fields.js";
import { cutLinesJs, cutterOf, fieldCount, type LineCutter, linesPerCut, useLineCutter } from "../../src/load/line-cut.js";
import { LabelDictionary, parseRequestRows, type RowColumns } from "../../src/load/request-rows.js";

/** What cutFields gives for each whole line of buf[from, end): start, LF, field ends, delimiters (records as line-cut.ts lays them out). */
function expected(buf: Uint8Array, from: number, end: number, d: number, want: number, cap: number): number[][] {
  const out: number[][] = [];
  const starts = new Int32Array(want);
  const ends = new Int32Array(want);
  const cut = new Int32Array(2);
  for (let pos = from; pos < end; ) {
    const lf = buf.indexOf(10, pos);
    if (lf < 0 || lf >= end) break;
    // cutFields counts delimiters on up to atLeast - 1 = cap (it cuts `want` fields first).
    cutFields(buf, pos, lf, d, want, cap + 1, starts, ends, cut);
    out.push([pos, lf, ...Array.from(ends.subarray(0, cut[0])), cut[1] - 1]);
    pos = lf + 1;
  }
  return out;
}

/** The records a cutter gives for buf[from, end), every call's, as expected() lists them (the field ends the line has only). */
function cutAll(cutter: LineCutter, buf: Uint8Array, start: number, from: number, end: number, d: number, want: number, cap: number): number[][] {
  cutter.load(buf, start, end, want);
  const out: number[][] = [];
  for (let pos = from; pos < end; ) {
    // (atLeast = cap + 1: the cutter counts delimiters up to atLeast - 1, as cutFields does.)
    const n = cutter.next(pos, d, want, cap + 1, false);
    for (let j = 0; j < n; j++) {
      const r = cutter.records.subarray(j * (want + 3), (j + 1) * (want + 3));
      const delims = r[2 + want];
      const fields = fieldCount(delims, want);
      out.push([r[0], r[1], ...Array.from(r.subarray(2, 2 + fields)), delims]);
    }
    if (n < linesPerCut(want)) break;
    pos = out[out.length - 1][1] + 1;
  }
  return out;
}

const wasm = cutterOf("wasm");

test("this engine has WebAssembly SIMD: the kernel is what cuts", () => {
  assert.ok(wasm !== null, "the kernel did not compile: every batch would be cut in JavaScript, ~3x slower");
});

test("random bytes: the kernel and the JavaScript cutter cut every whole line as cutFields does", () => {
  const js = cutterOf("js")!;
  // One cutter for every case: the kernel's memory keeps bytes of earlier, longer batches past `end`.
  fc.assert(
    fc.property(
      // "D": the delimiter (often, so that lines reach `cap` delimiters and go on past it); the other delimiters are text.
      fc.array(
        fc.oneof(
          { weight: 6, arbitrary: fc.constant("D") },
          { weight: 2, arbitrary: fc.constant("\n") },
          { weight: 4, arbitrary: fc.constantFrom("\r", "x", "yz", '"', ",", ";", "\t", "|", "é") },
        ),
        { maxLength: 300 },
      ),
      fc.constantFrom(",", ";", "\t", "|"),
      fc.oneof(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 20 })),
      fc.integer({ min: 0, max: 6 }),
      fc.nat({ max: 40 }),
      fc.nat({ max: 40 }),
      (parts, delimiter, want, extra, lead, skip) => {
        const bytes = Buffer.from("x".repeat(lead) + parts.map((p) => (p === "D" ? delimiter : p)).join(""));
        const d = delimiter.charCodeAt(0);
        const cap = want + extra;
        const from = Math.min(bytes.length, lead + skip);
        const want_ = expected(bytes, from, bytes.length, d, want, cap);
        assert.deepStrictEqual(cutAll(js, bytes, lead, from, bytes.length, d, want, cap), want_, "JavaScript");
        if (wasm) assert.deepStrictEqual(cutAll(wasm, bytes, lead, from, bytes.length, d, want, cap), want_, "kernel");
      },
    ),
    { numRuns: 3000 },
  );
});

test("more lines than one call cuts, blank ones and long ones: every call takes up where the last stopped", () => {
  const lines: string[] = [];
  for (let i = 0; i < 2.5 * linesPerCut(3); i++) lines.push(i % 7 === 0 ? "" : i % 11 === 0 ? `${"a,".repeat(40)}z` : `${i},${i % 5},x`);
  const bytes = Buffer.from(`${lines.join("\n")}\n`);
  const want = expected(bytes, 0, bytes.length, 44, 3, 4);
  assert.equal(want.length, lines.length);
  assert.deepStrictEqual(cutAll(cutterOf("js")!, bytes, 0, 0, bytes.length, 44, 3, 4), want);
  if (wasm) assert.deepStrictEqual(cutAll(wasm, bytes, 0, 0, bytes.length, 44, 3, 4), want);
});

test("wide lines: fewer lines a call, so that a call's records stay within 1 MiB", () => {
  assert.equal(linesPerCut(8), 16384);
  assert.ok(linesPerCut(2000) * (2000 + 3) * 4 <= 1 << 20);
  const cells = Array.from({ length: 1500 }, (_, k) => String(k));
  const bytes = Buffer.from(`${Array.from({ length: 700 }, (_, i) => `${i},${cells.join(",")}`).join("\n")}\n`);
  const want = expected(bytes, 0, bytes.length, 44, 1400, 1450);
  assert.equal(want.length, 700);
  assert.deepStrictEqual(cutAll(cutterOf("js")!, bytes, 0, 0, bytes.length, 44, 1400, 1450), want);
  if (wasm) assert.deepStrictEqual(cutAll(wasm, bytes, 0, 0, bytes.length, 44, 1400, 1450), want);
});

test("a last line without an LF is cut only when asked (the end of the input)", () => {
  const bytes = Buffer.from("a,b\nc,d,e");
  const records = new Int32Array(10);
  assert.equal(cutLinesJs(bytes, 0, bytes.length, 44, 2, 3, records, 5), 1);
  assert.equal(cutLinesJs(bytes, 4, bytes.length, 44, 2, 3, records, 5, true), 1);
  assert.deepStrictEqual(Array.from(records.subarray(0, 5)), [4, 9, 5, 7, 2]);
});

test("a batch parsed with the kernel and with the JavaScript cutter: the same rows", () => {
  const columns: RowColumns = { d: 44, want: 8, atLeast: 9, needed: 9, time: 0, latency: 1, success: 7, label: 2, message: 4 };
  const rows: string[] = [];
  for (let i = 0; i < 3000; i++) {
    const t = 1_700_000_000_000 + i * 13;
    const row = `${t},${(i * 7919) % 3001},GET /${i % 4},200,${i % 97 === 0 ? "Number of samples in transaction : 2" : "OK"},TG 1-1,text,${i % 53 === 0 ? "false" : "true"},,100,12,5,5,http://h/x,3,0,0`;
    rows.push(i % 89 === 0 ? "" : i % 101 === 0 ? "1,2,3" : i % 103 === 0 ? `${row}\r` : row);
  }
  const bytes = Buffer.from(rows.join("\n"));
  const parse = (kind: "wasm" | "js") => {
    useLineCutter(kind);
    try {
      const r = parseRequestRows(bytes, 0, bytes.length, true, columns, new LabelDictionary());
      // (The arrays' lengths follow the last batch's line length: entries from `rows` on are unused.)
      const used = <T extends { subarray(a: number, b: number): T }>(a: T) => a.subarray(0, r.rows);
      return {
        ...r,
        lineStart: used(r.lineStart),
        lineEnd: used(r.lineEnd),
        kind: used(r.kind),
        label: used(r.label),
        latency: used(r.latency),
        time: used(r.time),
        ok: used(r.ok),
      };
    } finally {
      useLineCutter("wasm");
    }
  };
  const a = parse("js");
  assert.equal(a.rows, 3000);
  if (wasm) assert.deepStrictEqual(parse("wasm"), a);
});
