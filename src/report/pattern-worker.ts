/**
 * Worker thread of `classifyInParallel`: classifies the pattern of the series it is given and
 * posts the result back. Runs only as a worker (src/report/parallel-pattern.ts starts it).
 */
import { parentPort, workerData } from "node:worker_threads";
import { classifyPattern, type ClassifyOptions } from "../headroom/classify-pattern.js";

const data = workerData as { throughput: Float64Array; response: Float64Array; time: Float64Array | null; options: Partial<ClassifyOptions> };
parentPort!.postMessage(classifyPattern({ throughput: data.throughput, response: data.response, time: data.time }, data.options));
