/**
 * A compressed HdrHistogram encoding is inflated only up to what its own header allows: the payload
 * length a V1/V2 header states, which must fit the counts array its range and precision give (Java's
 * countsArrayLength: 9 bytes a count in V2, a word in V0/V1). Before, a 1 MiB .hlog line inflating to
 * 750 MiB took 31 s and 1.6 GB and then read as an empty interval (exit 0); a 1.4 MB line, 1 GiB and
 * 2.2 GB. The hostile encodings are made here.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { deflateSync } from "node:zlib";
import { decodeHistogram, encodeHistogram } from "../../src/load/hdr/encoding.js";
import { HdrHistogram } from "../../src/load/hdr/histogram.js";
import { formatLocated } from "../../src/errors.js";
import { histogramMessage as hm } from "../../src/messages.js";

/** A compressed encoding (outer cookie `outer`) of a plain header with `cookie` and `payload` stated, then `zeros` zero bytes. */
function bomb(outer: number, cookie: number, payload: number, zeros: number): Uint8Array {
  const header = Buffer.alloc(40);
  header.writeInt32BE(cookie, 0);
  header.writeInt32BE(payload, 4);
  header.writeInt32BE(0, 8);
  header.writeInt32BE(3, 12);
  header.writeBigInt64BE(1n, 16);
  header.writeBigInt64BE(3_600_000_000n, 24);
  header.writeDoubleBE(1, 32);
  const z = deflateSync(Buffer.concat([header, Buffer.alloc(zeros)]), { level: 9 });
  const out = Buffer.alloc(8 + z.length);
  out.writeInt32BE(outer, 0);
  out.writeInt32BE(z.length, 4);
  z.copy(out, 8);
  return out;
}

/**
 * Java's countsArrayLength for 1..3,600,000,000 at 3 digits (AbstractHistogram.getBucketsNeededToCoverValue
 * and getLengthForNumberOfBuckets): subBucketCount 2048, 2048 * 2^21 > 3.6e9 gives 22 buckets, (22 + 1) * 1024.
 */
const counts = new HdrHistogram({ lowestDiscernibleValue: 1, highestTrackableValue: 3_600_000_000, significantDigits: 3 }).countsArrayLength;
const where = { file: "bomb.hlog", line: 4, column: 4 };
const v2 = 0x1c849303;
const v2Compressed = 0x1c849304;
const v1 = 0x1c849381; // word size 8
const v1Compressed = 0x1c849382;

test("the counts array the bound is built on: 23,552 slots for 1 to 3.6e9 at 3 digits (Java HdrHistogram's countsArrayLength)", () => {
  // new Histogram(1, 3600000000L, 3).countsArrayLength == 23552 (HdrHistogram 2.1.12)
  assert.equal(counts, 23_552);
});

test("a V2 encoding that inflates past the payload its header states: refused, not inflated on", () => {
  const bytes = bomb(v2Compressed, v2, 100, 32 << 20);
  assert.ok(bytes.length < 64 << 10, `${bytes.length} bytes`);
  assert.throws(() => decodeHistogram(bytes, where), { message: formatLocated(hm.inflatesBeyondHeader(140), where) });
});

test("a V2 header stating a payload larger than its range can hold: refused before inflating", () => {
  const bytes = bomb(v2Compressed, v2, 800_000_000, 1 << 20);
  assert.throws(() => decodeHistogram(bytes, where), { message: formatLocated(hm.payloadBeyondRange(800_000_000, 9 * counts, counts), where) });
});

test("a V1 header (8-byte words) stating more than a word per count: refused", () => {
  const bytes = bomb(v1Compressed, v1, 8 * counts + 8, 1 << 20);
  assert.throws(() => decodeHistogram(bytes, where), { message: formatLocated(hm.payloadBeyondRange(8 * counts + 8, 8 * counts, counts), where) });
});

test("honest compressed encodings of every version still decode (the bound is not too tight)", () => {
  const h = new HdrHistogram({ lowestDiscernibleValue: 1, highestTrackableValue: 3_600_000_000, significantDigits: 3 });
  // Every slot non-zero with a large count: the longest honest payload.
  for (let i = 0; i < counts; i++) h.addAtIndex(i, 2 ** 40 + i);
  for (const version of [0, 1, 2] as const) {
    const bytes = encodeHistogram(h, { version, compressed: true, wordSize: 8 });
    const back = decodeHistogram(bytes);
    assert.equal(back.totalCount, h.totalCount, `V${version}`);
  }
});

test("the whole .hlog path: the bomb line is one located error (exit 3)", async () => {
  const { chp } = await import("../helpers/cli.js");
  const { tmpFile } = await import("../helpers/tmp.js");
  const line = Buffer.from(bomb(v2Compressed, v2, 100, 32 << 20)).toString("base64");
  const file = tmpFile(
    "bomb.hlog",
    `#[Histogram log format version 1.3]\n#[StartTime: 1714521600.000 (seconds since epoch)]\n"StartTimestamp","Interval_Length","Interval_Max","Interval_Compressed_Histogram"\n0.000,1.000,9.000,${line}\n`,
  );
  const r = await chp("summary", file);
  assert.equal(r.code, 3);
  assert.match(r.stderr, new RegExp(`^chp: ${file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:4: column 4: ${hm.inflatesBeyondHeader(140)}`));
  assert.equal(r.stdout, "");
});
