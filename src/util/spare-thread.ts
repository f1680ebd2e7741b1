/**
 * A worker thread that has finished its job and is kept a moment for more: faulting in the pages
 * of shared memory this thread is about to write (src/util/touch-pages.ts), and calling a function
 * of ours on data in shared memory while this thread does other work. The plain CSV fast path's
 * worker (src/load/fast-numeric-worker.ts) becomes the spare once it has parsed its pieces; the
 * analysis of the rows just read then uses it (src/report/headroom-report.ts).
 *
 *   keepSpareThread(worker)       it now serves jobs (src/util/spare-thread-serve.ts); unref'd
 *   touchOnSpareThread(regions)   posts a touch job; false when no spare is kept
 *   preloadOnSpareThread(m)       has it load module m now, for a call to come
 *   callOnSpareThread(m, f, args) posts a call of export f of module m; returns a function that
 *                                 waits for the result (blocking: Atomics.wait), null if it failed
 *   idle for idleMs               the spare is stopped
 *
 * Whether or not a spare is kept, and whatever it does, every result is the same: a caller that
 * gets null from a call computes the same function itself.
 */
import { MessageChannel, type MessagePort, receiveMessageOnPort, type Worker } from "node:worker_threads";
import type { TouchRegion } from "./touch-pages.js";

/** How long a spare waits for a job before it is stopped. */
export const idleMs = 1000;

/** The longest a call's result is waited for (then the caller computes it itself). */
export const callWaitMs = 10_000;

/** A job for the spare: touch regions, or call a function and answer on `port`, then set done[0] = 1. */
export type SpareJob =
  | { touch: readonly TouchRegion[] }
  | { preload: string }
  | { call: { module: string; name: string; args: readonly unknown[]; port: MessagePort; done: SharedArrayBuffer } };

/** What a call answers: the function's value, or why there is none. */
export type CallReply = { value: unknown } | { error: string };

let spare: Worker | null = null;
let timer: ReturnType<typeof setTimeout> | null = null;

function stopAfterIdle(worker: Worker): void {
  if (timer !== null) clearTimeout(timer);
  timer = setTimeout(() => {
    timer = null;
    if (spare === worker) spare = null;
    void worker.terminate();
  }, idleMs);
  timer.unref();
}

/** Keep `worker` (which serves spare jobs) as the spare; a spare already kept is stopped. */
export function keepSpareThread(worker: Worker): void {
  if (spare !== null && spare !== worker) void spare.terminate();
  spare = worker;
  worker.unref();
  const gone = () => {
    if (spare === worker) spare = null;
  };
  worker.once("error", gone);
  worker.once("exit", gone);
  stopAfterIdle(worker);
}

/** Post `job` to the spare, if one is kept, and restart its idle time; false when none is kept or the job cannot be posted. */
function post(job: SpareJob, transfer: readonly MessagePort[] = []): boolean {
  if (spare === null) return false;
  try {
    spare.postMessage(job, transfer);
  } catch {
    return false;
  }
  stopAfterIdle(spare);
  return true;
}

/** Ask the spare, if one is kept, to fault in `regions` (together, from their ends: touchPages); false when there is none. */
export function touchOnSpareThread(regions: readonly TouchRegion[]): boolean {
  return post({ touch: regions });
}

/** Have the spare, if one is kept, load `module` now (for a call to come: loading takes it ~40 ms); false when there is none. */
export function preloadOnSpareThread(module: URL): boolean {
  return post({ preload: module.href });
}

/**
 * Start `name(...args)`, an export of `module`, on the spare (args are cloned; typed arrays in
 * shared memory are shared, not copied). Returns null when no spare is kept, else a function that
 * blocks until the result is there and returns it: null when the call failed (it threw, its
 * value cannot be cloned) or took longer than `callWaitMs`.
 */
export function callOnSpareThread<T>(module: URL, name: string, args: readonly unknown[]): (() => T | null) | null {
  if (spare === null) return null;
  const { port1, port2 } = new MessageChannel();
  const flag = new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT);
  const done = new Int32Array(flag);
  if (!post({ call: { module: module.href, name, args, port: port2, done: flag } }, [port2])) {
    port1.close();
    return null;
  }
  return () => {
    try {
      const deadline = performance.now() + callWaitMs;
      while (Atomics.load(done, 0) === 0) {
        const left = deadline - performance.now();
        if (left <= 0) return null;
        Atomics.wait(done, 0, 0, left);
      }
      const reply = receiveMessageOnPort(port1)?.message as CallReply | undefined;
      return reply !== undefined && "value" in reply ? (reply.value as T) : null;
    } finally {
      port1.close();
    }
  };
}

/** Whether a spare is kept (for tests). */
export function spareThreadKept(): boolean {
  return spare !== null;
}
