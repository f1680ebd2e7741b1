/**
 * The headroom estimate of a long series on a second thread, started as soon as the analysis has
 * trimmed its rows, and its bootstrap shared by both threads: the estimate is `estimateHeadroom`'s
 * exactly (resample b draws the same uniforms on either thread, and the estimates are read back
 * in resample order), in less time on two cores.
 *
 *   start(options) -> worker thread starts (loads its code while this thread reads the rows)
 *   rows(kept rows)        -> worker: estimateSteps (smoothing, grouping, queueing curves, USL)
 *   [this thread: histograms, staircase, GLM of the analysis]
 *   fit(analysis's fit)    -> to the worker ahead of its asking (optional)
 *   [this thread: other work, e.g. the pattern (src/report/headroom-report.ts)]
 *   result(analysis)       -> the analysis's fit to the worker, where the estimate reads it
 *                          -> its bootstrap job: both threads take resamples from one counter
 *                          -> the estimate
 *
 * Below `above` rows (a worker costs ~50 ms to start), or where a worker cannot start or fails,
 * the estimate runs on this thread when result() is called: the same function, so the same result.
 */
import { Worker } from "node:worker_threads";
import {
  type BootstrapJob,
  bootstrapResamples,
  type EstimateRows,
  estimateHeadroom,
  type HeadroomEstimate,
  type HeadroomOptions,
} from "../headroom/estimate-headroom.js";
import type { HeadroomAnalysis } from "../headroom/types.js";

/** From this many rows the estimate runs on a worker thread, beside the analysis. */
export const parallelHeadroomAbove = 200_000;

/** Messages of the worker (src/report/headroom-worker.ts) to this thread. */
export type FromHeadroomWorker =
  | { kind: "fit" }
  | { kind: "job"; job: BootstrapJob }
  | { kind: "done"; estimate: HeadroomEstimate }
  | { kind: "failed"; error: string };

/** Messages of this thread to the worker. */
export type ToHeadroomWorker =
  | { kind: "rows"; rows: EstimateRows }
  | { kind: "fit"; fit: HeadroomAnalysis["fit"] }
  /** This thread has taken its last resample. */
  | { kind: "ran" };

export interface PendingHeadroom {
  /** True when the estimate runs on a worker thread (false: on this thread, in result()). */
  readonly onWorker: boolean;
  /** The analysis's kept rows (analyzeHeadroom's `onRows`): the worker starts the estimate on them. */
  rows(rows: EstimateRows): void;
  /** The analysis's fitted curve, sent before the worker asks for it (so this thread can go on with other work). */
  fit(fit: HeadroomAnalysis["fit"]): void;
  /** The estimate of the complete analysis (this thread shares the bootstrap meanwhile). */
  result(analysis: HeadroomAnalysis): Promise<HeadroomEstimate>;
  /** Stop the worker (the analysis failed). */
  cancel(): void;
  /** Where the estimate was made, once result() has resolved. */
  ranOn: "worker" | "this thread" | null;
}

/** Start the estimate of a series of `size` rows (on a worker from `above` rows). */
export function startHeadroom(options: Partial<HeadroomOptions>, size: number, above = parallelHeadroomAbove): PendingHeadroom {
  const here: PendingHeadroom = {
    onWorker: false,
    ranOn: null,
    rows: () => {},
    fit: () => {},
    result: async (analysis) => {
      here.ranOn = "this thread";
      return estimateHeadroom(analysis, options);
    },
    cancel: () => {},
  };
  if (size < above) return here;
  let worker: Worker;
  try {
    worker = new Worker(new URL("./headroom-worker.js", import.meta.url), { workerData: { options } });
  } catch {
    return here;
  }
  let sent = false;
  let fitSent = false;
  const sendFit = (fit: HeadroomAnalysis["fit"]) => {
    if (fitSent || ended) return;
    fitSent = true;
    worker.postMessage({ kind: "fit", fit } satisfies ToHeadroomWorker);
  };
  // Messages that arrive before the analysis is complete wait here (the analysis runs on this thread, so
  // none is handled before result() in practice).
  const early: FromHeadroomWorker[] = [];
  let handle: ((m: FromHeadroomWorker) => void) | null = null;
  let stopped: (() => void) | null = null;
  let ended = false;
  const end = () => {
    ended = true;
    stopped?.();
  };
  worker.on("message", (m: FromHeadroomWorker) => (handle ? handle(m) : early.push(m)));
  worker.once("error", end);
  worker.once("exit", end);
  const pending: PendingHeadroom = {
    onWorker: true,
    ranOn: null,
    fit: sendFit,
    rows(rows) {
      if (ended) return;
      worker.postMessage({ kind: "rows", rows } satisfies ToHeadroomWorker);
      sent = true;
    },
    async result(analysis) {
      const fromWorker = !sent
        ? undefined
        : await new Promise<HeadroomEstimate | undefined>((resolve) => {
            stopped = () => resolve(undefined);
            handle = (m) => {
              if (m.kind === "fit") sendFit(analysis.fit);
              else if (m.kind === "job") {
                // This thread's share of the resamples: those it takes from the counter before it runs out.
                bootstrapResamples(m.job);
                worker.postMessage({ kind: "ran" } satisfies ToHeadroomWorker);
              } else resolve(m.kind === "done" ? m.estimate : undefined);
            };
            if (ended) resolve(undefined);
            for (const m of early.splice(0)) handle(m);
          });
      void worker.terminate();
      if (fromWorker === undefined) return here.result(analysis).finally(() => (pending.ranOn = "this thread"));
      pending.ranOn = "worker";
      return fromWorker;
    },
    cancel() {
      void worker.terminate();
    },
  };
  return pending;
}

/** `estimateHeadroom(analysis, options)`, on a worker sharing its bootstrap with this thread from `above` rows. */
export async function estimateHeadroomInParallel(
  analysis: HeadroomAnalysis,
  options: Partial<HeadroomOptions> = {},
  above = parallelHeadroomAbove,
): Promise<HeadroomEstimate> {
  const pending = startHeadroom(options, analysis.x.length, above);
  pending.rows(analysis);
  return pending.result(analysis);
}
