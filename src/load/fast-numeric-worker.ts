/**
 * Worker thread of the plain numeric CSV fast path (src/load/plain-pieces.ts): counts the lines
 * of the pieces it takes from the shared board and posts how many when none is left; then, sent
 * the columns, parses the pieces it takes into them and posts how many. It reads the pieces from
 * the file the main thread opened (its descriptor, at positions) into a buffer of its own; the
 * board and the columns are shared memory. Runs only as a worker.
 */
import { parentPort, workerData } from "node:worker_threads";
import { countPieces, type ParseJob, type PhaseDone, type PieceBoard, PieceReader, parsePieces } from "./plain-pieces.js";

const data = workerData as {
  source: { fd: number } | { bytes: SharedArrayBuffer };
  next: SharedArrayBuffer;
  bounds: SharedArrayBuffer;
  lines: SharedArrayBuffer;
  parsed: SharedArrayBuffer;
  times: SharedArrayBuffer;
};
const reader = new PieceReader("fd" in data.source ? data.source : { bytes: new Uint8Array(data.source.bytes) });
const board: PieceBoard = {
  next: new Int32Array(data.next),
  bounds: new Int32Array(data.bounds),
  lines: new Int32Array(data.lines),
  parsed: new Int32Array(data.parsed),
  times: new Float64Array(data.times),
};
const post = (done: PhaseDone) => parentPort!.postMessage(done);
post({ phase: "count", took: countPieces(reader, board) });
parentPort!.once("message", (job: ParseJob) => {
  const column = (b: SharedArrayBuffer) => new Float64Array(b);
  const columns = { time: job.time === null ? null : column(job.time), throughput: column(job.throughput), response: column(job.response) };
  post({ phase: "parse", took: parsePieces(reader, board, job.layout, columns, new Int32Array(job.rowAt)) });
  parentPort!.close();
});
