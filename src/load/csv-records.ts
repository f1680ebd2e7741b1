/**
 * A streaming CSV record splitter (RFC 4180): fields separated by one delimiter
 * character, records by LF or CRLF, fields optionally in double quotes with `""`
 * for a quote and delimiters or newlines inside. Lines without a quote take a fast
 * path (`String.split`); quoted records go through a small state machine.
 *
 * Feed it text chunks; it calls `onRecord(fields, line)` with the 1-based line on
 * which each record starts. Empty lines are skipped. Errors are `DataError`s.
 */
import { DataError } from "../errors.js";
import { message } from "../messages.js";
import { lineTooLongError, maxLineLength, unendedLimit } from "./line-limit.js";

export type RecordHandler = (fields: string[], line: number) => void;

export class CsvRecords {
  private pending = "";
  private line = 1;
  private started = false;
  /** Chunks after `pending` with no line break, kept in pieces until one with a break arrives. */
  private waiting: string[] = [];
  private waitingLength = 0;

  constructor(
    private readonly delimiter: string,
    private readonly onRecord: RecordHandler,
    private readonly file?: string,
    /** The line the first chunk starts on (a reader that hands over mid-file: the lines it read + 1), for records and errors alike. */
    firstLine = 1,
  ) {
    this.line = firstLine;
  }

  /** Feed the next chunk of text. */
  push(chunk: string): void {
    // No record ends without a line break: a chunk without one is kept aside, not rescanned.
    if (this.pending.length > 0 && chunk.indexOf("\n") < 0) {
      this.waiting.push(chunk);
      this.waitingLength += chunk.length;
      if (this.pending.length + this.waitingLength > unendedLimit) throw lineTooLongError(this.file, this.line);
      return;
    }
    let buf = this.pending + this.takeWaiting() + chunk;
    if (!this.started) {
      if (buf.length === 0) return;
      if (buf.charCodeAt(0) === 0xfeff) buf = buf.slice(1);
      this.started = true;
    }
    this.pending = buf.slice(this.consume(buf, false));
    // An unended record is bounded: it is rescanned with each chunk that has a line break.
    if (this.pending.length > unendedLimit) throw lineTooLongError(this.file, this.line);
  }

  private takeWaiting(): string {
    const text = this.waiting.join("");
    this.waiting = [];
    this.waitingLength = 0;
    return text;
  }

  /** No more input: flush the last record. */
  end(): void {
    const buf = this.pending + this.takeWaiting();
    this.pending = "";
    if (buf.length > 0) this.consume(buf, true);
  }

  /** Emit every complete record in buf; return where the incomplete rest starts. */
  private consume(buf: string, final: boolean): number {
    const d = this.delimiter;
    let pos = 0;
    let nextQuote = buf.indexOf('"');
    const n = buf.length;
    while (pos < n) {
      let nl = buf.indexOf("\n", pos);
      if (nl < 0) {
        if (!final) return pos;
        nl = n;
      }
      if (nextQuote >= 0 && nextQuote < pos) nextQuote = buf.indexOf('"', pos);
      if (nextQuote < 0 || nextQuote > nl) {
        if (nl - pos - (nl > pos && buf.charCodeAt(nl - 1) === 13 ? 1 : 0) > maxLineLength) throw lineTooLongError(this.file, this.line);
        // Fast path: a line with no quote.
        let end = nl;
        if (end > pos && buf.charCodeAt(end - 1) === 13) end--;
        if (end > pos) this.onRecord(buf.slice(pos, end).split(d), this.line);
        this.line++;
        pos = nl + 1;
        continue;
      }
      const done = this.quotedRecord(buf, pos, final);
      if (done < 0) return pos;
      pos = done;
    }
    return n;
  }

  /** Parse one record that contains quotes, from `start`. Returns the index after it, or -1 if buf ends first. */
  private quotedRecord(buf: string, start: number, final: boolean): number {
    const d = this.delimiter.charCodeAt(0);
    const fields: string[] = [];
    const startLine = this.line;
    let lines = 0;
    let i = start;
    const n = buf.length;
    let field = "";
    for (;;) {
      // At the start of a field.
      if (i < n && buf.charCodeAt(i) === 34) {
        i++;
        for (;;) {
          const q = buf.indexOf('"', i);
          if (q < 0) {
            if (final) throw new DataError(message.csvSyntax("a quoted field is not closed before the end of the file"), { file: this.file, line: startLine });
            return -1;
          }
          const piece = buf.slice(i, q);
          for (let k = piece.indexOf("\n"); k >= 0; k = piece.indexOf("\n", k + 1)) lines++;
          field += piece;
          if (q + 1 < n && buf.charCodeAt(q + 1) === 34) {
            field += '"';
            i = q + 2;
            continue;
          }
          if (q + 1 >= n && !final) return -1;
          i = q + 1;
          break;
        }
        // After a closing quote: delimiter, end of line or end of input.
        const c = i < n ? buf.charCodeAt(i) : -1;
        if (c === 13 && i + 1 < n && buf.charCodeAt(i + 1) === 10) i++;
        else if (c === 13 && i + 1 >= n && !final) return -1;
        const c2 = i < n ? buf.charCodeAt(i) : -1;
        if (c2 !== d && c2 !== 10 && c2 !== -1) {
          // Allow spaces after a closing quote (space-aligned files); anything else is an error.
          let j = i;
          while (j < n && buf.charCodeAt(j) === 32) j++;
          const c3 = j < n ? buf.charCodeAt(j) : -1;
          if (c3 !== d && c3 !== 10 && c3 !== 13 && !(c3 === -1 && final)) {
            if (c3 === -1) return -1;
            throw new DataError(message.csvSyntax(`unexpected ${JSON.stringify(buf[j])} after a closing quote`), { file: this.file, line: startLine + lines });
          }
          i = j;
          if (c3 === 13) i++;
        }
      } else {
        // Unquoted field: up to the delimiter or end of line.
        let j = i;
        while (j < n) {
          const c = buf.charCodeAt(j);
          if (c === d || c === 10) break;
          if (c === 34) throw new DataError(message.csvSyntax("a quote inside an unquoted field"), { file: this.file, line: startLine + lines });
          j++;
        }
        if (j >= n && !final) return -1;
        let end = j;
        if (end > i && buf.charCodeAt(end - 1) === 13) end--;
        field = buf.slice(i, end);
        i = j;
      }
      fields.push(field);
      field = "";
      const c = i < n ? buf.charCodeAt(i) : -1;
      if (c === d) {
        i++;
        continue;
      }
      // End of record (newline or end of input).
      if (i - start > maxLineLength) throw lineTooLongError(this.file, startLine);
      this.onRecord(fields, startLine);
      this.line = startLine + lines + 1;
      return c === 10 ? i + 1 : i;
    }
  }
}
