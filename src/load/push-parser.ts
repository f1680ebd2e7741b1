/**
 * The RequestLogParser shape shared by the push readers (k6, vegeta, Gatling's text log): chunks
 * go to a line or record splitter, the bytes read are reported for progress, and `last` and
 * `finish` come from the reader.
 */
import { StringDecoder } from "node:string_decoder";
import type { RequestLogParser, RequestLogPart } from "./request-sink.js";

/** Something that takes chunks and is told when they end (a line splitter, a CSV record splitter). */
export interface ChunkFeeder {
  push(chunk: Buffer | string): void;
  end(): void;
}

/** A text-only feeder (CsvRecords) fed bytes through a UTF-8 decoder: a character split across chunks stays whole. */
export function decodingFeeder(text: { push(text: string): void; end(): void }): ChunkFeeder {
  const decoder = new StringDecoder("utf8");
  return {
    push: (chunk) => text.push(typeof chunk === "string" ? chunk : decoder.write(chunk)),
    end: () => {
      text.push(decoder.end());
      text.end();
    },
  };
}

/** A parser over `feeder`: progress counted in bytes, `last` and `finish` from the reader. */
export function pushParser(
  feeder: ChunkFeeder,
  onProgress: ((bytes: number) => void) | undefined,
  last: () => number,
  finish: () => RequestLogPart,
): RequestLogParser {
  let bytes = 0;
  return {
    push(chunk) {
      bytes += chunk.length;
      onProgress?.(bytes);
      feeder.push(chunk);
    },
    end() {
      feeder.end();
    },
    get last() {
      return last();
    },
    finish,
  };
}
