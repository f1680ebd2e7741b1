/**
 * HdrHistogram V2 encodings (ZigZag LEB128 longs; a negative value is a run of empty buckets):
 * a run longer than Java's Integer.MAX_VALUE (2,147,483,647) is a DataError "histogram encoding:
 * ...", as Java HdrHistogram 2.1.11 rejects it ("An encoded zero count of > Integer.MAX_VALUE was
 * encountered in the source", AbstractHistogram.fillCountsArrayFromSourceBuffer). A run longer
 * than 2^62 used to lose its sign in double arithmetic and read as a count of 4.6e18 requests.
 * A count beyond the histogram's length, or above 2^52 (not exact in a double), is refused too.
 * The bad encodings are built here, byte by byte, with BigInt.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { chp } from "../helpers/cli.js";
import { tmpDir } from "../helpers/tmp.js";
import { DataError } from "../../src/errors.js";
import { HdrHistogram } from "../../src/load/hdr/histogram.js";
import { decodeHistogram, encodeHistogram } from "../../src/load/hdr/encoding.js";

/** ZigZag then LEB128 as Java's ZigZagEncoding.putLong: 7 bits a byte, the 9th byte all 8 bits. */
function zigzagLeb128(n: bigint): number[] {
  let v = n >= 0n ? 2n * n : -2n * n - 1n;
  const out: number[] = [];
  for (let k = 0; k < 8; k++) {
    const b = Number(v & 0x7fn);
    v >>= 7n;
    if (v === 0n) {
      out.push(b);
      return out;
    }
    out.push(b | 0x80);
  }
  out.push(Number(v & 0xffn));
  return out;
}

/** A plain V2 encoding of a 1..3,600,000,000, 3-digit histogram whose payload is `longs`. */
function v2(longs: bigint[]): Uint8Array {
  const h = new HdrHistogram({ lowestDiscernibleValue: 1, highestTrackableValue: 3_600_000_000, significantDigits: 3 });
  h.record(1);
  const header = Buffer.from(encodeHistogram(h, { version: 2, compressed: false })).subarray(0, 40);
  const payload = Buffer.from(longs.flatMap(zigzagLeb128));
  const out = Buffer.concat([header, payload]);
  out.writeInt32BE(payload.length, 4);
  return out;
}

const refused = (bytes: Uint8Array, pattern: RegExp) =>
  assert.throws(
    () => decodeHistogram(bytes, { file: "x.hlog", line: 3, column: 4 }),
    (e: unknown) => e instanceof DataError && pattern.test(e.message) && e.message.includes("x.hlog:3"),
  );

test("hdr zero runs: the test encoder matches chp's own for ordinary runs and multi-byte counts", () => {
  const h = decodeHistogram(v2([-5n, 300n, 1n, -2n, 70_000n]));
  assert.equal(h.countAtIndex(5), 300);
  assert.equal(h.countAtIndex(6), 1);
  assert.equal(h.countAtIndex(9), 70_000);
  assert.equal(h.totalCount, 70_301);
});

test("hdr zero runs: a run longer than 2^62 is a DataError, not a count of 4.6e18", () => {
  refused(v2([-(2n ** 62n) - 1n, 1n]), /histogram encoding: a run of 4\.612e\+18 empty buckets at index 0 is longer than 2,147,483,647/);
  refused(v2([1n, -(2n ** 63n)]), /histogram encoding: a run of 9\.223e\+18 empty buckets at index 1/);
});

test("hdr zero runs: Java's limit is exact — a run of 2^31 is refused, 2^31 - 1 is read (then the count after it lies beyond the histogram)", () => {
  refused(v2([-(2n ** 31n), 1n]), /a run of 2,147,483,648 empty buckets at index 0 is longer than 2,147,483,647/);
  refused(v2([-(2n ** 31n - 1n), 1n]), /a count at index 2147483647 lies beyond the histogram's range/);
  // A trailing run inside Java's limit and no count after it reads as nothing.
  assert.equal(decodeHistogram(v2([3n, -(2n ** 31n - 1n)])).totalCount, 3);
});

test("hdr zero runs: a count above 2^52 (not exact in a double) is a DataError", () => {
  refused(v2([2n ** 60n]), /histogram encoding: a count of 1\.153e\+18 at index 0 is above 2\^52/);
  assert.equal(decodeHistogram(v2([2n ** 52n - 1n])).totalCount, 2 ** 52 - 1);
});

test("hdr zero runs: chp summary of a .hlog line holding such a run exits 3 naming the line", async () => {
  const bad = Buffer.from(v2([-(2n ** 62n) - 1n, 1n])).toString("base64");
  const file = join(tmpDir(), "zero-run.hlog");
  writeFileSync(file, `"StartTimestamp","Interval_Length","Interval_Max","Interval_Compressed_Histogram"\n0.0,5.0,0.1,${bad}\n`);
  const r = await chp("summary", file);
  assert.equal(r.code, 3, r.stderr);
  assert.match(r.stderr, /zero-run\.hlog:2: column 4: histogram encoding: a run of 4\.612e\+18 empty buckets/);
});
