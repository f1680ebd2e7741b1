/**
 * The first bytes of an input as text, for the format sniffs: gunzipped when the bytes are gzip,
 * cut at the last line break (when there is one); stdin made re-readable so its start can be sniffed and then read.
 */
import { open } from "node:fs/promises";
import { inflateHead } from "./inflate-head.js";
import { normalizeHead } from "./text-encoding.js";

/** The start of some bytes as text, gunzipped (as far as it goes) when they are gzip. */
export function headText(raw: Uint8Array, bytes = 65536): string {
  let buf = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
  if (buf.length >= 2 && buf[0] === 0x1f && buf[1] === 0x8b) {
    const inflated = inflateHead(buf, bytes, "gzip");
    if (inflated === null) return "";
    buf = inflated;
  }
  buf = normalizeHead(buf);
  // Plain or gzipped alike: the first `bytes` bytes, cut after their last line break when the
  // input may go on (a start without one — a one-line JSON report, a binary log, a first line
  // longer than that — is kept whole: the sniffs see its start).
  const more = buf.length >= bytes;
  let text = buf.subarray(0, bytes).toString("utf8");
  const nl = text.lastIndexOf("\n");
  if (more && nl >= 0) text = text.slice(0, nl + 1);
  return text;
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
