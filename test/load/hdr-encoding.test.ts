/**
 * HdrHistogram encodings V0, V1, V2 (plain and zlib-compressed; 2-, 4-, 8-byte
 * words) decode to the same histogram as the V2 encoding of the same data, and
 * corrupt input fails with a DataError naming file, line and what is wrong.
 * The Java-checked decodes are in hlog.test.ts; these cover the forms Java 2.1.11
 * cannot read (plain encodings in logs, V0 with 2/4-byte words).
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { Readable } from "node:stream";
import { deflateSync } from "node:zlib";
import { test } from "node:test";
import fc from "fast-check";
import { DataError } from "../../src/errors.js";
import { histogramMessage as m } from "../../src/messages.js";
import { HdrHistogram } from "../../src/load/hdr/histogram.js";
import { decodeHistogram, encodeHistogram, base64Bytes } from "../../src/load/hdr/encoding.js";
import { readHistogramLog } from "../../src/load/hdr/interval-log.js";

const enc = JSON.parse(readFileSync("test/load/fixtures/generated/encodings.json", "utf8")) as Record<string, string>;

function countsOf(h: HdrHistogram): number[] {
  const out: number[] = [];
  for (let i = 0; i < h.length; i++) out.push(h.countAtIndex(i));
  return out;
}

test("V0/V1/V2, plain and compressed, decode to identical counts", () => {
  const ref = decodeHistogram(Buffer.from(enc["v2-compressed"], "base64"));
  assert.ok(ref.totalCount > 0);
  for (const [name, b64] of Object.entries(enc)) {
    const h = decodeHistogram(Buffer.from(b64, "base64"));
    assert.deepEqual(countsOf(h), countsOf(ref), name);
    assert.equal(h.totalCount, ref.totalCount, name);
    assert.equal(h.valueAtPercentile(99), ref.valueAtPercentile(99), name);
  }
});

test("V0 logs with 2- and 4-byte words read like the 8-byte one (same seeded data layout)", async () => {
  for (const f of ["v0-1.01-w2", "v0-1.01-w4"]) {
    const set = await readHistogramLog(Readable.from([readFileSync(`test/load/fixtures/generated/${f}.hlog`)]), f);
    assert.equal(set.intervals.length, 12);
    assert.ok(set.total.totalCount > 10000);
  }
});

test("encode/decode round trip keeps every count (property, fast-check)", () => {
  fc.assert(
    fc.property(
      fc.array(fc.tuple(fc.integer({ min: 0, max: 2 ** 40 }), fc.integer({ min: 1, max: 1000 })), { maxLength: 50 }),
      fc.constantFrom(0, 1, 2),
      fc.boolean(),
      (values, version, compressed) => {
        const h = new HdrHistogram({ highestTrackableValue: 2 ** 41, significantDigits: 2 });
        for (const [v, c] of values) h.record(v, c);
        const d = decodeHistogram(encodeHistogram(h, { version: version as 0 | 1 | 2, compressed, wordSize: 8 }));
        assert.deepEqual(countsOf(d), countsOf(h));
      },
    ),
    { numRuns: 60 },
  );
});

const header = '#[Histogram log format version 1.2]\n"StartTimestamp","Interval_Length","Interval_Max","Interval_Compressed_Histogram"\n';
const good = "HISTFAAAAEV42pNpmSzMwMCgyAABTBDKT4GBgdnNYMcCBvsPEBEJISEuATEZMQ4uASkhIR4nrxg9v2lMaxhvMekILGZkKmcCAEf2CsI=";

async function failsWith(text: string, expected: RegExp, line: number): Promise<void> {
  await assert.rejects(readHistogramLog(Readable.from([text]), "bad.hlog"), (e: unknown) => {
    assert.ok(e instanceof DataError, String(e));
    assert.equal(e.location.file, "bad.hlog");
    assert.equal(e.location.line, line);
    assert.match(e.message, expected);
    return true;
  });
}

function b64(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString("base64");
}

test("errors: truncated, bad base64, bad zlib, unknown cookie, negative count, mislabelled file", async () => {
  const bytes = Buffer.from(good, "base64");
  await failsWith(header + `0.1,1.0,2.7,${b64(bytes.subarray(0, 30))}\n`, /truncated/, 3);
  await failsWith(
    header + `0.1,1.0,2.7,${good.slice(0, 20)}!${good.slice(21)}\n`,
    new RegExp(m.badBase64('character "!" at position 21').replace(/[()]/g, "\\$&")),
    3,
  );
  const badZ = Buffer.from(bytes);
  badZ.fill(0x55, 12, 20);
  await failsWith(header + `0.1,1.0,2.7,${b64(badZ)}\n`, /bad zlib data/, 3);
  const cookie = Buffer.from(bytes);
  cookie.writeInt32BE(0x12345678, 0);
  await failsWith(header + `0.1,1.0,2.7,${b64(cookie)}\n`, /unknown histogram encoding cookie 0x12345678/, 3);
  // a V1 plain encoding with a negative 8-byte count
  const h = new HdrHistogram();
  h.record(5, 3);
  const v1 = Buffer.from(encodeHistogram(h, { version: 1, compressed: false, wordSize: 8 }));
  v1.writeBigInt64BE(-3n, 40 + 5 * 8);
  await failsWith(header + `0.1,1.0,2.7,${b64(v1)}\n`, /negative count -3 at index 5/, 3);
  // a compressed cookie whose zlib payload holds a different version
  const wrapped = Buffer.alloc(8);
  wrapped.writeInt32BE(0x1c849314, 0);
  const z = deflateSync(Buffer.from(encodeHistogram(h, { version: 1, compressed: false, wordSize: 8 })));
  wrapped.writeInt32BE(z.length, 4);
  await failsWith(header + `0.1,1.0,2.7,${b64(Buffer.concat([wrapped, z]))}\n`, /inside the compressed data/, 3);
  await failsWith("timestamp,throughput,response\n1,2,3\n", /looks like a CSV file with header "timestamp,throughput,response"/, 1);
  await failsWith(header + `0.1,1.0,2.7\n`, /expected 4 fields/, 3);
  await failsWith(header + `0.1,x,2.7,${good}\n`, /interval length "x" is not a number/, 3);
  await failsWith(header, /no untagged interval histograms/, undefined as unknown as number);
});

test("base64Bytes rejects a length that cannot be base64", () => {
  assert.throws(() => base64Bytes("HISTF"), /not valid base64: length 5/);
});
