/**
 * The start of a gzip or zlib stream, inflated without inflating the rest: a few KiB of compressed
 * data can inflate to gigabytes, so the compressed prefix grows by doubling and is then bisected
 * until its output holds `bytes` bytes but no more than `inflateMargin` times that.
 */
import { constants as zlibConstants, gunzipSync, inflateSync } from "node:zlib";

/** The most one inflation may give, as a multiple of the bytes wanted (one more input byte yields at most ~2 KB). */
const inflateMargin = 4;

/** Inflate a prefix (sync flush: a cut-short stream gives what it holds), at most `limit` bytes; "too large" when it would give more. */
function inflatePrefix(buf: Buffer, limit: number, format: "gzip" | "zlib"): Buffer | "too large" | null {
  const options = { finishFlush: zlibConstants.Z_SYNC_FLUSH, maxOutputLength: limit };
  try {
    return format === "gzip" ? gunzipSync(buf, options) : inflateSync(buf, options);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "ERR_BUFFER_TOO_LARGE" ? "too large" : null;
  }
}

/**
 * At least `bytes` inflated bytes of `buf` (or all it holds when that is less), and at most
 * `inflateMargin * bytes`. Damaged data gives what inflated before the damage; null when nothing did.
 */
export function inflateHead(buf: Buffer, bytes: number, format: "gzip" | "zlib"): Buffer | null {
  const limit = inflateMargin * Math.max(bytes, 1024);
  let lo = 0;
  let best: Buffer | null = null;
  let hi = Math.min(buf.length, 1024);
  for (;;) {
    const out = inflatePrefix(buf.subarray(0, hi), limit, format);
    if (out === null || out === "too large") break;
    if (out.length >= bytes || hi === buf.length) return out;
    best = out;
    lo = hi;
    hi = Math.min(buf.length, hi * 2);
  }
  // The output of prefix `lo` is short of `bytes`; prefix `hi` gives too much, or fails (damage, or
  // bytes that are not gzip after a complete member): bisect for the longest prefix that inflates.
  while (hi - lo > 1) {
    const mid = (lo + hi) >>> 1;
    const out = inflatePrefix(buf.subarray(0, mid), limit, format);
    if (out === null || out === "too large") hi = mid;
    else if (out.length >= bytes) return out;
    else {
      best = out;
      lo = mid;
    }
  }
  return best;
}
