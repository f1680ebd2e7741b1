/**
 * Worker thread of `estimateHeadroomInParallel`: refits the bootstrap resamples of the job it is
 * given and posts the estimates back. Runs only as a worker (src/report/parallel-headroom.ts starts it).
 */
import { parentPort, workerData } from "node:worker_threads";
import { type BootstrapJob, bootstrapResamples } from "../headroom/estimate-headroom.js";

parentPort!.postMessage(bootstrapResamples(workerData as BootstrapJob));
