/**
 * A seeded k6 `--out json` generator, for measuring the k6 reader's memory on large runs: Metric
 * definition lines, then per request the points of k6's HTTP trail (http_reqs, http_req_duration,
 * blocked, connecting, tls_handshaking, sending, waiting, receiving, http_req_failed, as k6's
 * Trail.SaveSamples writes them, all at the request's end time, tags on each), a vus gauge point
 * every second; lognormal durations (ms) with a slow tail, ~1% failed (status 500,
 * expected_response false), three endpoints.
 *
 *   npx tsx scripts/k6-ndjson-generator.ts REQUESTS [RATE_PER_S] > run.ndjson
 *   npx tsx scripts/k6-ndjson-generator.ts 10000000 | /usr/bin/time -v node dist/cli/main.js summary -
 *
 * Stdout only (streamed, respecting back-pressure), so a 10M-request run (about 24 GB) needs no disk.
 */
import { once } from "node:events";
import { seededRandom } from "../src/util/random.js";

const trend = (name: string) =>
  `{"type":"Metric","data":{"name":"${name}","type":"trend","contains":"time","thresholds":[],"submetrics":null},"metric":"${name}"}`;
const definitions = [
  `{"type":"Metric","data":{"name":"http_reqs","type":"counter","contains":"default","thresholds":[],"submetrics":null},"metric":"http_reqs"}`,
  ...[
    "http_req_duration",
    "http_req_blocked",
    "http_req_connecting",
    "http_req_tls_handshaking",
    "http_req_sending",
    "http_req_waiting",
    "http_req_receiving",
  ].map(trend),
  `{"type":"Metric","data":{"name":"http_req_failed","type":"rate","contains":"default","thresholds":[],"submetrics":null},"metric":"http_req_failed"}`,
  `{"type":"Metric","data":{"name":"vus","type":"gauge","contains":"default","thresholds":[],"submetrics":null},"metric":"vus"}`,
];
const endpoints = ["http://shop.test/", "http://shop.test/search", "http://shop.test/cart"];

/** RFC 3339 with nanoseconds, as k6 writes it (UTC here). */
function rfc3339(ns: bigint): string {
  const s = ns / 1_000_000_000n;
  const frac = (ns % 1_000_000_000n).toString().padStart(9, "0");
  return `${new Date(Number(s) * 1000).toISOString().slice(0, 19)}.${frac}Z`;
}

export function* k6Chunks(requests: number, rate = 1000, seed = 20240821, chunkRequests = 2000): Generator<string> {
  const rnd = seededRandom(seed);
  yield definitions.join("\n") + "\n";
  let t = 1_724_220_000_000_000_000n;
  let nextVus = t;
  let out: string[] = [];
  for (let i = 0; i < requests; i++) {
    t += BigInt(Math.round(-Math.log(1 - rnd.uniform()) * (1e9 / rate)));
    const time = rfc3339(t);
    if (t >= nextVus) {
      out.push(`{"metric":"vus","type":"Point","data":{"time":"${time}","value":50,"tags":{}}}`);
      nextVus += 1_000_000_000n;
    }
    const url = endpoints[i % 3];
    const failed = rnd.uniform() < 0.01;
    const slow = rnd.uniform() < 0.02 ? 20 : 1;
    const duration = 40 * slow * Math.exp(0.5 * rnd.normal());
    const tags = `{"expected_response":"${!failed}","group":"","method":"GET","name":"${url}","proto":"HTTP/1.1","scenario":"default","status":"${failed ? 500 : 200}","url":"${url}"}`;
    const point = (metric: string, value: number) => `{"metric":"${metric}","type":"Point","data":{"time":"${time}","value":${value},"tags":${tags}}}`;
    const waiting = duration * 0.9;
    out.push(
      point("http_reqs", 1),
      point("http_req_duration", Number(duration.toFixed(6))),
      point("http_req_blocked", 0.004),
      point("http_req_connecting", 0),
      point("http_req_tls_handshaking", 0),
      point("http_req_sending", 0.021),
      point("http_req_waiting", Number(waiting.toFixed(6))),
      point("http_req_receiving", Number((duration - waiting - 0.021).toFixed(6))),
      point("http_req_failed", failed ? 1 : 0),
    );
    if (i % chunkRequests === chunkRequests - 1) {
      yield out.join("\n") + "\n";
      out = [];
    }
  }
  if (out.length) yield out.join("\n") + "\n";
}

async function main(): Promise<void> {
  const requests = Number(process.argv[2]);
  const rate = process.argv[3] === undefined ? 1000 : Number(process.argv[3]);
  if (!Number.isInteger(requests) || requests < 1 || !(rate > 0)) {
    process.stderr.write("usage: tsx scripts/k6-ndjson-generator.ts REQUESTS [RATE_PER_S]\n");
    process.exitCode = 2;
    return;
  }
  for (const chunk of k6Chunks(requests, rate)) if (!process.stdout.write(chunk)) await once(process.stdout, "drain");
}

if (process.argv[1]?.endsWith("k6-ndjson-generator.ts")) await main();
