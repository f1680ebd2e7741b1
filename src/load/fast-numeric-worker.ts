/**
 * Worker thread of the plain numeric CSV fast path (src/load/plain-pieces.ts): sent the source and
 * the board (src/load/piece-worker-start.ts may start it before either is known), counts the lines
 * of the pieces it takes from the shared board and posts how many when none is left; then, sent
 * the columns, parses the pieces it takes into them and posts how many. It reads the pieces from
 * the file the main thread opened (its descriptor, at positions) into a buffer of its own; the
 * board and the columns are shared memory. Once parsed, it serves as the spare thread
 * (src/util/spare-thread.ts) until it is stopped.
 * Runs only as a worker.
 */
import { parentPort } from "node:worker_threads";
import { serveSpareJobs } from "../util/spare-thread-serve.js";
import { countPieces, type ParseJob, type PhaseDone, type PieceBoard, type PieceJob, PieceReader, parsePieces } from "./plain-pieces.js";

const port = parentPort!;
const post = (done: PhaseDone) => port.postMessage(done);
// The first message gives the source and the board (the worker may have been started before the file was known).
port.once("message", (job: PieceJob) => {
  const reader = new PieceReader("fd" in job.source ? job.source : { bytes: new Uint8Array(job.source.bytes) });
  const board: PieceBoard = {
    next: new Int32Array(job.next),
    bounds: new Int32Array(job.bounds),
    lines: new Int32Array(job.lines),
    parsed: new Int32Array(job.parsed),
    times: new Float64Array(job.times),
  };
  Atomics.store(board.next, 2, 1); // running: the main thread may wait for this worker's end of the parse
  post({ phase: "count", took: countPieces(reader, board) });
  port.once("message", (parse: ParseJob) => {
    const column = (b: SharedArrayBuffer) => new Float64Array(b);
    const columns = { time: parse.time === null ? null : column(parse.time), throughput: column(parse.throughput), response: column(parse.response) };
    post({ phase: "parse", took: parsePieces(reader, board, parse.layout, columns, new Int32Array(parse.rowAt)) });
    serveSpareJobs(port);
  });
});
