/**
 * Worker thread of the plain numeric CSV fast path: parses its share of the lines (in the file's
 * bytes, shared with the caller, not copied) and posts the columns back, moved, not copied.
 * Runs only as a worker (src/load/fast-numeric-csv.ts starts it).
 */
import { parentPort, workerData } from "node:worker_threads";
import { type PlainLayout, parsePlainLines } from "./fast-numeric-csv.js";

const job = workerData as { shared: SharedArrayBuffer; start: number; end: number; lines: number; layout: PlainLayout };
const rows = parsePlainLines(new Uint8Array(job.shared), job.start, job.end, job.lines, job.layout);
const moved = rows === null ? [] : [rows.throughput.buffer, rows.response.buffer, ...(rows.time ? [rows.time.buffer] : [])];
parentPort!.postMessage(rows, moved as ArrayBuffer[]);
