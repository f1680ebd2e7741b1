/**
 * The lines of a large plain numeric CSV parsed on two threads, piece by piece, into one set of
 * exactly sized columns in shared memory, the file read a piece at a time:
 *
 * ```
 * the lines' bytes [start, end) -> pieces of `size` bytes; a piece holds the lines that start in it
 *   -> count: each thread takes the next piece nobody has taken (an atomic counter), reads it
 *      and counts the lines that start in it
 *   -> each piece's first row = the lines before it; the columns allocated once, in shared memory
 *   -> parse: each thread takes the next piece nobody has taken, reads it again (on to the end of
 *      its last line) and parses its lines into their rows
 *   -> every piece plain, and the times increasing from one piece to the next, or null
 * ```
 *
 * The bytes come from the open file by positional reads, each thread into a buffer of its own of
 * about a piece: the file is never in memory whole, and reading it twice into the same buffer
 * costs less than reading it once into fresh memory (25 MB: ~17 ms against ~115 ms here, the
 * fresh pages' faults). Tests give bytes in memory instead.
 *
 * The worker is started before the file's head is parsed, and whichever thread is faster takes
 * more pieces: a worker that starts late (or not at all) costs nothing but its share. A worker
 * that cannot start or stops leaves its unfinished pieces to this thread, which never blocks on it.
 */
import { readSync } from "node:fs";
import type { Worker } from "node:worker_threads";
import { takePieceWorker } from "./piece-worker-start.js";
import { keepSpareThread } from "../util/spare-thread.js";
import { countLf, type PlainColumns, type PlainLayout, type PlainRows, parsePlainLines } from "./plain-lines.js";

/** Bytes per piece. */
export const pieceBytes = 1 << 20;

/** Bytes read past a piece for the end of its last line (read on where a line is longer). */
const tailBytes = 1 << 16;

const LF = 10;

/** Where the bytes are: an open file (its descriptor, read at positions by both threads), or bytes in shared memory. */
export type PieceSource = { fd: number } | { bytes: Uint8Array };

/** Bytes [from, to) of a source: `buf[i - base]` is byte i. */
interface Span {
  buf: Uint8Array;
  base: number;
}

/** Read bytes [position, position + length) of an open file into buffer[0, length); returns how many there were (fewer at its end). */
export function readFully(fd: number, buffer: Uint8Array, length: number, position: number): number {
  let got = 0;
  while (got < length) {
    const n = readSync(fd, buffer, got, length - got, position + got);
    if (n === 0) break;
    got += n;
  }
  return got;
}

/** Where the bytes piece k is read from start: its first byte for piece 0, else the byte before it (an LF there starts a line in the piece). */
function pieceFrom(board: PieceBoard, k: number): number {
  return k === 0 ? board.bounds[0] : board.bounds[k] - 1;
}

/** One thread's reads of a source: into its own buffer, reused from piece to piece (bytes in memory: no copy). */
export class PieceReader {
  private buffer: Buffer | null = null;

  constructor(private readonly source: PieceSource) {}

  /** Bytes [from, to); throws when the file has fewer (it shrank while being read). */
  read(from: number, to: number): Span {
    if ("bytes" in this.source) return { buf: this.source.bytes, base: 0 };
    const length = to - from;
    if (this.buffer === null || this.buffer.length < length) this.buffer = Buffer.allocUnsafe(Math.max(length, pieceBytes + tailBytes));
    if (readFully(this.source.fd, this.buffer, length, from) < length) throw new Error("the file is shorter than when it was opened");
    return { buf: this.buffer, base: from };
  }
}

/** What the two threads share besides the bytes: the counters, and per piece its bounds, lines, state and times. */
export interface PieceBoard {
  /** [0]: the next piece to count, [1]: the next piece to parse, [2]: 1 once the worker has its job (it runs). */
  next: Int32Array;
  /** Byte offset where each piece starts; bounds[pieces] is the end. bounds[0] is where the first line starts. */
  bounds: Int32Array;
  /** Lines that start in each piece; -1 until counted. */
  lines: Int32Array;
  /** Per piece: -1 not parsed yet, 1 plain, 0 not plain. */
  parsed: Int32Array;
  /** Per piece: its first and last time in seconds. */
  times: Float64Array;
}

/** What the worker posts when it finds no piece left to take in a phase. */
export interface PhaseDone {
  phase: "count" | "parse";
  /** Pieces it took in that phase. */
  took: number;
}

/** The message that starts the count phase on the worker: where the bytes are, and the board. */
export interface PieceJob {
  source: { fd: number } | { bytes: ArrayBufferLike };
  next: ArrayBufferLike;
  bounds: ArrayBufferLike;
  lines: ArrayBufferLike;
  parsed: ArrayBufferLike;
  times: ArrayBufferLike;
}

/** The message that starts the parse phase on the worker. */
export interface ParseJob {
  layout: PlainLayout;
  time: SharedArrayBuffer | null;
  throughput: SharedArrayBuffer;
  response: SharedArrayBuffer;
  /** First row of each piece. */
  rowAt: SharedArrayBuffer;
}

function sharedInt32(n: number, fill: number): Int32Array {
  const a = new Int32Array(new SharedArrayBuffer(n * 4));
  if (fill !== 0) a.fill(fill);
  return a;
}

/** Pieces of `size` bytes (the last one shorter) of the lines in [start, end), the first line starting at `start`. */
export function pieceBoard(start: number, end: number, size = pieceBytes): PieceBoard {
  const pieces = end > start ? Math.ceil((end - start) / size) : 0;
  const bounds = sharedInt32(pieces + 1, 0);
  for (let i = 0; i < pieces; i++) bounds[i] = start + i * size;
  bounds[pieces] = Math.max(start, end);
  return {
    next: sharedInt32(3, 0),
    bounds,
    lines: sharedInt32(pieces, -1),
    parsed: sharedInt32(pieces, -1),
    times: new Float64Array(new SharedArrayBuffer(pieces * 16)),
  };
}

/**
 * The lines that start in piece k: a line starts at bounds[0] and after every LF but one that ends
 * the bytes, so piece k > 0 holds as many as there are LFs in [bounds[k] - 1, bounds[k + 1] - 1).
 */
export function countPiece(reader: PieceReader, board: PieceBoard, k: number): number {
  const from = pieceFrom(board, k);
  const to = board.bounds[k + 1] - 1;
  if (to <= from) return k === 0 ? 1 : 0;
  const { buf, base } = reader.read(from, to);
  return (k === 0 ? 1 : 0) + countLf(buf, from - base, to - base);
}

/** Count pieces until none is left to take; returns how many this thread took. */
export function countPieces(reader: PieceReader, board: PieceBoard): number {
  const pieces = board.lines.length;
  for (let took = 0; ; took++) {
    const i = Atomics.add(board.next, 0, 1);
    if (i >= pieces) return took;
    Atomics.store(board.lines, i, countPiece(reader, board, i));
  }
}

/** Parse pieces into the columns until none is left to take; returns how many this thread took. */
export function parsePieces(reader: PieceReader, board: PieceBoard, layout: PlainLayout, columns: Omit<PlainColumns, "at">, rowAt: Int32Array): number {
  const pieces = board.lines.length;
  for (let took = 0; ; took++) {
    const i = Atomics.add(board.next, 1, 1);
    if (i >= pieces) return took;
    parseOne(reader, board, layout, columns, rowAt, i);
  }
}

/** The first LF in buf[from, to), or -1. */
function lfIn(buf: Uint8Array, from: number, to: number): number {
  for (let i = from; i < to; i++) if (buf[i] === LF) return i;
  return -1;
}

/**
 * Parse the lines that start in piece k: from its first line start to the end of its last line,
 * the first LF at or after bounds[k + 1] - 1 (or the end of the bytes).
 */
function parseOne(reader: PieceReader, board: PieceBoard, layout: PlainLayout, columns: Omit<PlainColumns, "at">, rowAt: Int32Array, k: number): void {
  const lines = board.lines[k];
  let plain = true;
  if (lines > 0) {
    const { bounds } = board;
    const end = bounds[bounds.length - 1];
    const from = pieceFrom(board, k);
    const last = bounds[k + 1] - 1;
    for (let to = Math.min(end, last + tailBytes); ; to = Math.min(end, to + (to - from))) {
      const { buf, base } = reader.read(from, to);
      const lf = lfIn(buf, Math.max(from, last) - base, to - base);
      // A last line longer than what was read: read on.
      if (lf < 0 && to < end) continue;
      const first = k === 0 ? from - base : lfIn(buf, from - base, to - base) + 1;
      const stop = lf < 0 ? to - base : lf + 1;
      const rows = parsePlainLines(buf, first, stop, lines, layout, { ...columns, at: rowAt[k] });
      if (rows === null) plain = false;
      else {
        board.times[2 * k] = rows.firstTime;
        board.times[2 * k + 1] = rows.lastTime;
      }
      break;
    }
  }
  Atomics.store(board.parsed, k, plain ? 1 : 0);
}

/** The worker's side, seen from here: a promise per phase, settled by its message or its end. */
class PieceWorker {
  private worker: Worker | null = null;
  private waiting = new Map<"count" | "parse", () => void>();
  private done = new Set<"count" | "parse">();
  /** Whether the worker was sent the parse, and said it has parsed its pieces (it reads no more of the source then). */
  private parseSent = false;
  private parsed = false;
  /** Pieces the worker counted and parsed (as far as it has said). */
  readonly took = { count: 0, parse: 0 };

  constructor(
    source: PieceSource,
    private readonly board: PieceBoard,
  ) {
    this.worker = takePieceWorker();
    if (this.worker === null) {
      this.done.add("count").add("parse");
      return;
    }
    const gone = () => {
      this.worker = null;
      this.finish("count");
      this.finish("parse");
    };
    this.worker.on("message", (m: PhaseDone) => {
      this.took[m.phase] += m.took;
      if (m.phase === "parse") this.parsed = true;
      this.finish(m.phase);
    });
    this.worker.once("error", gone);
    this.worker.once("exit", gone);
    this.worker.postMessage({
      source: "fd" in source ? { fd: source.fd } : { bytes: source.bytes.buffer },
      next: board.next.buffer,
      bounds: board.bounds.buffer,
      lines: board.lines.buffer,
      parsed: board.parsed.buffer,
      times: board.times.buffer,
    } satisfies PieceJob);
  }

  private finish(phase: "count" | "parse"): void {
    this.done.add(phase);
    this.waiting.get(phase)?.();
    this.waiting.delete(phase);
  }

  /** Resolves when the worker has finished the pieces it took in this phase (or is gone). */
  finished(phase: "count" | "parse"): Promise<void> {
    if (this.done.has(phase)) return Promise.resolve();
    return new Promise((resolve) => this.waiting.set(phase, resolve));
  }

  parse(job: ParseJob): void {
    this.worker?.postMessage(job);
    this.parseSent = this.worker !== null;
  }

  /**
   * Done with the worker, which reads no more of the source once this resolves. One that runs
   * (it has its job) and was sent the parse ends its pieces soon: this waits for it to say so,
   * then keeps it as the spare thread (src/util/spare-thread.ts). Any other is stopped.
   */
  async close(): Promise<void> {
    if (this.worker !== null && this.parseSent && !this.parsed && Atomics.load(this.board.next, 2) === 1) await this.finished("parse");
    const worker = this.worker;
    this.worker = null;
    if (worker === null) return;
    worker.removeAllListeners("exit").removeAllListeners("message");
    if (this.parsed) keepSpareThread(worker.removeAllListeners("error"));
    else await worker.terminate();
  }
}

/** The two threads' parse of a file's lines, started before the caller knows the layout. */
export class PieceParse {
  private readonly board: PieceBoard;
  private readonly worker: PieceWorker;
  private readonly reader: PieceReader;

  /**
   * Starts the worker counting the lines in [start, end) of `source` (those after the header), in
   * pieces of `size` bytes. Bytes in memory must be the whole of a SharedArrayBuffer (the worker reads them there).
   */
  constructor(source: PieceSource, start: number, end: number, size = pieceBytes) {
    this.board = pieceBoard(start, end, size);
    this.reader = new PieceReader(source);
    this.worker = new PieceWorker(source, this.board);
  }

  /** Parse every piece with `layout` (both threads); null when a line is not plain or the times do not increase. */
  async rows(layout: PlainLayout): Promise<PlainRows | null> {
    const { reader, board } = this;
    const pieces = board.lines.length;
    countPieces(reader, board);
    if (!allSet(board.lines, 0)) await this.worker.finished("count");
    // Pieces the worker took but did not finish (it stopped): counted here.
    for (let i = 0; i < pieces; i++) if (board.lines[i] < 0) board.lines[i] = countPiece(reader, board, i);
    const rowAt = sharedInt32(pieces, 0);
    let n = 0;
    for (let i = 0; i < pieces; i++) {
      rowAt[i] = n;
      n += board.lines[i];
    }
    const column = () => new Float64Array(new SharedArrayBuffer(n * Float64Array.BYTES_PER_ELEMENT));
    const columns = { time: layout.ti >= 0 ? column() : null, throughput: column(), response: column() };
    this.worker.parse({
      layout,
      time: columns.time?.buffer as SharedArrayBuffer | null,
      throughput: columns.throughput.buffer as SharedArrayBuffer,
      response: columns.response.buffer as SharedArrayBuffer,
      rowAt: rowAt.buffer as SharedArrayBuffer,
    });
    parsePieces(reader, board, layout, columns, rowAt);
    if (!allSet(board.parsed, 0)) await this.worker.finished("parse");
    for (let i = 0; i < pieces; i++) if (board.parsed[i] < 0) parseOne(reader, board, layout, columns, rowAt, i);
    return joined(board, columns);
  }

  /** Resolves when the worker has counted what it took, or is gone (for tests). */
  workerCounted(): Promise<void> {
    return this.worker.finished("count");
  }

  /** Pieces the worker took in each phase, as far as it has said (for tests and measurements). */
  get workerTook(): { count: number; parse: number } {
    return { ...this.worker.took };
  }

  /** Done with the worker (see PieceWorker.close); resolves once it reads no more of the source (then the file may be closed). */
  close(): Promise<void> {
    return this.worker.close();
  }
}

/** Every value of `a` is at least `min`. */
function allSet(a: Int32Array, min: number): boolean {
  for (let i = 0; i < a.length; i++) if (Atomics.load(a, i) < min) return false;
  return true;
}

/** The columns, when every piece is plain and the times increase from piece to piece; else null. */
function joined(board: PieceBoard, columns: Omit<PlainColumns, "at">): PlainRows | null {
  let firstTime = Infinity;
  let lastTime = -Infinity;
  for (let i = 0; i < board.parsed.length; i++) {
    if (board.parsed[i] !== 1) return null;
    if (board.lines[i] === 0 || columns.time === null) continue;
    if (!(board.times[2 * i] > lastTime)) return null;
    if (firstTime === Infinity) firstTime = board.times[2 * i];
    lastTime = board.times[2 * i + 1];
  }
  return { ...columns, firstTime, lastTime };
}
