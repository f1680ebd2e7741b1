/**
 * A row splitter for large per-request logs that need a few columns of many:
 * a line without a quote yields only its first `want` fields (found with
 * indexOf, no full split) and how many fields it has, up to `atLeast`. The
 * first line with a quote hands that line and the rest of the input to the
 * RFC 4180 splitter (src/load/csv-records.ts), which then yields every field.
 *
 *   text chunks -> lines -> (no quote) first `want` fields + field count
 *                        -> (a quote)  CsvRecords from here on
 */
import { CsvRecords } from "./csv-records.js";
import { lineTooLongError, maxLineLength, unendedLimit } from "./line-limit.js";

/** fields: at least the first `want` fields (fewer when the row has fewer); count: the row's field count, capped at `atLeast`. */
export type RowHandler = (fields: string[], count: number, line: number) => void;

export class FastRows {
  /** The start of a line not yet ended, in pieces (kept apart so a long line is not rescanned per chunk). */
  private parts: string[] = [];
  private partsLength = 0;
  private line = 1;
  private started = false;
  private csv: CsvRecords | null = null;
  /** How many leading fields to extract, and the field count to check for; set by the caller after the header. */
  want = Infinity;
  atLeast = Infinity;

  constructor(
    private readonly delimiter: string,
    private readonly onRow: RowHandler,
    private readonly file?: string,
  ) {}

  push(chunk: string): void {
    if (this.csv) return this.csv.push(chunk);
    if (this.parts.length > 0 && chunk.indexOf("\n") < 0) return this.keep(chunk);
    let buf = this.takeParts() + chunk;
    if (!this.started) {
      if (buf.length === 0) return;
      if (buf.charCodeAt(0) === 0xfeff) buf = buf.slice(1);
      this.started = true;
    }
    this.keep(this.consume(buf, false));
  }

  end(): void {
    if (this.csv) return this.csv.end();
    const buf = this.takeParts();
    if (buf.length > 0) this.consume(buf, true);
    if (this.csv) (this.csv as CsvRecords).end();
  }

  private keep(piece: string): void {
    if (piece.length === 0) return;
    this.parts.push(piece);
    this.partsLength += piece.length;
    if (this.partsLength > unendedLimit) throw lineTooLongError(this.file, this.line);
  }

  private takeParts(): string {
    const text = this.parts.length === 1 ? this.parts[0] : this.parts.join("");
    this.parts = [];
    this.partsLength = 0;
    return text;
  }

  private toCsv(rest: string): void {
    // CsvRecords goes on numbering lines from here, in records and in its errors.
    this.csv = new CsvRecords(this.delimiter, (fields, line) => this.onRow(fields, fields.length, line), this.file, this.line);
    this.csv.push(rest);
  }

  /** Emit complete lines; return the unconsumed rest (or "" after switching to CsvRecords). */
  private consume(buf: string, final: boolean): string {
    const d = this.delimiter;
    const n = buf.length;
    let pos = 0;
    const nextQuote = buf.indexOf('"');
    while (pos < n) {
      let nl = buf.indexOf("\n", pos);
      if (nl < 0) {
        if (!final) return buf.slice(pos);
        nl = n;
      }
      if (nl - pos - (nl > pos && buf.charCodeAt(nl - 1) === 13 ? 1 : 0) > maxLineLength) throw lineTooLongError(this.file, this.line);
      if (nextQuote >= 0 && nextQuote < nl) {
        this.toCsv(buf.slice(pos));
        return "";
      }
      let end = nl;
      if (end > pos && buf.charCodeAt(end - 1) === 13) end--;
      if (end > pos) {
        if (this.want === Infinity) {
          const f = buf.slice(pos, end).split(d);
          this.onRow(f, f.length, this.line);
        } else {
          const fields: string[] = [];
          let p = pos;
          let delims = 0;
          let more = true;
          while (fields.length < this.want) {
            const c = buf.indexOf(d, p);
            if (c < 0 || c >= end) {
              fields.push(buf.slice(p, end));
              more = false;
              break;
            }
            fields.push(buf.slice(p, c));
            p = c + 1;
            delims++;
          }
          if (more) {
            while (delims + 1 < this.atLeast) {
              const c = buf.indexOf(d, p);
              if (c < 0 || c >= end) break;
              delims++;
              p = c + 1;
            }
          }
          const count = delims + 1;
          this.onRow(fields, count, this.line);
        }
      }
      this.line++;
      pos = nl + 1;
    }
    return "";
  }
}
