/**
 * Worker thread of the plain numeric CSV fast path (src/load/plain-pieces.ts): counts the lines
 * of the pieces it takes from the shared board and posts how many when none is left; then, sent
 * the columns, parses the pieces it takes into them and posts how many. The file's bytes, the board
 * and the columns are shared memory: nothing is copied. Runs only as a worker.
 */
import { parentPort, workerData } from "node:worker_threads";
import { countPieces, type ParseJob, type PhaseDone, type PieceBoard, parsePieces } from "./plain-pieces.js";

const data = workerData as {
  bytes: SharedArrayBuffer;
  next: SharedArrayBuffer;
  bounds: SharedArrayBuffer;
  lines: SharedArrayBuffer;
  parsed: SharedArrayBuffer;
  times: SharedArrayBuffer;
};
const bytes = new Uint8Array(data.bytes);
const board: PieceBoard = {
  next: new Int32Array(data.next),
  bounds: new Int32Array(data.bounds),
  lines: new Int32Array(data.lines),
  parsed: new Int32Array(data.parsed),
  times: new Float64Array(data.times),
};
const post = (done: PhaseDone) => parentPort!.postMessage(done);
post({ phase: "count", took: countPieces(bytes, board) });
parentPort!.once("message", (job: ParseJob) => {
  const column = (b: SharedArrayBuffer) => new Float64Array(b);
  const columns = { time: job.time === null ? null : column(job.time), throughput: column(job.throughput), response: column(job.response) };
  post({ phase: "parse", took: parsePieces(bytes, board, job.layout, columns, new Int32Array(job.rowAt)) });
  parentPort!.close();
});
