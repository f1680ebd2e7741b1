/**
 * The plain numeric CSV fast path (src/load/fast-numeric-csv.ts): the same
 * TimeSeries bit for bit as the general reader on random plain files
 * (fast-check), and null (the general reader's result or error) on anything else.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { createReadStream, writeFileSync } from "node:fs";
import { open } from "node:fs/promises";
import { join } from "node:path";
import fc from "fast-check";
import { loadTimeSeries, readTimeSeries } from "../../src/load/time-series.js";
import { parallelBytes, readPlainNumericCsv } from "../../src/load/fast-numeric-csv.js";
import { countLines, parsePlainLines } from "../../src/load/plain-lines.js";
import { PieceParse, PieceReader, countPiece, pieceBoard } from "../../src/load/plain-pieces.js";
import { tmpDir } from "../helpers/tmp.js";
import { builtModule } from "../helpers/built.js";

const dir = tmpDir();

async function general(file: string) {
  return readTimeSeries(createReadStream(file), file, {});
}

async function outcome(p: Promise<unknown>): Promise<unknown> {
  try {
    return await p;
  } catch (e) {
    return { error: (e as Error).message };
  }
}

/** A plain decimal cell: "348.58", "7", "5.", ".25", "0012.5", up to 15 significant digits. */
const decimal = fc.oneof(
  fc.tuple(fc.integer({ min: 0, max: 999_999 }), fc.integer({ min: 0, max: 6 })).map(([v, f]) => (f === 0 ? String(v) : (v / 10 ** f).toFixed(f))),
  fc.double({ min: 0, max: 1e6, noNaN: true }).map((v) => v.toFixed(3)),
  fc.integer({ min: 0, max: 99 }).map((v) => `${v}.`),
  fc.integer({ min: 1, max: 999 }).map((v) => `.${v}`),
  fc.integer({ min: 0, max: 999 }).map((v) => `00${v}.50`),
  fc.constantFrom("0", "0.0", "123456789012345", "0.0000000000000000000012", "1234567.00000000"),
);

const layouts = [
  { header: "timestamp,throughput,response_ms", time: 0, start: 1_714_521_600, step: 60 },
  { header: "time_ms,ops,latency_ms,host", time: 0, start: 1_714_521_600_000, step: 1000, extra: true },
  { header: "x,y", time: -1, start: 0, step: 1 },
  { header: "rps,p95_ms,t", time: 2, start: 0, step: 1 },
] as const;

test("random plain numeric CSVs: the fast path gives the general reader's result, bit for bit", async () => {
  let k = 0;
  await fc.assert(
    fc.asyncProperty(
      fc.integer({ min: 0, max: layouts.length - 1 }),
      fc.array(fc.tuple(decimal, decimal, fc.integer({ min: 1, max: 5000 }), fc.constantFrom("a", "web-1", "b c")), { minLength: 1, maxLength: 60 }),
      fc.boolean(),
      async (which, rows, trailingNewline) => {
        const l = layouts[which];
        let t = l.start;
        const lines: string[] = [l.header];
        for (const [a, b, dt, host] of rows) {
          t += dt * l.step;
          const cells = l.time === 0 ? [String(t), a, b] : l.time === 2 ? [a, b, String(t)] : [a, b];
          if ("extra" in l) cells.push(host);
          lines.push(cells.join(","));
        }
        const file = join(dir, `plain-${k++}.csv`);
        writeFileSync(file, lines.join("\n") + (trailingNewline ? "\n" : ""));
        const fast = await readPlainNumericCsv(file, {}, readTimeSeries);
        assert.notEqual(fast, null, `fast path declined ${file}`);
        assert.deepStrictEqual(fast, await general(file));
        assert.deepStrictEqual(await loadTimeSeries(file), fast);
      },
    ),
    { numRuns: 150, seed: 8 },
  );
});

test("a file larger than one read chunk (1 MiB): the same result", async () => {
  const lines = ["timestamp,throughput,response_ms"];
  for (let i = 0; i < 120_000; i++) lines.push(`${1_700_000_000 + i},${(i % 997) + 0.25},${((i * 7) % 1000) / 8}`);
  const file = join(dir, "big.csv");
  writeFileSync(file, lines.join("\n") + "\n");
  const fast = await readPlainNumericCsv(file, {}, readTimeSeries);
  assert.notEqual(fast, null);
  assert.equal(fast!.rows, 120_000);
  assert.deepStrictEqual(fast, await general(file));
});

/** A plain file of `rows` lines just over the size from which a worker parses the second half. */
function bigLines(rows: number): string[] {
  const lines = ["timestamp,throughput,response_ms"];
  for (let i = 0; i < rows; i++) lines.push(`${1_700_000_000 + i},${(i % 997) + 0.25},${((i * 7) % 1000) / 8}`);
  return lines;
}

test("a file parsed on two threads (over parallelBytes): the general reader's result, bit for bit", async () => {
  const lines = bigLines(220_000);
  const file = join(dir, "two-threads.csv");
  writeFileSync(file, lines.join("\n"));
  assert.ok(lines.join("\n").length > parallelBytes, "the file must be large enough for the worker");
  const fast = await readPlainNumericCsv(file, {}, readTimeSeries);
  assert.notEqual(fast, null);
  assert.equal(fast!.rows, 220_000);
  assert.deepStrictEqual(fast, await general(file));
});

test("two threads: a bad line in the second half, or times that go back at the cut, fall back", async () => {
  const lines = bigLines(220_000);
  const bad = [...lines];
  bad[bad.length - 2] = "1700219998,NA,3";
  const file = join(dir, "two-threads-bad.csv");
  writeFileSync(file, bad.join("\n") + "\n");
  assert.equal(await readPlainNumericCsv(file, {}, readTimeSeries), null);
  // Swap the times of the lines either side of the middle: every half increases, the whole does not.
  const back = [...lines];
  const mid = Math.floor(back.length / 2);
  for (let k = mid - 3; k < mid + 3; k++) back[k] = `${1_700_000_000 + (k < mid ? 500_000 + k : k)},1,2`;
  const file2 = join(dir, "two-threads-back.csv");
  writeFileSync(file2, back.join("\n") + "\n");
  assert.equal(await readPlainNumericCsv(file2, {}, readTimeSeries), null);
  assert.deepStrictEqual(await outcome(loadTimeSeries(file2)), await outcome(general(file2)));
});

test("two threads as built: the worker runs from dist/ (under tsx it cannot start, and this thread parses both halves)", async () => {
  const built = await builtModule<typeof import("../../src/load/fast-numeric-csv.js")>("load/fast-numeric-csv.js");
  const { readTimeSeries: builtGeneral } = await builtModule<typeof import("../../src/load/time-series.js")>("load/time-series.js");
  const lines = bigLines(220_000);
  const file = join(dir, "two-threads-built.csv");
  writeFileSync(file, lines.join("\n"));
  const fast = await built.readPlainNumericCsv(file, {}, builtGeneral);
  assert.notEqual(fast, null);
  assert.equal(fast!.rows, 220_000);
  assert.deepStrictEqual(
    { ...fast, time: Array.from(fast!.time!), throughput: Array.from(fast!.throughput), response: Array.from(fast!.response) },
    await general(file).then((g) => ({ ...g, time: Array.from(g.time!), throughput: Array.from(g.throughput), response: Array.from(g.response) })),
  );
  // The worker as built takes pieces: left alone, it counts them all; then the two threads share the parse.
  const { PieceParse: BuiltPieceParse } = await builtModule<typeof import("../../src/load/plain-pieces.js")>("load/plain-pieces.js");
  const text = Buffer.from(new SharedArrayBuffer(Buffer.byteLength(lines.join("\n"))));
  text.write(lines.join("\n"));
  const pieces = new BuiltPieceParse({ bytes: text }, text.indexOf(10) + 1, text.length, 1 << 18);
  try {
    await pieces.workerCounted();
    assert.ok(pieces.workerTook.count >= 20, `the worker counted ${pieces.workerTook.count} pieces of 256 KiB`);
    const rows = await pieces.rows({ ti: 0, xi: 1, yi: 2, fields: 3, scale: 1 });
    assert.deepEqual(Array.from(rows!.throughput), Array.from(fast!.throughput));
  } finally {
    await pieces.close();
  }
  const bad = [...lines];
  bad[bad.length - 2] = "1700219998,NA,3";
  writeFileSync(file, bad.join("\n") + "\n");
  assert.equal(await built.readPlainNumericCsv(file, {}, builtGeneral), null);
  const back = [...lines];
  const mid = Math.floor(back.length / 2);
  for (let k = mid - 3; k < mid + 3; k++) back[k] = `${1_700_000_000 + (k < mid ? 500_000 + k : k)},1,2`;
  writeFileSync(file, back.join("\n") + "\n");
  assert.equal(await built.readPlainNumericCsv(file, {}, builtGeneral), null);
});

const unusual: [string, string][] = [
  ["quotes", 'timestamp,throughput,response_ms\n1,"2",3\n2,3,4\n'],
  ["a BOM", "\uFEFFtimestamp,throughput,response_ms\n1,2,3\n2,3,4\n"],
  ["semicolons", "timestamp;throughput;response_ms\n1;2;3\n2;3;4\n"],
  ["decimal commas", "timestamp;throughput;response_ms\n1;2,5;3\n2;3;4\n"],
  ["tabs", "timestamp\tthroughput\tresponse_ms\n1\t2\t3\n2\t3\t4\n"],
  ["CRLF", "timestamp,throughput,response_ms\r\n1,2,3\r\n2,3,4\r\n"],
  ["an NA cell", "timestamp,throughput,response_ms\n1,2,3\n2,NA,4\n"],
  ["an empty cell", "timestamp,throughput,response_ms\n1,2,3\n2,,4\n"],
  ["a negative value", "timestamp,throughput,response_ms\n1,2,3\n2,-3,4\n"],
  ["an exponent", "timestamp,throughput,response_ms\n1,2,3\n2,3e2,4\n"],
  ["a plus sign", "timestamp,throughput,response_ms\n1,2,3\n2,+3,4\n"],
  ["spaces", "timestamp,throughput,response_ms\n1,2,3\n2, 3,4\n"],
  ["text in a cell", "timestamp,throughput,response_ms\n1,2,3\n2,abc,4\n"],
  ["a blank line", "timestamp,throughput,response_ms\n1,2,3\n\n2,3,4\n"],
  ["too few fields", "timestamp,throughput,response_ms\n1,2,3\n2,3\n"],
  ["too many fields", "timestamp,throughput,response_ms\n1,2,3\n2,3,4,5\n"],
  ["times out of order", "timestamp,throughput,response_ms\n2,2,3\n1,3,4\n"],
  ["duplicate times", "timestamp,throughput,response_ms\n1,2,3\n1,3,4\n"],
  ["ISO times", "time,rps,p95_ms\n2024-05-01T00:00:00Z,2,3\n2024-05-01T00:00:10Z,3,4\n"],
  ["UTF-8 in the header", "timestamp,throughput,response_µs\n1,2,3\n2,3,4\n"],
  ["16 significant digits", "timestamp,throughput,response_ms\n1,2,3\n2,1234567890123456,4\n"],
  ["only a header", "timestamp,throughput,response_ms\n"],
  ["no header", "1,2,3\n2,3,4\n"],
  ["a lone dot", "timestamp,throughput,response_ms\n1,2,3\n2,.,4\n"],
];

for (const [what, text] of unusual) {
  test(`falls back to the general reader on ${what}: its result or its error`, async () => {
    const file = join(dir, `unusual-${what.replace(/\W+/g, "-")}.csv`);
    writeFileSync(file, text);
    assert.equal(await readPlainNumericCsv(file, {}, readTimeSeries), null);
    assert.deepStrictEqual(await outcome(loadTimeSeries(file)), await outcome(general(file)));
  });
}

test("a header and one row without a newline: the fast path, the same result", async () => {
  const file = join(dir, "one-row.csv");
  writeFileSync(file, "timestamp,throughput,response_ms\n1,2,3");
  const fast = await readPlainNumericCsv(file, {}, readTimeSeries);
  assert.notEqual(fast, null);
  assert.deepStrictEqual(fast, await general(file));
});

test("gzip input falls back (the general reader inflates it)", async () => {
  const { gzipSync } = await import("node:zlib");
  const file = join(dir, "plain.csv.gz");
  writeFileSync(file, gzipSync("timestamp,throughput,response_ms\n1,2,3\n2,3,4\n"));
  assert.equal(await readPlainNumericCsv(file, {}, readTimeSeries), null);
});

test("pieces cover the bytes exactly, and each counts the lines that start in it", () => {
  const text = Buffer.from(bigLines(5_000).join("\n"));
  const first = text.indexOf(10) + 1;
  for (const size of [1, 100, 4096, 1 << 20]) {
    const board = pieceBoard(first, text.length, size);
    const b = Array.from(board.bounds);
    assert.equal(b[0], first);
    assert.equal(b[b.length - 1], text.length);
    for (let i = 1; i < b.length; i++) assert.ok(b[i] > b[i - 1], `piece ${i - 1} is not empty`);
    assert.deepEqual(Array.from(board.lines), new Array(b.length - 1).fill(-1));
    const reader = new PieceReader({ bytes: text });
    let lines = 0;
    for (let k = 0; k < b.length - 1; k++) lines += countPiece(reader, board, k);
    assert.equal(lines, 5_000, `${size}-byte pieces`);
  }
});

test("pieces read from the file: the columns of bytes in memory, lines longer than a piece and its tail read on", async () => {
  // 20,000 fields a line (~90 KB, more than the 64 KiB read past a piece): with 3,000-byte pieces a
  // line spans many, and most pieces hold no line start.
  const fields = 20_000;
  const header = Array.from({ length: fields }, (_, j) => (j === 0 ? "timestamp" : j === 1 ? "throughput" : j === 2 ? "response_ms" : `c${j}`)).join(",");
  const rows = Array.from({ length: 30 }, (_, i) =>
    Array.from({ length: fields }, (_, j) => (j === 0 ? 1_700_000_000 + i : ((i * 31 + j) % 997) / 4)).join(","),
  );
  for (const ending of ["\n", ""]) {
    const text = [header, ...rows].join("\n") + ending;
    const file = join(dir, `wide${ending === "" ? "-no-lf" : ""}.csv`);
    writeFileSync(file, text);
    const shared = Buffer.from(new SharedArrayBuffer(Buffer.byteLength(text)));
    shared.write(text);
    const first = shared.indexOf(10) + 1;
    const layout = { ti: 0, xi: 1, yi: 2, fields, scale: 1 };
    const whole = parsePlainLines(shared, first, shared.length, countLines(shared, first, shared.length), layout);
    assert.notEqual(whole, null);
    const fh = await open(file, "r");
    const pieces = new PieceParse({ fd: fh.fd }, first, shared.length, 3000);
    try {
      const got = await pieces.rows(layout);
      assert.notEqual(got, null);
      assert.deepEqual(Array.from(got!.throughput), Array.from(whole!.throughput));
      assert.deepEqual(Array.from(got!.response), Array.from(whole!.response));
      assert.deepEqual(Array.from(got!.time!), Array.from(whole!.time!));
    } finally {
      await pieces.close();
      await fh.close();
    }
  }
});

test("parsed in small pieces (this thread alone under tsx): the same columns as one piece; times going back exactly at a piece boundary fall back", async () => {
  const lines = bigLines(20_000);
  const text = Buffer.from(new SharedArrayBuffer(Buffer.byteLength(lines.join("\n") + "\n")));
  text.write(lines.join("\n") + "\n");
  const first = text.indexOf(10) + 1;
  const layout = { ti: 0, xi: 1, yi: 2, fields: 3, scale: 1 };
  const whole = parsePlainLines(text, first, text.length, countLines(text, first, text.length), layout);
  const pieces = new PieceParse({ bytes: text }, first, text.length, 3000);
  try {
    const rows = await pieces.rows(layout);
    assert.notEqual(rows, null);
    assert.deepStrictEqual(
      [rows!.time, rows!.throughput, rows!.response, rows!.firstTime, rows!.lastTime].map((v) => (ArrayBuffer.isView(v) ? Array.from(v as Float64Array) : v)),
      [whole!.time, whole!.throughput, whole!.response, whole!.firstTime, whole!.lastTime].map((v) =>
        ArrayBuffer.isView(v) ? Array.from(v as Float64Array) : v,
      ),
    );
  } finally {
    await pieces.close();
  }
  // The first line of the second piece gets a time before the last line of the first piece.
  const board = pieceBoard(first, text.length, 3000);
  const cut = text.indexOf(10, board.bounds[1] - 1) + 1;
  const shared = Buffer.from(new SharedArrayBuffer(text.length));
  text.copy(shared);
  // Ten digits for ten digits: 1000000000 is before every time of the first piece (1700000000 on).
  assert.equal(shared.subarray(cut, cut + 4).toString(), "1700");
  shared.write("1000000000", cut);
  const cutEnd = text.indexOf(10, board.bounds[2] - 1) + 1;
  assert.notEqual(parsePlainLines(shared, cut, cutEnd, countLines(shared, cut, cutEnd), layout), null, "the piece alone is plain");
  const again = new PieceParse({ bytes: shared }, first, shared.length, 3000);
  try {
    assert.equal(await again.rows(layout), null);
  } finally {
    await again.close();
  }
});

test("line count (four bytes at a time where aligned): every LF, at any offset, with any bytes around it", () => {
  fc.assert(
    fc.property(
      fc.array(fc.constantFrom(10, 11, 9, 0, 1, 0x8a, 0xff, 65), { minLength: 8, maxLength: 200, size: "max" }),
      fc.nat(7),
      fc.nat(7),
      (raw, from, cut) => {
        // Bytes next to LF (9, 11), high bytes (0x8a, 0xff), 0 and 1 are the ones a word trick could miscount.
        const bytes = Uint8Array.from(raw);
        const start = Math.min(from, bytes.length);
        const end = Math.max(start, bytes.length - cut);
        let lfs = 0;
        for (let i = start; i < end; i++) if (bytes[i] === 10) lfs++;
        const expected = lfs + (end > start && bytes[end - 1] !== 10 ? 1 : 0);
        assert.equal(countLines(bytes, start, end), expected);
        // The same bytes at an unaligned offset of a larger buffer.
        const shifted = new Uint8Array(new ArrayBuffer(bytes.length + 3), 3, bytes.length);
        shifted.set(bytes);
        assert.equal(countLines(shifted, start, end), expected);
      },
    ),
  );
});
