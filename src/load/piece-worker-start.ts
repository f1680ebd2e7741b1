/**
 * The plain CSV fast path's worker thread (src/load/fast-numeric-worker.ts) started ahead of
 * need: a worker takes ~120 ms to boot here, about as long as this thread takes to load the
 * code that reads and analyses a file, so a caller that will likely read a large plain CSV (the
 * CLI, given one) starts it first, and the parse finds it ready (src/load/plain-pieces.ts).
 * A worker started and never taken keeps nothing alive: the process exits without it.
 * Imports nothing but Node's own modules, so that starting it costs this thread ~nothing.
 */
import { closeSync, openSync, readSync, statSync } from "node:fs";
import { Worker } from "node:worker_threads";

/** From this many bytes on, a plain CSV's lines are parsed on two threads (src/load/fast-numeric-csv.ts). */
export const parallelBytes = 4 << 20;

const LF = 10;

let started: Worker | null = null;

/** Whether a worker started ahead waits to be taken (for tests). */
export function pieceWorkerWaiting(): boolean {
  return started !== null;
}

/**
 * Start the worker now when one of `files` looks like a plain numeric CSV large enough for two
 * threads, unless one is already waiting; it waits for its pieces (`takePieceWorker`). A guess
 * from the first row: a wrong one costs a worker's start, never a result. Files that cannot be
 * read are left to the reader.
 */
export function startPieceWorker(files: readonly string[]): void {
  if (started !== null || !files.some(likelyPlain)) return;
  try {
    const worker = new Worker(new URL("./fast-numeric-worker.js", import.meta.url));
    worker.unref();
    const gone = () => {
      if (started === worker) started = null;
    };
    worker.once("error", gone);
    worker.once("exit", gone);
    started = worker;
  } catch {
    started = null;
  }
}

/** Whether `file` is large enough for two threads and its first row is digits, dots and commas only (a JTL's is not). */
function likelyPlain(file: string): boolean {
  let fd: number | undefined;
  try {
    const stat = statSync(file, { throwIfNoEntry: false });
    if (stat?.isFile() !== true || stat.size < parallelBytes) return false;
    fd = openSync(file, "r");
    const head = Buffer.alloc(4096);
    const got = readSync(fd, head, 0, head.length, 0);
    const header = head.indexOf(LF);
    const row = head.indexOf(LF, header + 1);
    if (header < 0 || row < 0 || row === header + 1 || row > got) return false;
    for (let i = header + 1; i < row; i++) {
      const c = head[i];
      if (!((c >= 48 && c <= 57) || c === 44 || c === 46)) return false;
    }
    return true;
  } catch {
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** A worker for one parse: the one started ahead (once), else a new one; null when none can start. */
export function takePieceWorker(): Worker | null {
  const worker = started;
  started = null;
  if (worker !== null) {
    worker.removeAllListeners("error").removeAllListeners("exit");
    worker.ref();
    return worker;
  }
  try {
    return new Worker(new URL("./fast-numeric-worker.js", import.meta.url));
  } catch {
    return null;
  }
}
