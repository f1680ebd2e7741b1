/**
 * Worker thread of the plain numeric CSV fast path: counts the lines of its share of the file (in
 * the file's bytes, shared with the caller, not copied) and posts the count; then parses them into
 * the shared columns it is sent and posts the first and last time (or null: a line is not plain).
 * Runs only as a worker (src/load/fast-numeric-csv.ts starts it).
 */
import { parentPort, workerData } from "node:worker_threads";
import { countLines, type PlainLayout, parsePlainLines, type WorkerReply } from "./fast-numeric-csv.js";

const job = workerData as { shared: SharedArrayBuffer; start: number; end: number; layout: PlainLayout };
const bytes = new Uint8Array(job.shared);
const lines = countLines(bytes, job.start, job.end);
const post = (reply: WorkerReply) => parentPort!.postMessage(reply);
post({ lines });
parentPort!.once("message", (m: { time: SharedArrayBuffer | null; throughput: SharedArrayBuffer; response: SharedArrayBuffer; at: number }) => {
  const rows = parsePlainLines(bytes, job.start, job.end, lines, job.layout, {
    time: m.time === null ? null : new Float64Array(m.time),
    throughput: new Float64Array(m.throughput),
    response: new Float64Array(m.response),
    at: m.at,
  });
  post({ rows: rows === null ? null : { firstTime: rows.firstTime, lastTime: rows.lastTime } });
  parentPort!.close();
});
