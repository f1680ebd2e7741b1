/**
 * The byte-level twin of FastRows (src/load/fast-rows.ts) for per-request logs
 * read from Buffers: lines are found in the raw bytes and, once the caller has set
 * `want`, a line without a quote is not decoded at all: the line cutter
 * (src/load/line-cut.ts, 16 bytes at a time) finds the offsets of its first `want`
 * fields, which go to `onBytes` (in `starts`/`ends`), with the field count capped
 * at `atLeast`, as cutFields (src/load/cut-fields.ts) gives them. Before that (the header) a line is
 * decoded and split whole, as FastRows does. The first line with a quote hands
 * that line and the rest of the input, decoded, to the RFC 4180 splitter
 * (src/load/csv-records.ts), exactly as FastRows does.
 *
 *   Buffer chunks -> lines -> (no quote, want set) field offsets + field count -> onBytes
 *                          -> (no quote, want unset) decoded fields -> onText
 *                          -> (a quote) StringDecoder -> CsvRecords -> onText
 *
 * Field bytes decode to the same strings as the decoded line split at the
 * delimiter would: the delimiter, CR and LF are ASCII, and UTF-8 decoding
 * restarts at every ASCII byte.
 */
import { StringDecoder } from "node:string_decoder";
import { CsvRecords } from "./csv-records.js";
import { fieldCount, lineCutter, linesPerCut } from "./line-cut.js";
import { lineTooLongError, maxLineLength, unendedLimit } from "./line-limit.js";
import type { RowHandler } from "./fast-rows.js";

/** A row given as byte offsets: fields k < `fields` are `buf[starts[k], ends[k])`; count as in RowHandler. */
export type ByteRowHandler = (buf: Buffer, fields: number, count: number, line: number) => void;

/** The largest piece of bytes decoded to text at once (see `toText`). */
const textPiece = 1 << 16;

export class ByteRows {
  private line = 1;
  private started = false;
  /** The start of a line not yet ended, in pieces. */
  private tail: Buffer[] = [];
  private tailLength = 0;
  private csv: CsvRecords | null = null;
  private decoder: StringDecoder | null = null;
  private readonly d: number;
  /** The delimiter's byte. */
  get delimiterCode(): number {
    return this.d;
  }
  /** How many leading fields to cut out, and the field count to check for (as in FastRows); set with `columns`. */
  private want = Infinity;
  private atLeast = Infinity;
  /** The current row's field offsets (valid during an onBytes call). */
  starts = new Int32Array(0);
  ends = new Int32Array(0);

  constructor(
    private readonly delimiter: string,
    private readonly onText: RowHandler,
    private readonly onBytes: ByteRowHandler,
    private readonly file?: string,
  ) {
    this.d = delimiter.charCodeAt(0);
  }

  /** From the next line on, rows go to onBytes with their first `want` fields (want >= 1). */
  columns(want: number, atLeast: number): void {
    this.want = want;
    this.atLeast = atLeast;
    this.starts = new Int32Array(want);
    this.ends = new Int32Array(want);
  }

  /**
   * The unended line held and the number of the line it starts, for a caller taking over the
   * reading of whole lines from there (null before the first line or once reading quoted CSV).
   */
  detach(): { line: number; tail: Buffer } | null {
    if (!this.started || this.csv !== null) return null;
    return { line: this.line, tail: this.takeTail() };
  }

  /** Reading resumes at the start of line `line` (after `detach`). */
  resume(line: number): void {
    this.line = line;
  }

  /**
   * Bytes to the text reader (CsvRecords) in pieces of at most `textPiece`: it slows down on long
   * strings (1 MiB chunks of a quoted 1M-row JTL took ~45% longer than 64 KiB ones).
   */
  private toText(bytes: Buffer): void {
    for (let at = 0; at < bytes.length; at += textPiece) this.csv!.push(this.decoder!.write(bytes.subarray(at, at + textPiece)));
  }

  push(chunk: Buffer): void {
    if (this.csv) return this.toText(chunk);
    if (chunk.length === 0) return;
    if (!this.started) {
      this.keep(Buffer.from(chunk));
      if (this.tailLength < 3) return;
      let head = this.takeTail();
      if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) head = head.subarray(3);
      this.started = true;
      this.rest(head, 0);
      return;
    }
    if (this.tailLength > 0) {
      const nl = chunk.indexOf(10);
      if (nl < 0) return this.keep(Buffer.from(chunk));
      this.keep(chunk.subarray(0, nl + 1), false); // an ended line: consume checks its length
      const joined = this.takeTail();
      if (this.consume(joined, 0, false) < 0) {
        this.toText(chunk.subarray(nl + 1));
        return;
      }
      this.rest(chunk, nl + 1);
      return;
    }
    this.rest(chunk, 0);
  }

  end(): void {
    if (this.csv) {
      this.csv.push(this.decoder!.end());
      return this.csv.end();
    }
    let buf = this.takeTail();
    if (!this.started && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) buf = buf.subarray(3);
    this.started = true;
    if (buf.length > 0) this.consume(buf, 0, true);
    if (this.csv) {
      (this.csv as CsvRecords).push(this.decoder!.end());
      (this.csv as CsvRecords).end();
    }
  }

  /** Consume buf from `from`, keeping an unended last line (copied: the caller may reuse its buffer). */
  private rest(buf: Buffer, from: number): void {
    const at = this.consume(buf, from, false);
    if (at >= 0 && at < buf.length) this.keep(Buffer.from(buf.subarray(at)));
  }

  private keep(piece: Buffer, unended = true): void {
    this.tail.push(piece);
    this.tailLength += piece.length;
    if (unended && this.tailLength > unendedLimit) throw lineTooLongError(this.file, this.line);
  }

  private takeTail(): Buffer {
    const t = this.tail.length === 1 ? this.tail[0] : Buffer.concat(this.tail, this.tailLength);
    this.tail = [];
    this.tailLength = 0;
    return t;
  }

  private toCsv(rest: Buffer): void {
    // CsvRecords goes on numbering lines from here, in records and in its errors (as in FastRows).
    this.csv = new CsvRecords(this.delimiter, (fields, line) => this.onText(fields, fields.length, line), this.file, this.line);
    this.decoder = new StringDecoder("utf8");
    this.toText(rest);
  }

  /** Emit the complete lines of buf from `pos`; return where the unended rest starts, or -1 after switching to CsvRecords. */
  private consume(buf: Buffer, pos: number, final: boolean): number {
    const n = buf.length;
    const nextQuote = buf.indexOf(34, pos);
    while (pos < n) {
      // Once the caller has said which fields it wants (after the header), the cutter takes the rest.
      if (this.want !== Infinity) return this.cutRest(buf, pos, final, nextQuote);
      let nl = buf.indexOf(10, pos);
      if (nl < 0) {
        if (!final) return pos;
        nl = n;
      }
      if (nl - pos - (nl > pos && buf[nl - 1] === 13 ? 1 : 0) > maxLineLength) throw lineTooLongError(this.file, this.line);
      if (nextQuote >= 0 && nextQuote < nl) {
        this.toCsv(buf.subarray(pos));
        return -1;
      }
      let end = nl;
      if (end > pos && buf[end - 1] === 13) end--;
      if (end > pos) {
        const f = buf.toString("utf8", pos, end).split(this.delimiter);
        this.onText(f, f.length, this.line);
      }
      this.line++;
      pos = nl + 1;
    }
    return n;
  }

  /**
   * consume's lines from `pos` on once `want` is set: cut by this thread's line cutter
   * (src/load/line-cut.ts: 16 bytes at a time; its records are read before anything else on this
   * thread cuts), each line's first `want` field offsets and field count (as cutFields gives
   * them) to onBytes.
   */
  private cutRest(buf: Buffer, pos: number, final: boolean, nextQuote: number): number {
    const n = buf.length;
    const { d, want } = this;
    const stride = want + 3;
    const cutter = lineCutter();
    cutter.load(buf, pos, n, want);
    for (let more = true; more; ) {
      const lines = cutter.next(pos, d, want, this.atLeast, final);
      const records = cutter.records;
      more = lines === linesPerCut(want);
      for (let j = 0, o = 0; j < lines; j++, o += stride) {
        const nl = records[o + 1];
        const cr = nl > pos && buf[nl - 1] === 13 ? 1 : 0;
        if (nl - pos - cr > maxLineLength) throw lineTooLongError(this.file, this.line);
        if (nextQuote >= 0 && nextQuote < nl) {
          this.toCsv(buf.subarray(pos));
          return -1;
        }
        const end = nl - cr;
        if (end > pos) {
          const delims = records[o + 2 + want];
          const fields = fieldCount(delims, want);
          // Field k starts after field k - 1's end (its delimiter) and ends at its own (a CR before the LF dropped).
          for (let k = 0, from = pos; k < fields; k++) {
            this.starts[k] = from;
            this.ends[k] = Math.min(records[o + 2 + k], end);
            from = records[o + 2 + k] + 1;
          }
          this.onBytes(buf, fields, delims + 1, this.line);
        }
        this.line++;
        pos = nl + 1;
      }
    }
    return final ? n : pos;
  }
}
