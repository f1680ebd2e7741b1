/**
 * Worker thread of `startHeadroom` (src/report/parallel-headroom.ts): the headroom estimate of the
 * kept rows it is sent, asking for the analysis's fit where the estimate reads it, its bootstrap
 * resamples shared with the main thread through one counter; posts the estimate back.
 * Runs only as a worker.
 */
import { parentPort, workerData } from "node:worker_threads";
import {
  bootstrapResamples,
  type EstimateRows,
  estimateSteps,
  fitWanted,
  type HeadroomOptions,
  sharedResamples,
  sharedResult,
} from "../headroom/estimate-headroom.js";
import type { GlmFit } from "../headroom/types.js";
import type { FromHeadroomWorker, ToHeadroomWorker } from "./parallel-headroom.js";

const port = parentPort!;
const post = (m: FromHeadroomWorker) => port.postMessage(m);

// The main thread's messages, in order, to await one at a time.
const inbox: ToHeadroomWorker[] = [];
let waiting: ((m: ToHeadroomWorker) => void) | null = null;
port.on("message", (m: ToHeadroomWorker) => {
  if (waiting) {
    const w = waiting;
    waiting = null;
    w(m);
  } else inbox.push(m);
});
function next<K extends ToHeadroomWorker["kind"]>(kind: K): Promise<Extract<ToHeadroomWorker, { kind: K }>> {
  return new Promise((resolve, reject) => {
    const take = (m: ToHeadroomWorker) =>
      m.kind === kind ? resolve(m as Extract<ToHeadroomWorker, { kind: K }>) : reject(new Error(`expected ${kind}, got ${m.kind}`));
    const m = inbox.shift();
    if (m) take(m);
    else waiting = take;
  });
}

async function run(): Promise<void> {
  const { rows } = await next("rows");
  const steps = estimateSteps(rows as EstimateRows, (workerData as { options: Partial<HeadroomOptions> }).options);
  let step = steps.next();
  while (!step.done) {
    if (step.value === fitWanted) {
      post({ kind: "fit" });
      step = steps.next((await next("fit")).fit as GlmFit);
    } else {
      const job = { ...step.value, shared: sharedResamples(step.value) };
      post({ kind: "job", job });
      bootstrapResamples(job);
      await next("ran");
      step = steps.next(sharedResult(job));
    }
  }
  post({ kind: "done", estimate: step.value });
}

run().catch((e: unknown) => post({ kind: "failed", error: String(e) }));
