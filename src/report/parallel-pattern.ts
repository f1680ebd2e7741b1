/**
 * The bottleneck pattern of a long series classified on a second core while the caller goes on
 * with the headroom fits (the two take ~0.5 s and ~1 s on a million rows, on their own data).
 *
 *   start(series) -> worker thread: classifyPattern -> result()
 *
 * Below `parallelAbove` rows, or where a worker cannot start or fails, the pattern is classified
 * on this thread when result() is called: the same function, so the same result either way.
 */
import { Worker } from "node:worker_threads";
import { classifyPattern, type ClassifyOptions, type PatternResult } from "../headroom/classify-pattern.js";

/** A worker costs ~50 ms to start: below this many rows the pattern is classified in place. */
export const parallelAbove = 200_000;

export interface PendingPattern {
  /** The pattern (waits for the worker when there is one). */
  result(): Promise<PatternResult>;
  /** Stop the worker when its result is no longer wanted (the analysis failed). */
  cancel(): void;
  /** Where the result came from, once result() has resolved. */
  ranOn: "worker" | "this thread" | null;
}

/**
 * The values in shared memory, so that the worker reads them without a copy: the array itself
 * when it is already a Float64Array there (the fast CSV reader's columns), else one copy.
 */
function shared(values: ArrayLike<number>): Float64Array {
  if (values instanceof Float64Array && values.buffer instanceof SharedArrayBuffer) return values;
  const out = new Float64Array(new SharedArrayBuffer(values.length * Float64Array.BYTES_PER_ELEMENT));
  out.set(values);
  return out;
}

export function classifyInParallel(
  series: { throughput: ArrayLike<number>; response: ArrayLike<number>; time?: ArrayLike<number> | null },
  options: Partial<ClassifyOptions>,
  rows = parallelAbove,
): PendingPattern {
  const inPlace = () => classifyPattern(series, options);
  const here = (): PendingPattern => {
    const p: PendingPattern = {
      ranOn: null,
      result: async () => {
        p.ranOn = "this thread";
        return inPlace();
      },
      cancel: () => {},
    };
    return p;
  };
  if (series.throughput.length < rows) return here();
  let worker: Worker;
  try {
    worker = new Worker(new URL("./pattern-worker.js", import.meta.url), {
      workerData: {
        throughput: shared(series.throughput),
        response: shared(series.response),
        time: series.time ? shared(series.time) : null,
        options,
      },
    });
  } catch {
    return here();
  }
  const done = new Promise<PatternResult | null>((resolve) => {
    worker.once("message", (r: PatternResult) => resolve(r));
    worker.once("error", () => resolve(null));
    worker.once("exit", () => resolve(null));
  });
  const pending: PendingPattern = {
    ranOn: null,
    async result() {
      const r = await done;
      void worker.terminate();
      pending.ranOn = r ? "worker" : "this thread";
      return r ?? inPlace();
    },
    cancel() {
      void worker.terminate();
    },
  };
  return pending;
}
