/**
 * Text that is not UTF-8 with LF line ends, made so before any reader sees it: UTF-16 with a
 * byte-order mark (what Excel's "Unicode Text" writes: UTF-16LE, tab-separated) is decoded, and a
 * file whose first line break is a lone CR (classic Mac line ends) has every CR read as LF.
 *
 *   bytes -> BOM FF FE / FE FF? -> UTF-16 decoded to UTF-8 -> first line break a lone CR? -> CR as LF
 */
import { TextDecoder } from "node:util";

/** The UTF-16 variant a byte-order mark at the start names, or null. */
export function utf16Of(head: Uint8Array): "utf-16le" | "utf-16be" | null {
  if (head.length >= 2 && head[0] === 0xff && head[1] === 0xfe) return "utf-16le";
  if (head.length >= 2 && head[0] === 0xfe && head[1] === 0xff) return "utf-16be";
  return null;
}

/** Whether the first line break in `bytes` is a lone CR (null: no line break, or a CR at the very end, so not known yet). */
export function firstBreakIsLoneCr(bytes: Uint8Array): boolean | null {
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === 10) return false;
    if (bytes[i] === 13) return i + 1 < bytes.length ? bytes[i + 1] !== 10 : null;
  }
  return null;
}

/** A copy of `bytes` with every CR as LF. */
function crToLf(bytes: Buffer): Buffer {
  const out = Buffer.from(bytes);
  for (let i = out.indexOf(13); i >= 0; i = out.indexOf(13, i + 1)) out[i] = 10;
  return out;
}

/** The start of an input (whole, as the sniff reads it) as UTF-8 with LF line ends. */
export function normalizeHead(bytes: Buffer): Buffer {
  const utf16 = utf16Of(bytes);
  let out = utf16 === null ? bytes : Buffer.from(new TextDecoder(utf16).decode(bytes.subarray(0, bytes.length & ~1)));
  if (firstBreakIsLoneCr(out) === true) out = crToLf(out);
  return out;
}

/** A byte stream as UTF-8 with LF line ends (see the top of this file); UTF-8 with LF passes through unchanged. */
export async function* normalizeText(source: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  let decoder: TextDecoder | null = null;
  let first = true;
  /** null until the first line break decides; then whether CRs become LFs. */
  let loneCr: boolean | null = null;
  /** Bytes held back while the first line break is undecided (a CR at the end of a chunk). */
  let held: Buffer | null = null;
  const lineEnds = (chunk: Buffer): Buffer[] => {
    if (loneCr === false) return [chunk];
    if (loneCr === true) return [crToLf(chunk)];
    const bytes: Buffer = held === null ? chunk : Buffer.concat([held, chunk]);
    held = null;
    loneCr = firstBreakIsLoneCr(bytes);
    if (loneCr === null && bytes.includes(13)) {
      held = bytes; // a CR ends the bytes: the next byte decides
      return [];
    }
    return loneCr === true ? [crToLf(bytes)] : [bytes];
  };
  for await (const chunk of source) {
    let bytes = chunk;
    if (first) {
      first = false;
      const utf16 = utf16Of(chunk);
      if (utf16 !== null) decoder = new TextDecoder(utf16);
    }
    if (decoder !== null) bytes = Buffer.from(decoder.decode(chunk, { stream: true }));
    for (const b of lineEnds(bytes)) if (b.length > 0) yield b;
  }
  if (decoder !== null) for (const b of lineEnds(Buffer.from(decoder.decode()))) if (b.length > 0) yield b;
  if (held !== null) yield held;
}
