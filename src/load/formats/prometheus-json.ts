/**
 * Saved Prometheus HTTP API answers (`/api/v1/query_range` JSON): a matrix, one series per label set.
 * One answer holds one query, so a time series is two answers read together, the throughput
 * query's first and the response query's second, joined on time; with several series in an answer,
 * `--label NAME=VALUE` picks one. An error answer is the server's own message.
 */
import { DataError } from "../../errors.js";
import { prometheusMessage as pm } from "../../messages.js";
import type { InputFormat, OpenedInput } from "./types.js";

/** The whole input as text (answers are one JSON document). */
async function textOf(input: OpenedInput): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of input.open()) chunks.push(c);
  return Buffer.concat(chunks).toString("utf8");
}

export const prometheusJsonFormat: InputFormat = {
  id: "prometheus-json",
  describe: "a Prometheus HTTP API query_range answer (JSON; give two: the throughput query's, then the response query's)",
  extensions: [],
  gives: "series",
  options: ["label", "inputUnit"],
  mergeGroup: "prometheus-json",
  sniff(head) {
    return /^\{"status":"(success|error)"/.test(head.text.slice(0, 4096).replace(/\s+/g, "")) ? 1 : 0;
  },
  async read(input) {
    const { parseMatrix } = await import("../sources/prometheus-answer.js");
    parseMatrix(await textOf(input), input.file); // an error answer or a broken file says so first
    throw new DataError(pm.oneAnswer(), { file: input.file });
  },
  async readMany(inputs, o) {
    if (inputs.length !== 2) throw new DataError(pm.tooManyAnswers(inputs.length));
    const { joinOnTime, oneOf, parseMatrix } = await import("../sources/prometheus-answer.js");
    const [a, b] = inputs;
    const label = o.label ?? null;
    const throughput = oneOf(parseMatrix(await textOf(a), a.file), a.file, "the file", label, { file: a.file });
    const response = oneOf(parseMatrix(await textOf(b), b.file), b.file, "the file", label, { file: b.file });
    const unit = o.inputUnit ?? null;
    const series = joinOnTime(throughput, response, {
      file: a.file,
      throughput: "throughput",
      response: unit ? `response_${unit}` : "response",
      units: unit ? { response: unit } : {},
      throughputQuery: `of ${a.file}`,
      responseQuery: `of ${b.file}`,
    });
    return {
      kind: "series",
      format: "prometheus-json",
      series,
      source: { kind: "prometheus", server: null, queries: { throughput: null, response: null }, start: null, end: null, step: null, window: null, notes: [] },
    };
  },
};
