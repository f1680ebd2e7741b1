/**
 * The headroom estimate with its bootstrap split over two threads: this thread refits the first
 * half of the resamples while a worker refits the second (resample b draws the same uniforms
 * wherever it runs, and the interval's quantiles do not depend on the order of the estimates), so
 * the estimate is `estimateHeadroom`'s exactly, in about half the time on two cores.
 *
 *   headroomSteps(analysis) -> its bootstrap job -> [from, half) here | [half, to) on a worker
 *                           -> the two results joined -> the estimate
 *
 * Below `parallelAbove` rows, for the row-wise (ungrouped) bootstrap, or where a worker cannot
 * start or fails, every resample runs on this thread.
 */
import { Worker } from "node:worker_threads";
import {
  type BootstrapJob,
  type BootstrapResult,
  bootstrapResamples,
  type HeadroomEstimate,
  type HeadroomOptions,
  headroomSteps,
} from "../headroom/estimate-headroom.js";
import type { HeadroomAnalysis } from "../headroom/types.js";
import { inSharedMemory } from "../util/shared-memory.js";

/** The resamples of `job` on a worker thread; undefined when the worker could not run them. */
function onWorker(job: BootstrapJob): Promise<BootstrapResult | undefined> {
  return new Promise((resolve) => {
    let worker: Worker;
    try {
      worker = new Worker(new URL("./headroom-worker.js", import.meta.url), { workerData: job });
    } catch {
      resolve(undefined);
      return;
    }
    worker.once("message", (r: BootstrapResult) => resolve(r));
    worker.once("error", () => resolve(undefined));
    worker.once("exit", () => resolve(undefined));
  });
}

/** The job with its grouped rows in shared memory (the worker reads them without a copy). */
function shareable(job: BootstrapJob): BootstrapJob {
  const g = job.grouping!;
  return {
    ...job,
    grouping: {
      ...g,
      x: inSharedMemory(g.x),
      y: inSharedMemory(g.y),
      c: inSharedMemory(g.c),
      ly: inSharedMemory(g.ly),
      xBin: inSharedMemory(g.xBin),
      cBin: inSharedMemory(g.cBin),
    },
  };
}

/**
 * The job's resamples, split over this thread and a worker when it is grouped, long and has two
 * or more; `threads` says where they ran (2: the worker gave its half). Exported for its test.
 * @internal
 */
export async function runSplit(job: BootstrapJob, rows: number): Promise<{ result: BootstrapResult; threads: 1 | 2 }> {
  if (job.grouping === null || job.n < rows || job.to - job.from < 2) return { result: bootstrapResamples(job), threads: 1 };
  const shared = shareable(job);
  const half = job.from + Math.floor((job.to - job.from) / 2);
  const second = onWorker({ ...shared, from: half });
  const first = bootstrapResamples({ ...shared, to: half });
  const fromWorker = await second;
  const rest = fromWorker ?? bootstrapResamples({ ...shared, from: half });
  return {
    result: { samples: first.samples.map((s, k) => s.concat(rest.samples[k])), failed: first.failed + rest.failed },
    threads: fromWorker === undefined ? 1 : 2,
  };
}

/** From this many kept rows the bootstrap is split over two threads (a worker costs ~50 ms to start). */
export const parallelHeadroomAbove = 200_000;

/** `estimateHeadroom(analysis, options)`, its bootstrap on two threads for long series. */
export async function estimateHeadroomInParallel(
  analysis: HeadroomAnalysis,
  options: Partial<HeadroomOptions> = {},
  rows = parallelHeadroomAbove,
): Promise<HeadroomEstimate> {
  const steps = headroomSteps(analysis, options);
  let step = steps.next();
  while (!step.done) step = steps.next((await runSplit(step.value, rows)).result);
  return step.value;
}
