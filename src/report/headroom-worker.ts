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

// The main thread's messages, kept until asked for by kind (the analysis's fit may come before it is asked for).
const inbox: ToHeadroomWorker[] = [];
let waiting: { kind: ToHeadroomWorker["kind"]; take: (m: ToHeadroomWorker) => void } | null = null;
port.on("message", (m: ToHeadroomWorker) => {
  if (waiting && waiting.kind === m.kind) {
    const w = waiting;
    waiting = null;
    w.take(m);
  } else inbox.push(m);
});
function next<K extends ToHeadroomWorker["kind"]>(kind: K): Promise<Extract<ToHeadroomWorker, { kind: K }>> {
  return new Promise((resolve) => {
    const take = (m: ToHeadroomWorker) => resolve(m as Extract<ToHeadroomWorker, { kind: K }>);
    const at = inbox.findIndex((m) => m.kind === kind);
    if (at >= 0) take(inbox.splice(at, 1)[0]);
    else waiting = { kind, take };
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
