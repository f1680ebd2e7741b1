/**
 * A seeded JMeter JTL (CSV) generator for tests and the benchmark: rows in
 * JMeter's default field order with a header, requests from `threads` virtual
 * users over `seconds`, lognormal response times (ms) with a slow tail, ~1%
 * failures, three labels. Rows come out in completion order per thread, interleaved
 * as JMeter writes them (roughly, not strictly, time-ordered).
 */
import { seededRandom } from "../src/util/random.js";

export interface JtlSpec {
  rows: number;
  seed: number;
  /** Run start, epoch ms. */
  startMs: number;
  /** Mean requests per second. */
  rate: number;
}

export const jtlHeader =
  "timeStamp,elapsed,label,responseCode,responseMessage,threadName,dataType,success,failureMessage,bytes,sentBytes,grpThreads,allThreads,URL,Latency,IdleTime,Connect";

const labels = ["GET /home", "GET /search", "POST /cart"];

/** One generated request: its start (epoch ms), response time (ms), label, success and index. */
export interface JtlRequest {
  start: number;
  elapsed: number;
  label: string;
  ok: boolean;
  i: number;
}

/** The requests of `spec`, drawn in one fixed order from its seed (the JTL and the JMeter XML generators share them). */
export function* jtlRequests(spec: JtlSpec): Generator<JtlRequest> {
  const rnd = seededRandom(spec.seed);
  let t = spec.startMs;
  for (let i = 0; i < spec.rows; i++) {
    t += -Math.log(1 - rnd.uniform()) * (1000 / spec.rate);
    const label = labels[i % 3];
    const slow = rnd.uniform() < 0.02 ? 20 : 1;
    const elapsed = Math.max(1, Math.round(40 * slow * Math.exp(0.5 * rnd.normal())));
    const ok = rnd.uniform() >= 0.01;
    yield { start: Math.round(t) - elapsed, elapsed, label, ok, i };
  }
}

/** Yield chunks of JTL text (each ~ `chunkRows` rows), header first. */
export function* jtlChunks(spec: JtlSpec, chunkRows = 20000): Generator<string> {
  yield jtlHeader + "\n";
  let out: string[] = [];
  for (const { start, elapsed, label, ok, i } of jtlRequests(spec)) {
    out.push(
      `${start},${elapsed},${label},${ok ? 200 : 500},${ok ? "OK" : "Internal Server Error"},Thread Group 1-${(i % 50) + 1},text,${ok},${ok ? "" : "Test failed"},${1000 + (i % 500)},120,50,50,http://host${label.slice(label.indexOf(" ") + 1)},${Math.max(0, elapsed - 3)},0,${i % 7}`,
    );
    if (out.length >= chunkRows) {
      yield out.join("\n") + "\n";
      out = [];
    }
  }
  if (out.length) yield out.join("\n") + "\n";
}
