/**
 * Two threads for the byte path of a large per-request CSV log, in flat memory: the pushed bytes
 * are cut into batches of whole lines (2 MiB), each parsed into rows (src/load/request-rows.ts)
 * either on a worker thread or on this one, whichever is free; the rows then go to `onRows`
 * strictly in input order, on this thread, so recording (intervals, labels order, first and last
 * time, errors and their line numbers) is exactly that of the one-thread path.
 *
 *   chunks -> 2 MiB batch (shared memory; cut after its last LF, the rest starts the next)
 *          -> worker (at most `maxAtWorker` batches) or this thread -> rows -> onRows, in order
 *          -> a quote or an over-long line: from that line on, ByteRows reads the rest
 *
 * The worker's results are taken synchronously (Atomics.wait, receiveMessageOnPort), so the
 * reader stays a synchronous push parser. A few batches are held at most (memory stays flat).
 */
import { type MessagePort, MessageChannel, receiveMessageOnPort, Worker } from "node:worker_threads";
import type { ByteRows } from "./byte-rows.js";
import { LabelDictionary, type ParsedRows, parseRequestRows, type RowColumns } from "./request-rows.js";

/** Bytes per batch (more than the longest line, so a full batch without an LF holds an over-long line). */
export const batchBytes = 2 << 20;

/** Batches read, not yet given to onRows, before this thread waits for the worker. */
const maxQueued = 8;

/**
 * Batches the worker holds at most; more are parsed on this thread (the worker is behind). (4: the
 * 10M-row JTL's summary 1.90 -> 1.77 s against 6, 7 rounds alternating; 3 gave 1.79 s, 2 no gain:
 * with fewer held, this thread takes a batch sooner where it would otherwise wait.)
 */
const maxAtWorker = 4;

/** Reads bytes into into[at, at + max); returns how many (0 at the end of the input). */
export type ReadInto = (into: Uint8Array, at: number, max: number) => number;

/** The reads `fill` makes once ByteRows reads the rest. */
const serialRead = 1 << 20;

/** A worker thread of RowBatches, started (it may still be loading), not yet given its columns. */
export interface RowWorker {
  worker: Worker;
  port: MessagePort;
  /** [0]: 1 once the worker takes batches; [1]: results posted. */
  ctrl: Int32Array;
}

/**
 * Start a worker for RowBatches (null when no worker can be started). Starting one takes tens of
 * ms: a reader that knows its input is large starts it early (as soon as it has read the header),
 * so that it is ready when the batches start. `stopRowWorker` ends one that was not used.
 */
export function startRowWorker(): RowWorker | null {
  try {
    const ctrl = new Int32Array(new SharedArrayBuffer(8));
    const { port1, port2 } = new MessageChannel();
    const options = { workerData: { port: port2, ctrl }, transferList: [port2] };
    // run from the TypeScript sources (tests): the worker registers tsx itself, as workers do not inherit it
    const worker = import.meta.url.endsWith(".ts")
      ? new Worker(
          `import("tsx/esm/api").then((t) => { t.register(); return import(${JSON.stringify(new URL("./request-rows-worker.ts", import.meta.url).href)}); })`,
          {
            ...options,
            eval: true,
          },
        )
      : new Worker(new URL("./request-rows-worker.js", import.meta.url), options);
    worker.on("error", () => undefined);
    worker.unref();
    return { worker, port: port1, ctrl };
  } catch {
    return null;
  }
}

/** End a worker that RowBatches did not take. */
export function stopRowWorker(w: RowWorker): void {
  w.worker.terminate();
  w.port.close();
}

/** A batch's rows, its bytes and the label names its label ids index. */
export type RowsHandler = (buf: Buffer, rows: ParsedRows, firstLine: number, names: readonly string[]) => void;

interface Batch {
  shared: SharedArrayBuffer;
  buf: Buffer;
  end: number;
  final: boolean;
  rows: ParsedRows | null;
  names: string[];
  /** Given to the worker (its rows come from there). */
  atWorker?: boolean;
}

/** Batches parsed by the worker and by this thread, over all readings (tests check the worker took part). */
export const rowBatchCounts = { worker: 0, main: 0 };

/** The RowBatches made last (tests wait for its worker to start). */
let latest: RowBatches | null = null;

/** True unless the worker of the RowBatches made last is still starting. */
export function latestWorkerReady(): boolean {
  return latest === null || !latest.starting;
}

export class RowBatches {
  private worker: Worker | null = null;
  private port: MessagePort | null = null;
  private ctrl = new Int32Array(new SharedArrayBuffer(8));
  private atWorker = 0;
  private readonly queue: Batch[] = [];
  private readonly free: SharedArrayBuffer[] = [];
  private cur: { shared: SharedArrayBuffer; buf: Buffer } | null = null;
  private len = 0;
  private readonly mainLabels = new LabelDictionary();
  private readonly mainNames: string[] = [];
  private readonly workerNames: string[] = [];
  /** The rest goes to ByteRows (a quote, an over-long line). */
  private serial = false;
  /** The buffer `fill` reads into once ByteRows reads the rest. */
  private spare: Buffer | null = null;

  /**
   * `line` is the number of the first line pushed; `rows` resumes the one-thread reading when
   * the batches stop. Without `threads` everything is parsed on this thread (the same result);
   * `threads` may be a worker started earlier (startRowWorker), then it is this one's.
   */
  constructor(
    private readonly columns: RowColumns,
    private line: number,
    private readonly onRows: RowsHandler,
    private readonly rows: ByteRows,
    threads: boolean | RowWorker | null = true,
    private readonly size = batchBytes,
  ) {
    const w = threads === true ? startRowWorker() : threads === false ? null : threads;
    if (w !== null) {
      this.worker = w.worker;
      this.port = w.port;
      this.ctrl = w.ctrl;
      this.worker.postMessage({ columns });
    }
    latest = this;
  }

  /** False while the worker is starting (it takes batches once it has). */
  get starting(): boolean {
    return this.worker !== null && Atomics.load(this.ctrl, 0) === 0;
  }

  push(chunk: Buffer): void {
    if (this.serial) return this.rows.push(chunk);
    let off = 0;
    while (off < chunk.length) {
      if (this.cur === null) this.cur = this.take();
      const n = Math.min(chunk.length - off, this.size - this.len);
      this.cur.buf.set(chunk.subarray(off, off + n), this.len);
      this.len += n;
      off += n;
      if (this.len === this.size) this.cut();
      if (this.serial) {
        if (off < chunk.length) this.rows.push(chunk.subarray(off));
        return;
      }
    }
  }

  /**
   * Bytes read by `read` straight into the batch being filled (no copy; at most its free room),
   * as `push` would take them. Returns the bytes read: 0 at the end of the input.
   */
  fill(read: ReadInto): number {
    if (this.serial) {
      // ByteRows copies what it keeps, so one buffer serves every read
      this.spare ??= Buffer.allocUnsafe(serialRead);
      const n = read(this.spare, 0, this.spare.length);
      if (n > 0) this.rows.push(this.spare.subarray(0, n));
      return n;
    }
    if (this.cur === null) this.cur = this.take();
    const n = read(this.cur.buf, this.len, this.size - this.len);
    this.len += n;
    if (this.len === this.size) this.cut();
    return n;
  }

  end(): void {
    try {
      if (!this.serial && this.cur !== null && this.len > 0) {
        const { shared, buf } = this.cur;
        const end = this.len;
        this.cur = null;
        this.len = 0;
        this.dispatch({ shared, buf, end, final: true, rows: null, names: this.mainNames });
      }
      if (!this.serial) this.drain(true);
      if (this.serial) this.rows.end();
    } finally {
      this.close();
    }
  }

  /** Stop the worker (after the end, or when the reading failed). */
  close(): void {
    this.worker?.terminate();
    this.worker = null;
    this.port?.close();
    this.port = null;
    this.free.length = 0;
    if (latest === this) latest = null;
  }

  private take(): { shared: SharedArrayBuffer; buf: Buffer } {
    const shared = this.free.pop() ?? new SharedArrayBuffer(this.size);
    return { shared, buf: Buffer.from(shared) };
  }

  /** The full batch up to its last LF goes; the rest starts the next one. */
  private cut(): void {
    const { shared, buf } = this.cur!;
    const nl = buf.lastIndexOf(10, this.len - 1);
    if (nl < 0) {
      // a line longer than the limit: ByteRows reports it with its line number
      this.drain(true);
      if (!this.serial) this.toSerial([]);
      return;
    }
    const next = this.take();
    next.buf.set(buf.subarray(nl + 1, this.len));
    this.cur = next;
    this.len -= nl + 1;
    this.dispatch({ shared, buf, end: nl + 1, final: false, rows: null, names: this.mainNames });
  }

  private dispatch(b: Batch): void {
    this.queue.push(b);
    if (this.worker !== null && this.atWorker < maxAtWorker && Atomics.load(this.ctrl, 0) === 1) {
      this.worker.postMessage({ bytes: b.shared, end: b.end, final: b.final });
      b.names = this.workerNames;
      b.atWorker = true;
      this.atWorker++;
      rowBatchCounts.worker++;
    } else if (this.worker === null || Atomics.load(this.ctrl, 0) !== 1) this.parse(b);
    this.drain(false);
  }

  /** A batch parsed on this thread. */
  private parse(b: Batch): void {
    b.rows = parseRequestRows(b.buf, 0, b.end, b.final, this.columns, this.mainLabels);
    for (const name of b.rows.newLabels) this.mainNames.push(name);
    rowBatchCounts.main++;
  }

  /**
   * Give the batches at the head of the queue whose rows are known to onRows. While the head is
   * still at the worker, this thread parses a batch the worker could not take (it holds
   * maxAtWorker: it is behind), else waits for the worker when `block` or the queue is long, else
   * returns (to read on). So this thread, which also records every row, parses only what the
   * worker cannot keep up with.
   */
  private drain(block: boolean): void {
    while (this.queue.length > 0 && !this.serial) {
      const head = this.queue[0];
      if (head.rows === null && !head.atWorker) this.parse(head);
      if (head.rows === null && !this.receive(false)) {
        const waiting = this.queue.find((q) => q.rows === null && !q.atWorker);
        if (waiting !== undefined) this.parse(waiting);
        else if (!this.receive(block || this.queue.length > maxQueued)) return;
        continue;
      }
      if (head.rows === null) continue;
      this.queue.shift();
      this.onRows(head.buf, head.rows, this.line, head.names);
      this.line += head.rows.rows;
      if (head.rows.stop >= 0) {
        this.toSerial([head.buf.subarray(head.rows.stopAt, head.end), ...this.queue.map((b) => b.buf.subarray(0, b.end))]);
        return;
      }
      this.free.push(head.shared);
    }
  }

  /** The worker's next result into the oldest batch it holds; false when none has come (and not `block`). */
  private receive(block: boolean): boolean {
    let waited = 0;
    for (;;) {
      const seen = Atomics.load(this.ctrl, 1);
      const m = receiveMessageOnPort(this.port!);
      if (m !== undefined) {
        const r = m.message as ParsedRows | { error: string };
        if ("error" in r) throw new Error(`the parsing thread failed: ${r.error}`);
        const b = this.queue.find((q) => q.rows === null && q.atWorker)!;
        b.rows = r;
        for (const name of r.newLabels) this.workerNames.push(name);
        this.atWorker--;
        return true;
      }
      if (!block) return false;
      if (Atomics.wait(this.ctrl, 1, seen, 1000) === "timed-out" && ++waited >= 120) throw new Error("the parsing thread did not answer in 2 minutes");
    }
  }

  /** From the line at the start of `bytes` on, ByteRows reads the input (then the batch being filled, then every later push). */
  private toSerial(bytes: Buffer[]): void {
    this.serial = true;
    this.queue.length = 0;
    this.close();
    this.rows.resume(this.line);
    for (const b of bytes) this.rows.push(Buffer.from(b));
    if (this.cur !== null && this.len > 0) this.rows.push(Buffer.from(this.cur.buf.subarray(0, this.len)));
    this.cur = null;
    this.len = 0;
  }
}
