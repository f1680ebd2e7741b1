/**
 * Worker thread of RowBatches (src/load/row-batches.ts): given the columns first, parses the batches it is given (bytes
 * shared with the reader, not copied) into rows, with its own label dictionary, and posts them
 * back in the order given, moved, not copied. Runs only as a worker.
 */
import { type MessagePort, parentPort, workerData } from "node:worker_threads";
import { LabelDictionary, type ParsedRows, parseRequestRows, type RowColumns } from "./request-rows.js";

const { port, ctrl } = workerData as { port: MessagePort; ctrl: Int32Array };
const labels = new LabelDictionary();
/** Given by the first message (the worker may start before the reader knows them). */
let columns: RowColumns | null = null;

parentPort!.on("message", (job: { bytes: SharedArrayBuffer; end: number; final: boolean } | { columns: RowColumns }) => {
  if ("columns" in job) {
    columns = job.columns;
    return;
  }
  try {
    if (columns === null) throw new Error("no columns given");
    const r: ParsedRows = parseRequestRows(Buffer.from(job.bytes), 0, job.end, job.final, columns, labels);
    port.postMessage(r, [r.lineStart.buffer, r.lineEnd.buffer, r.kind.buffer, r.label.buffer, r.latency.buffer, r.time.buffer, r.ok.buffer] as ArrayBuffer[]);
  } catch (e) {
    port.postMessage({ error: String((e as Error)?.stack ?? e) });
  }
  Atomics.add(ctrl, 1, 1);
  Atomics.notify(ctrl, 1);
});
Atomics.store(ctrl, 0, 1);
