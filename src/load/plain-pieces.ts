/**
 * The lines of a large plain numeric CSV parsed on two threads, piece by piece, into one set of
 * exactly sized columns in shared memory:
 *
 * ```
 * the file's bytes -> pieces of whole lines (about 1 MiB each)
 *   -> count: each thread takes the next piece nobody has taken (an atomic counter), counts its lines
 *   -> each piece's first row = the lines before it; the columns allocated once, in shared memory
 *   -> parse: each thread takes the next piece nobody has taken and parses it into its rows
 *   -> every piece plain, and the times increasing from one piece to the next, or null
 * ```
 *
 * The worker is started before the file's head is read, and whichever thread is faster takes more
 * pieces: a worker that starts late (or not at all) costs nothing but its share. A worker that
 * cannot start or stops leaves its unfinished pieces to this thread, which never blocks on it.
 */
import { Worker } from "node:worker_threads";
import { countLines, type PlainColumns, type PlainLayout, type PlainRows, parsePlainLines } from "./plain-lines.js";

/** Bytes per piece (whole lines: a piece ends after the first LF from here on). */
export const pieceBytes = 1 << 20;

const LF = 10;

/** What the two threads share besides the bytes: the counters, and per piece its bounds, lines, state and times. */
export interface PieceBoard {
  /** [0]: the next piece to count, [1]: the next piece to parse. */
  next: Int32Array;
  /** Byte offset where each piece starts; bounds[pieces] is the end. */
  bounds: Int32Array;
  /** Lines per piece; -1 until counted. */
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

/** Pieces of bytes[start, end) that end just after an LF (or at the end). */
export function pieceBoard(bytes: Uint8Array, start: number, end: number, size = pieceBytes): PieceBoard {
  const cuts = [start];
  for (let at = start + size; at < end; ) {
    const lf = bytes.indexOf(LF, at - 1);
    if (lf < 0 || lf + 1 >= end) break;
    cuts.push(lf + 1);
    at = lf + 1 + size;
  }
  cuts.push(end);
  const pieces = cuts.length - 1;
  const bounds = sharedInt32(pieces + 1, 0);
  bounds.set(cuts);
  return {
    next: sharedInt32(2, 0),
    bounds,
    lines: sharedInt32(pieces, -1),
    parsed: sharedInt32(pieces, -1),
    times: new Float64Array(new SharedArrayBuffer(pieces * 16)),
  };
}

/** Count pieces until none is left to take; returns how many this thread took. */
export function countPieces(bytes: Uint8Array, board: PieceBoard): number {
  const pieces = board.lines.length;
  for (let took = 0; ; took++) {
    const i = Atomics.add(board.next, 0, 1);
    if (i >= pieces) return took;
    Atomics.store(board.lines, i, countLines(bytes, board.bounds[i], board.bounds[i + 1]));
  }
}

/** Parse pieces into the columns until none is left to take; returns how many this thread took. */
export function parsePieces(bytes: Uint8Array, board: PieceBoard, layout: PlainLayout, columns: Omit<PlainColumns, "at">, rowAt: Int32Array): number {
  const pieces = board.lines.length;
  for (let took = 0; ; took++) {
    const i = Atomics.add(board.next, 1, 1);
    if (i >= pieces) return took;
    parseOne(bytes, board, layout, columns, rowAt, i);
  }
}

function parseOne(bytes: Uint8Array, board: PieceBoard, layout: PlainLayout, columns: Omit<PlainColumns, "at">, rowAt: Int32Array, i: number): void {
  const rows = parsePlainLines(bytes, board.bounds[i], board.bounds[i + 1], board.lines[i], layout, { ...columns, at: rowAt[i] });
  if (rows !== null) {
    board.times[2 * i] = rows.firstTime;
    board.times[2 * i + 1] = rows.lastTime;
  }
  Atomics.store(board.parsed, i, rows === null ? 0 : 1);
}

/** The worker's side, seen from here: a promise per phase, settled by its message or its end. */
class PieceWorker {
  private worker: Worker | null = null;
  private waiting = new Map<"count" | "parse", () => void>();
  private done = new Set<"count" | "parse">();
  /** Pieces the worker counted and parsed (as far as it has said). */
  readonly took = { count: 0, parse: 0 };

  constructor(bytes: SharedArrayBuffer, board: PieceBoard) {
    try {
      this.worker = new Worker(new URL("./fast-numeric-worker.js", import.meta.url), {
        workerData: {
          bytes,
          next: board.next.buffer,
          bounds: board.bounds.buffer,
          lines: board.lines.buffer,
          parsed: board.parsed.buffer,
          times: board.times.buffer,
        },
      });
      const gone = () => {
        this.worker = null;
        this.finish("count");
        this.finish("parse");
      };
      this.worker.on("message", (m: PhaseDone) => {
        this.took[m.phase] += m.took;
        this.finish(m.phase);
      });
      this.worker.once("error", gone);
      this.worker.once("exit", gone);
    } catch {
      this.worker = null;
      this.done.add("count").add("parse");
    }
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
  }

  close(): void {
    this.worker?.removeAllListeners("exit");
    void this.worker?.terminate();
    this.worker = null;
  }
}

/** The two threads' parse of a file's lines, started before the caller knows the layout. */
export class PieceParse {
  private readonly board: PieceBoard;
  private readonly worker: PieceWorker;

  /** Starts the worker counting bytes[start, end) (the lines after the header), in pieces of about `size` bytes. */
  constructor(
    private readonly bytes: Buffer,
    start: number,
    end: number,
    size = pieceBytes,
  ) {
    this.board = pieceBoard(bytes, start, end, size);
    this.worker = new PieceWorker(bytes.buffer as SharedArrayBuffer, this.board);
  }

  /** Parse every piece with `layout` (both threads); null when a line is not plain or the times do not increase. */
  async rows(layout: PlainLayout): Promise<PlainRows | null> {
    const { bytes, board } = this;
    const pieces = board.lines.length;
    countPieces(bytes, board);
    if (!allSet(board.lines, 0)) await this.worker.finished("count");
    // Pieces the worker took but did not finish (it stopped): counted here.
    for (let i = 0; i < pieces; i++) if (board.lines[i] < 0) board.lines[i] = countLines(bytes, board.bounds[i], board.bounds[i + 1]);
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
    parsePieces(bytes, board, layout, columns, rowAt);
    if (!allSet(board.parsed, 0)) await this.worker.finished("parse");
    for (let i = 0; i < pieces; i++) if (board.parsed[i] < 0) parseOne(bytes, board, layout, columns, rowAt, i);
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

  close(): void {
    this.worker.close();
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
