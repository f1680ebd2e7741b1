/**
 * The first bytes of an input as text, for the format sniffs: gunzipped when the bytes are gzip,
 * cut at the last line break; stdin made re-readable so its start can be sniffed and then read.
 */
import { open } from "node:fs/promises";
import { constants as zlibConstants, gunzipSync } from "node:zlib";

/** The start of some bytes as text, gunzipped (as far as it goes) when they are gzip. */
export function headText(raw: Uint8Array, bytes = 65536): string {
  let buf = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
  if (buf.length >= 2 && buf[0] === 0x1f && buf[1] === 0x8b) {
    const inflated = gunzipHead(buf, bytes);
    if (inflated === null) return "";
    buf = inflated;
  }
  const cut = buf.length > bytes;
  let text = buf.subarray(0, bytes).toString("utf8");
  if (cut) text = text.slice(0, text.lastIndexOf("\n") + 1);
  return text;
}

/** The most a sniff inflates at once, as a multiple of the bytes it wants (one more input byte yields at most ~2 KB). */
const inflateMargin = 4;

/** Inflate a gzip prefix (sync flush: a cut-short stream gives what it holds), at most `limit` bytes; "too large" when it would give more. */
function inflatePrefix(buf: Buffer, limit: number): Buffer | "too large" | null {
  try {
    return gunzipSync(buf, { finishFlush: zlibConstants.Z_SYNC_FLUSH, maxOutputLength: limit });
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "ERR_BUFFER_TOO_LARGE" ? "too large" : null;
  }
}

/**
 * At least `bytes` inflated bytes of gzip data (or all of it), never more than `inflateMargin` times
 * that: a few KiB of gzip can inflate to gigabytes, so the compressed prefix grows by doubling and is
 * then bisected until its output fits. Null when the data is not gzip that inflates.
 */
function gunzipHead(buf: Buffer, bytes: number): Buffer | null {
  const limit = inflateMargin * bytes;
  let lo = 0;
  let best: Buffer | null = null;
  let hi = Math.min(buf.length, 1024);
  for (;;) {
    const out = inflatePrefix(buf.subarray(0, hi), limit);
    if (out === null) return best;
    if (out === "too large") break;
    if (out.length >= bytes || hi === buf.length) return out;
    best = out;
    lo = hi;
    hi = Math.min(buf.length, hi * 2);
  }
  // The output of prefix `lo` is short of `bytes`, that of prefix `hi` too large: bisect.
  while (hi - lo > 1) {
    const mid = (lo + hi) >>> 1;
    const out = inflatePrefix(buf.subarray(0, mid), limit);
    if (out === null) return best;
    if (out === "too large") hi = mid;
    else if (out.length >= bytes) return out;
    else {
      best = out;
      lo = mid;
    }
  }
  return best;
}

/** Read the start of a file (gunzipped) as text. */
export async function readHead(file: string, bytes = 65536): Promise<string> {
  const fh = await open(file, "r");
  try {
    const buf = Buffer.alloc(bytes);
    const { bytesRead } = await fh.read(buf, 0, bytes, 0);
    return headText(buf.subarray(0, bytesRead), bytes);
  } finally {
    await fh.close();
  }
}

/** Stdin made re-readable: `peek` buffers the first bytes, iteration replays them and continues. */
export function replayable(source: AsyncIterable<Buffer>) {
  const it = source[Symbol.asyncIterator]();
  const buffered: Buffer[] = [];
  let size = 0;
  let done = false;
  return {
    async peek(bytes: number): Promise<Buffer> {
      while (!done && size < bytes) {
        const r = await it.next();
        if (r.done) done = true;
        else {
          buffered.push(r.value);
          size += r.value.length;
        }
      }
      return Buffer.concat(buffered);
    },
    async *[Symbol.asyncIterator](): AsyncGenerator<Buffer> {
      for (const b of buffered) yield b;
      if (done) return;
      for (;;) {
        const r = await it.next();
        if (r.done) return;
        yield r.value;
      }
    },
  };
}
