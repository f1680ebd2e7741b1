/**
 * HdrHistogram's binary encodings, V0, V1 and V2, plain and zlib-compressed, as
 * documented in the Java library (`AbstractHistogram.encodeIntoByteBuffer`,
 * `decodeFromByteBuffer`, `decodeFromCompressedByteBuffer`). All integers big-endian.
 *
 *   cookie (int32): base | (word size << 4); the base says version and compression
 *     V0 0x1c849308 / compressed 0x1c849309; V1 0x1c849301 / 0x1c849302;
 *     V2 0x1c849303 / 0x1c849304 (V2 always has 0x10 in the word-size nibble)
 *   compressed: cookie, int32 length of the zlib stream, then the zlib stream of
 *     the plain encoding (its own cookie and header first)
 *   V0 header (32 bytes): cookie, int32 significant digits, int64 lowest trackable
 *     value, int64 highest trackable value, int64 total count; then counts as
 *     fixed-width signed words (2, 4 or 8 bytes) up to the end
 *   V1/V2 header (40 bytes): cookie, int32 payload length in bytes, int32
 *     normalizing index offset, int32 significant digits, int64 lowest discernible
 *     value, int64 highest trackable value, float64 integer-to-double ratio (both the
 *     offset and the ratio belong to a DoubleHistogram: an integer histogram, as Java's
 *     Histogram, keeps its counts at the indices encoded and its values unscaled); then
 *     the payload: V1 fixed-width words, V2 ZigZag LEB128 longs where a negative
 *     number -n stands for n zero counts.
 *
 * decode -> one HdrHistogram (the same indices as Java's), or into a histogram
 * given for reuse (a log reader that keeps only statistics decodes every interval
 * into the same storage); encode (for tests and writers) -> bytes in any of the
 * six forms.
 */
import { deflateSync, inflateSync } from "node:zlib";
import { inflateHead } from "../inflate-head.js";
import { DataError, type Location } from "../../errors.js";
import { histogramMessage as m } from "../../messages.js";
import { HdrHistogram } from "./histogram.js";

export const cookieBase = {
  v0: 0x1c849308,
  v0Compressed: 0x1c849309,
  v1: 0x1c849301,
  v1Compressed: 0x1c849302,
  v2: 0x1c849303,
  v2Compressed: 0x1c849304,
} as const;

export type EncodingVersion = 0 | 1 | 2;

/** What a cookie says: version, compressed, word size (9 = LEB128 for V2). */
export function describeCookie(cookie: number): { version: EncodingVersion; compressed: boolean; wordSize: number } | null {
  const base = (cookie & ~0xf0) >>> 0;
  const nibble = (cookie & 0xf0) >>> 4;
  switch (base) {
    case cookieBase.v0:
      return { version: 0, compressed: false, wordSize: nibble & 0xe };
    case cookieBase.v0Compressed:
      return { version: 0, compressed: true, wordSize: nibble & 0xe };
    case cookieBase.v1:
      return { version: 1, compressed: false, wordSize: nibble & 0xe };
    case cookieBase.v1Compressed:
      return { version: 1, compressed: true, wordSize: nibble & 0xe };
    case cookieBase.v2:
      return { version: 2, compressed: false, wordSize: 9 };
    case cookieBase.v2Compressed:
      return { version: 2, compressed: true, wordSize: 9 };
    default:
      return null;
  }
}

/** The longest run of empty buckets a V2 encoding may hold, as Java HdrHistogram reads it (Integer.MAX_VALUE). */
const maxZeroRun = 2_147_483_647;

const hex = (n: number) => "0x" + (n >>> 0).toString(16).padStart(8, "0");

function int64(view: DataView, at: number): number {
  return Number(view.getBigInt64(at));
}

/**
 * Decode one histogram from its binary encoding (any version, plain or compressed).
 * With `into`, a histogram of the same lowestDiscernibleValue and significant digits
 * is cleared and decoded into (its storage reused) and returned; otherwise a new
 * histogram is returned.
 */
export function decodeHistogram(bytes: Uint8Array, where: Location = {}, into?: HdrHistogram): HdrHistogram {
  if (bytes.length < 8) throw new DataError(m.truncated(`${bytes.length} bytes, fewer than a header`), where);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const cookie = view.getInt32(0);
  const kind = describeCookie(cookie);
  if (!kind) throw new DataError(m.unknownCookie(hex(cookie)), where);
  if (!kind.compressed) return decodePlain(bytes, where, into);
  const length = view.getInt32(4);
  if (length < 0 || 8 + length > bytes.length)
    throw new DataError(m.truncated(`the header announces ${length} compressed bytes, ${bytes.length - 8} follow`), where);
  const compressed = bytes.subarray(8, 8 + length);
  const badCookie = (inner: Buffer): DataError | null => {
    const innerKind = inner.length >= 4 ? describeCookie(inner.readInt32BE(0)) : null;
    if (innerKind && !innerKind.compressed && innerKind.version === kind.version) return null;
    return new DataError(
      m.unknownCookie(inner.length >= 4 ? hex(inner.readInt32BE(0)) + " (inside the compressed data)" : "(none inside the compressed data)"),
      where,
    );
  };
  // Most encodings inflate to a few KiB: inflated at once up to `smallInflate`, their own header then
  // bounds what they may hold (as below). Larger, damaged or odd ones take the careful way.
  const quick = inflateSmall(compressed);
  if (quick !== null && quick.length >= 40 && badCookie(quick) === null) {
    const limit = inflatedLimit(quick, where);
    if (quick.length > limit.bytes) throw new DataError(limit.tooLarge, where);
    return decodePlain(quick, where, into);
  }
  // The plain encoding inside is inflated only up to the size its own header allows (see
  // `inflatedLimit`), so a small hostile line cannot make chp allocate gigabytes.
  const head = inflateHead(Buffer.from(compressed.buffer, compressed.byteOffset, compressed.byteLength), 40, "zlib");
  // A whole plain header inflated: it sets the bound. Less (the data fails or ends within 40 bytes):
  // inflating a little again gives zlib's reason, or the short encoding that decodePlain reports.
  const whole = head !== null && head.length >= 40;
  if (whole) {
    const e = badCookie(head);
    if (e) throw e;
  }
  const limit = whole ? inflatedLimit(head, where) : null;
  let inner: Buffer;
  try {
    inner = inflateSync(compressed, { maxOutputLength: limit?.bytes ?? 1024 });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ERR_BUFFER_TOO_LARGE" && limit !== null) throw new DataError(limit.tooLarge, where);
    throw new DataError(m.badZlib((e as Error).message), where);
  }
  const e = badCookie(inner);
  if (e) throw e;
  return decodePlain(inner, where, into);
}

/** Encodings that inflate to at most this many bytes are inflated in one go (a 64 KiB allocation at most). */
const smallInflate = 1 << 16;

/** The whole inflated data when it is at most `smallInflate` bytes; null when larger or not valid zlib. */
function inflateSmall(compressed: Uint8Array): Buffer | null {
  try {
    return inflateSync(compressed, { maxOutputLength: smallInflate });
  } catch {
    return null;
  }
}

/** countsArrayLength by layout: every interval of a log usually shares one. */
const countsByLayout = new Map<string, number>();

function countsArrayLength(lowest: number, highest: number, digits: number): number {
  const key = `${lowest} ${highest} ${digits}`;
  let counts = countsByLayout.get(key);
  if (counts === undefined) {
    counts = new HdrHistogram({ lowestDiscernibleValue: lowest, highestTrackableValue: highest, significantDigits: digits }).countsArrayLength;
    if (countsByLayout.size > 64) countsByLayout.clear();
    countsByLayout.set(key, counts);
  }
  return counts;
}

/**
 * The most bytes a plain encoding with this header can take: the header, then its payload, which
 * holds at most one count per slot of the counts array the header's range and precision give
 * (Java's countsArrayLength): 9 bytes each in V2 (LEB128 of a 64-bit value), a word each in V0/V1.
 * A V1/V2 header also states its payload length, which must fit that bound.
 */
function inflatedLimit(head: Buffer, where: Location): { bytes: number; tooLarge: string } {
  const h = readHeader(head, where);
  const counts = countsArrayLength(h.lowest, h.highest, h.digits);
  const most = counts * (h.version === 2 ? 9 : h.wordSize);
  if (h.version === 0) return { bytes: h.headerSize + most, tooLarge: m.inflatesBeyondRange(h.headerSize + most, counts) };
  if (h.payloadLength > most) throw new DataError(m.payloadBeyondRange(h.payloadLength, most, counts), where);
  return { bytes: h.headerSize + h.payloadLength, tooLarge: m.inflatesBeyondHeader(h.headerSize + h.payloadLength) };
}

/** The fields of a plain encoding's header, checked; V0 states no payload length (the rest of the bytes). */
function readHeader(bytes: Uint8Array, where: Location) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const cookie = view.getInt32(0);
  const kind = describeCookie(cookie)!;
  const headerSize = kind.version === 0 ? 32 : 40;
  if (bytes.length < headerSize) throw new DataError(m.truncated(`${bytes.length} bytes, the V${kind.version} header needs ${headerSize}`), where);
  let digits: number,
    lowest: number,
    highest: number,
    payloadLength: number,
    ratio = 1;
  if (kind.version === 0) {
    digits = view.getInt32(4);
    lowest = int64(view, 8);
    highest = int64(view, 16);
    payloadLength = bytes.length - headerSize;
  } else {
    payloadLength = view.getInt32(4);
    // normalizingIndexOffset (int32 at 8) is read as Java's integer Histogram reads it: the counts
    // stay at the indices encoded (only a DoubleHistogram shifts them)
    digits = view.getInt32(12);
    lowest = int64(view, 16);
    highest = int64(view, 24);
    ratio = view.getFloat64(32);
    if (payloadLength < 0) throw new DataError(m.truncated(`the header announces ${payloadLength} payload bytes, ${bytes.length - headerSize} follow`), where);
  }
  if (!(digits >= 0 && digits <= 5)) throw new DataError(m.badHeader("numberOfSignificantValueDigits", digits, "0 to 5"), where);
  if (!(lowest >= 1)) throw new DataError(m.badHeader("lowestDiscernibleValue", lowest, ">= 1"), where);
  if (!(highest >= 2 * lowest)) throw new DataError(m.badHeader("highestTrackableValue", highest, "at least twice lowestDiscernibleValue"), where);
  if (kind.version !== 2 && ![2, 4, 8].includes(kind.wordSize)) throw new DataError(m.badHeader("word size", kind.wordSize, "2, 4 or 8 bytes"), where);
  return { kind, version: kind.version, wordSize: kind.wordSize, headerSize, digits, lowest, highest, payloadLength, ratio };
}

function decodePlain(bytes: Uint8Array, where: Location, into: HdrHistogram | undefined): HdrHistogram {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const { kind, headerSize, digits, lowest, highest, payloadLength, ratio } = readHeader(bytes, where);
  if (kind.version !== 0 && headerSize + payloadLength > bytes.length) {
    throw new DataError(m.truncated(`the header announces ${payloadLength} payload bytes, ${bytes.length - headerSize} follow`), where);
  }
  let h: HdrHistogram;
  if (into !== undefined && into.lowestDiscernibleValue === lowest && into.significantDigits === digits) {
    h = into;
    h.clear();
    h.highestTrackableValue = highest;
  } else {
    h = new HdrHistogram({ lowestDiscernibleValue: lowest, highestTrackableValue: highest, significantDigits: digits });
  }
  h.integerToDoubleValueConversionRatio = ratio;
  const capacity = h.countsArrayLength;
  const start = headerSize;
  const end = start + payloadLength;
  if (kind.version === 2) {
    let pos = start;
    let index = 0;
    while (pos < end) {
      // LEB128 (up to 9 bytes; the 9th contributes all 8 bits), then ZigZag. The sign is bit 0
      // of the first byte: above 2^53 the sum u is rounded to an even double, which would turn a
      // run of empty buckets (odd u) into a huge count.
      const negative = (bytes[pos] & 1) === 1;
      let u = bytes[pos];
      let scale = 1;
      let b = 0;
      let k = 0;
      if (u < 0x80)
        pos++; // one byte (most counts and zero runs): u as is
      else
        for (u = 0; ; ) {
          if (pos >= end) throw new DataError(m.truncated(`a count at index ${index} is cut off`), where);
          b = bytes[pos++];
          if (k === 8) {
            u += b * scale;
            break;
          }
          u += (b & 0x7f) * scale;
          scale *= 128;
          k++;
          if ((b & 0x80) === 0) break;
        }
      if (negative) {
        // Java's limit (AbstractHistogram.fillCountsArrayFromSourceBuffer): a run fits an int.
        const run = (u + 1) / 2;
        if (run > maxZeroRun) throw new DataError(m.zeroRunTooLong(run, index), where);
        index += run;
      } else {
        // u is exact below 2^53, so a count is exact up to 2^52; beyond, it would be rounded.
        if (u > Number.MAX_SAFE_INTEGER) throw new DataError(m.countTooLarge(u / 2, index), where);
        const value = u / 2;
        if (index >= capacity) throw new DataError(m.countBeyondRange(index, capacity), where);
        h.addAtIndex(index, value);
        index++;
      }
    }
  } else {
    const w = kind.wordSize;
    const words = Math.min(Math.floor(payloadLength / w), capacity);
    for (let i = 0; i < words; i++) {
      const at = start + i * w;
      const c = w === 2 ? view.getInt16(at) : w === 4 ? view.getInt32(at) : int64(view, at);
      if (c < 0) throw new DataError(m.negativeCount(i, c), where);
      if (c > 0) h.addAtIndex(i, c);
    }
  }
  return h;
}

/** Decode base64 text (as in a log line) to bytes, strictly: any non-base64 character is an error. */
export function base64Bytes(text: string, where: Location = {}): Uint8Array {
  const s = text.trim();
  if (s.length === 0 || s.length % 4 === 1 || !/^[A-Za-z0-9+/]+={0,2}$/.test(s)) {
    const bad = s.search(/[^A-Za-z0-9+/=]/);
    throw new DataError(m.badBase64(bad >= 0 ? `character ${JSON.stringify(s[bad])} at position ${bad + 1}` : `length ${s.length}`), where);
  }
  return Buffer.from(s, "base64");
}

export interface EncodeOptions {
  version: EncodingVersion;
  compressed: boolean;
  /** Bytes per count for V0/V1: 2, 4 or 8. */
  wordSize: 2 | 4 | 8;
}

export const defaultEncodeOptions: EncodeOptions = { version: 2, compressed: true, wordSize: 8 };

/** Encode a histogram as the Java library lays it out (V2 is what Java 2.1 writes; V0/V1 as older releases did). */
export function encodeHistogram(h: HdrHistogram, options: Partial<EncodeOptions> = {}): Uint8Array {
  const o = { ...defaultEncodeOptions, ...options };
  const plain = encodePlain(h, o);
  if (!o.compressed) return plain;
  const z = deflateSync(plain);
  const out = Buffer.alloc(8 + z.length);
  const base = o.version === 0 ? cookieBase.v0Compressed : o.version === 1 ? cookieBase.v1Compressed : cookieBase.v2Compressed;
  out.writeInt32BE(base | ((o.version === 2 ? 1 : o.wordSize) << 4) | 0, 0);
  out.writeInt32BE(z.length, 4);
  z.copy(out, 8);
  return out;
}

function encodePlain(h: HdrHistogram, o: EncodeOptions): Uint8Array {
  const relevant = h.length;
  if (o.version === 2) {
    const payload: number[] = [];
    const put = (v: number) => {
      let u = v >= 0 ? v * 2 : -v * 2 - 1;
      for (let k = 0; k < 8; k++) {
        if (u < 128) {
          payload.push(u);
          return;
        }
        payload.push((u % 128) | 0x80);
        u = Math.floor(u / 128);
      }
      payload.push(u & 0xff);
    };
    for (let i = 0; i < relevant; ) {
      const c = h.countAtIndex(i);
      if (c === 0) {
        let z = 0;
        while (i < relevant && h.countAtIndex(i) === 0) {
          z++;
          i++;
        }
        put(-z);
      } else {
        put(c);
        i++;
      }
    }
    const out = Buffer.alloc(40 + payload.length);
    writeHeader40(out, cookieBase.v2 | 0x10, payload.length, h);
    Buffer.from(payload).copy(out, 40);
    return out;
  }
  const w = o.wordSize;
  const words = o.version === 0 ? h.countsArrayLength : relevant;
  const headerSize = o.version === 0 ? 32 : 40;
  const out = Buffer.alloc(headerSize + words * w);
  if (o.version === 0) {
    out.writeInt32BE(cookieBase.v0 | (w << 4) | 0, 0);
    out.writeInt32BE(h.significantDigits, 4);
    out.writeBigInt64BE(BigInt(h.lowestDiscernibleValue), 8);
    out.writeBigInt64BE(BigInt(h.highestTrackableValue), 16);
    out.writeBigInt64BE(BigInt(h.totalCount), 24);
  } else {
    writeHeader40(out, cookieBase.v1 | (w << 4), words * w, h);
  }
  for (let i = 0; i < words; i++) {
    const c = h.countAtIndex(i);
    const at = headerSize + i * w;
    if (w === 2) out.writeInt16BE(c, at);
    else if (w === 4) out.writeInt32BE(c, at);
    else out.writeBigInt64BE(BigInt(c), at);
  }
  return out;
}

function writeHeader40(out: Buffer, cookie: number, payloadLength: number, h: HdrHistogram): void {
  out.writeInt32BE(cookie | 0, 0);
  out.writeInt32BE(payloadLength, 4);
  out.writeInt32BE(0, 8);
  out.writeInt32BE(h.significantDigits, 12);
  out.writeBigInt64BE(BigInt(h.lowestDiscernibleValue), 16);
  out.writeBigInt64BE(BigInt(h.highestTrackableValue), 24);
  out.writeDoubleBE(h.integerToDoubleValueConversionRatio, 32);
}
