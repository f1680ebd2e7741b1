/**
 * A push line splitter for the line-based readers (a Gatling simulation.log, NDJSON): byte or text
 * chunks in, whole lines out (LF or CRLF; the line break removed), in order.
 *
 *   chunk -> StringDecoder (a UTF-8 character split across chunks is kept whole) -> text + the
 *   unfinished line of the chunk before -> lines -> onLine; end() gives the last line (one without
 *   a line break) too
 *
 * Blank lines are passed on as "", so the caller counts lines as a text editor does.
 */
import { StringDecoder } from "node:string_decoder";

export interface LineSplitter {
  push(chunk: Buffer | string): void;
  /** No more input: the last line, when it has no line break. */
  end(): void;
}

/** A splitter that calls `onLine` with each line (without its LF or CRLF). */
export function lineSplitter(onLine: (line: string) => void): LineSplitter {
  const decoder = new StringDecoder("utf8");
  let rest = "";
  const emit = (line: string) => onLine(line.endsWith("\r") ? line.slice(0, -1) : line);
  const feed = (text: string): void => {
    if (text === "") return;
    let from = 0;
    let nl = text.indexOf("\n");
    if (nl < 0) {
      rest += text;
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
