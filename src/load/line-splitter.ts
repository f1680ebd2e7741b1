/**
 * A push line splitter for the line-based readers (a Gatling simulation.log, NDJSON): byte or text
 * chunks in, whole lines out (LF or CRLF; the line break removed), in order.
 *
 *   chunk -> StringDecoder (a UTF-8 character split across chunks is kept whole) -> text + the
 *   unfinished line of the chunk before -> lines -> onLine; end() gives the last line (one without
 *   a line break) too
 *
 * Blank lines are passed on as "", so the caller counts lines as a text editor does. A line longer
 * than `maxLineLength` is an error naming the file and line, raised as soon as that much has
 * arrived without a line break (the unfinished line is bounded, so reading stays linear).
 */
import { StringDecoder } from "node:string_decoder";
import { lineTooLongError, maxLineLength, unendedLimit } from "./line-limit.js";

export interface LineSplitter {
  push(chunk: Buffer | string): void;
  /** No more input: the last line, when it has no line break. */
  end(): void;
}

/** A splitter that calls `onLine` with each line (without its LF or CRLF); `file` names the input in errors. */
export function lineSplitter(onLine: (line: string) => void, file?: string): LineSplitter {
  const decoder = new StringDecoder("utf8");
  let rest = "";
  let lines = 0;
  const emit = (line: string) => {
    const text = line.endsWith("\r") ? line.slice(0, -1) : line;
    if (text.length > maxLineLength) throw lineTooLongError(file, lines + 1);
    lines++;
    onLine(text);
  };
  const feed = (text: string): void => {
    if (text === "") return;
    let from = 0;
    let nl = text.indexOf("\n");
    if (nl < 0) {
      rest += text;
      if (rest.length > unendedLimit) throw lineTooLongError(file, lines + 1);
      return;
    }
    emit(rest + text.slice(0, nl));
    rest = "";
    from = nl + 1;
    while ((nl = text.indexOf("\n", from)) >= 0) {
      emit(text.slice(from, nl));
      from = nl + 1;
    }
    rest = text.slice(from);
    if (rest.length > unendedLimit) throw lineTooLongError(file, lines + 1);
  };
  return {
    push(chunk) {
      feed(typeof chunk === "string" ? chunk : decoder.write(chunk));
    },
    end() {
      feed(decoder.end());
      if (rest !== "") emit(rest);
      rest = "";
    },
  };
}
