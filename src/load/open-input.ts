/**
 * Open an input for streaming: a file path, or `-` for stdin; gzip (by its magic
 * bytes 1f 8b, whatever the name) is inflated on the fly. Missing or unreadable
 * files are `DataError`s. `lines()` splits any byte stream into text lines.
 */
import { closeSync, createReadStream, fstatSync, openSync, readSync } from "node:fs";
import { open, stat } from "node:fs/promises";
import { StringDecoder } from "node:string_decoder";
import { createGunzip } from "node:zlib";
import { ChpError, DataError } from "../errors.js";
import { message, reliabilityMessage } from "../messages.js";
import { lineTooLongError, maxLineLength, unendedLimit } from "./line-limit.js";
import { firstBreakIsLoneCr, normalizeText, utf16Of } from "./text-encoding.js";

/** Check a path names a non-empty regular file (`-` is stdin and always passes). */
export async function checkInputFile(file: string): Promise<number> {
  if (file === "-") return 0;
  let info;
  try {
    info = await stat(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw new DataError(message.fileNotFound(file));
    throw new DataError(message.cannotRead(file, (e as Error).message));
  }
  if (!info.isFile()) throw new DataError(message.notAFile(file));
  if (info.size === 0) throw new DataError(message.emptyFile(), { file });
  // stat needs only the folder's permission: open the file (a regular one, so this cannot block)
  // to find a file chp may not read (EACCES) before any reader starts.
  try {
    await (await open(file, "r")).close();
  } catch (e) {
    throw new DataError(message.cannotRead(file, (e as Error).message));
  }
  return info.size;
}

/** The next chunk of a read stream; a read error (EACCES, EIO, a file removed) is a DataError naming the file. */
async function nextChunk(it: AsyncIterator<Buffer>, file: string): Promise<IteratorResult<Buffer>> {
  try {
    return await it.next();
  } catch (e) {
    if (e instanceof ChpError) throw e;
    throw new DataError(message.cannotRead(file, (e as Error).message));
  }
}

/**
 * The bytes of a file or stdin, gunzipped when they start with the gzip magic, as UTF-8 text with
 * LF line ends when they were UTF-16 (with a BOM) or had CR-only line ends (src/load/text-encoding.ts).
 */
export function openInput(file: string, stdin: AsyncIterable<Buffer> = process.stdin, chunkBytes = defaultChunkBytes): AsyncGenerator<Buffer> {
  return normalizeText(openBytes(file, stdin, chunkBytes));
}

/**
 * A file's reads: 64 KiB. Larger chunks slow the line splitters down (1 MiB: a 10,000-interval
 * .hlog read ~20% slower, Node 20); the per-request CSV reader, which cuts its own 2 MiB batches,
 * asks for 1 MiB (a 10M-row JTL ~15% faster).
 */
export const defaultChunkBytes = 1 << 16;

/** Synchronous reads of a file: `read` fills into[at, at + max) and returns the bytes read (0 at the end). */
export interface SyncReader {
  read(into: Uint8Array, at: number, max: number): number;
  close(): void;
  /** The bytes to read, when known. */
  size?: number;
}

/** The bytes openPlainFile looks at to tell a plain file. */
const plainHeadBytes = 1 << 16;

/**
 * A file openInput would pass through unchanged (not gzip, not UTF-16, its first line break an LF
 * or CRLF within its first 64 KiB), opened for synchronous reads straight into the caller's memory:
 * no stream, no chunk copies. Null for stdin and any other file (openInput reads those). A failed
 * open or read is a DataError naming the file.
 */
export function openPlainFile(file: string): SyncReader | null {
  if (file === "-") return null;
  const failed = (e: unknown) => (e instanceof ChpError ? e : new DataError(message.cannotRead(file, (e as Error).message)));
  let fd: number;
  try {
    fd = openSync(file, "r");
  } catch (e) {
    throw failed(e);
  }
  let head: Buffer;
  let size: number;
  try {
    size = fstatSync(fd).size;
    const buf = Buffer.allocUnsafe(plainHeadBytes);
    head = buf.subarray(0, readSync(fd, buf, 0, buf.length, null));
  } catch (e) {
    closeSync(fd);
    throw failed(e);
  }
  const gzip = head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
  if (gzip || utf16Of(head) !== null || firstBreakIsLoneCr(head) !== false) {
    closeSync(fd);
    return null;
  }
  let held = head.length;
  let open = true;
  return {
    size,
    read(into, at, max) {
      if (held > 0) {
        const n = Math.min(held, max);
        into.set(head.subarray(head.length - held, head.length - held + n), at);
        held -= n;
        return n;
      }
      try {
        return readSync(fd, into, at, max, null);
      } catch (e) {
        throw failed(e);
      }
    },
    close() {
      if (open) closeSync(fd);
      open = false;
    },
  };
}

/** The raw bytes of a file or stdin, gunzipped when they start with the gzip magic. */
async function* openBytes(file: string, stdin: AsyncIterable<Buffer>, chunkBytes: number): AsyncGenerator<Buffer> {
  const raw: AsyncIterable<Buffer> = file === "-" ? stdin : createReadStream(file, { highWaterMark: chunkBytes });
  const it = raw[Symbol.asyncIterator]();
  const first = await nextChunk(it, file);
  if (first.done) return;
  const head = first.value as Buffer;
  const rest: AsyncIterable<Buffer> = {
    [Symbol.asyncIterator]: () => ({
      next: () => nextChunk(it, file),
      return: async () => (it.return ? it.return() : { done: true, value: undefined }),
    }),
  };
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) {
    const gunzip = createGunzip();
    const pump = (async () => {
      try {
        if (!gunzip.write(head)) await new Promise((r) => gunzip.once("drain", r));
        for await (const chunk of rest) if (!gunzip.write(chunk)) await new Promise((r) => gunzip.once("drain", r));
        gunzip.end();
      } catch (e) {
        gunzip.destroy(e as Error);
      }
    })();
    try {
      for await (const chunk of gunzip) yield chunk as Buffer;
    } catch (e) {
      // zlib checks for a next gzip member after the first ends: "incorrect header check" there means
      // bytes that are not gzip follow a complete member (junk appended to the file).
      const why = (e as Error).message;
      throw new DataError(message.cannotRead(file, why === "incorrect header check" ? reliabilityMessage.gzipTrailingJunk() : reliabilityMessage.badGzip(why)));
    }
    await pump;
    return;
  }
  yield head;
  for await (const chunk of rest) yield chunk;
}

/**
 * Text lines (without the line break; CR stripped; a leading BOM removed) with their 1-based numbers.
 * Linear in the input: a chunk is searched for a line break once, and the start of an unended line
 * is kept in pieces until its end arrives. A line longer than `maxLineLength` is a DataError
 * naming `file` and the line.
 */
export async function* lines(source: AsyncIterable<Buffer | string>, file?: string): AsyncGenerator<[string, number]> {
  const decoder = new StringDecoder("utf8");
  /** The unended line so far, in pieces. */
  let parts: string[] = [];
  let partsLength = 0;
  let n = 0;
  let first = true;
  const keep = (piece: string): void => {
    if (piece.length === 0) return;
    parts.push(piece);
    partsLength += piece.length;
    if (partsLength > unendedLimit) throw lineTooLongError(file, n + 1);
  };
  for await (const chunk of source) {
    let text = typeof chunk === "string" ? chunk : decoder.write(chunk);
    if (first && text.length > 0) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      first = false;
    }
    let nl = text.indexOf("\n");
    if (nl < 0) {
      keep(text);
      continue;
    }
    if (parts.length > 0) {
      nl += partsLength;
      parts.push(text);
      text = parts.join("");
      parts = [];
      partsLength = 0;
    }
    let start = 0;
    for (; nl >= 0; nl = text.indexOf("\n", start)) {
      let end = nl;
      if (end > start && text.charCodeAt(end - 1) === 13) end--;
      if (end - start > maxLineLength) throw lineTooLongError(file, n + 1);
      yield [text.slice(start, end), ++n];
      start = nl + 1;
    }
    keep(text.slice(start));
  }
  keep(decoder.end());
  const rest = parts.join("").replace(/\r$/, "");
  if (rest.length > maxLineLength) throw lineTooLongError(file, n + 1);
  if (parts.length > 0) yield [rest, ++n];
}
