/**
 * Seeded inputs for the benchmark (scripts/bench.ts), written as streams so memory
 * stays flat whatever the size:
 * - a time-series CSV (`timestamp,throughput,response_ms`, one-second intervals of a
 *   well-behaved service: M/M/1-like response S/(1 - X/C), S = 20 ms, C = 1000 req/s,
 *   a daily load cycle up to ~0.75 C and noise, so R's glm() converges from its default start);
 * - a JMeter JTL (scripts/jtl-generator.ts), and its requests as JMeter XML (scripts/jmeter-xml-generator.ts);
 * - an HdrHistogram interval log (format 1.3, V2 encodings, StartTime/BaseTime):
 *   one-second intervals of microsecond latencies, lognormal with a slow tail.
 */
import { createWriteStream } from "node:fs";
import { once } from "node:events";
import { HdrHistogram } from "../src/load/hdr/histogram.js";
import { encodeHistogram } from "../src/load/hdr/encoding.js";
import { seededRandom } from "../src/util/random.js";
import { jtlChunks } from "./jtl-generator.js";
import { jmeterXmlChunks } from "./jmeter-xml-generator.js";

async function writeChunks(file: string, chunks: Iterable<string>): Promise<void> {
  const out = createWriteStream(file);
  for (const chunk of chunks) if (!out.write(chunk)) await once(out, "drain");
  out.end();
  await once(out, "finish");
}

/**
 * `rows` one-second intervals of a well-behaved web service. `peak` is the utilisation the daily
 * cycle reaches: 0.75 by default (R's glm() converges); 0.97 makes the hard case where R's glm()
 * fails from its default start and chp's safeguarded IRLS needs many step-halvings.
 */
export function* timeSeriesChunks(rows: number, seed = 20080101, chunkRows = 20000, peak = 0.75): Generator<string> {
  const rnd = seededRandom(seed);
  const start = Date.UTC(2024, 4, 1) / 1000;
  const S = 20;
  const C = 1000;
  yield "timestamp,throughput,response_ms\n";
  let out: string[] = [];
  for (let i = 0; i < rows; i++) {
    const hour = i / 3600;
    const daily = 0.5 - 0.5 * Math.cos((2 * Math.PI * (hour - 4)) / 24);
    const x = Math.max(1, 150 + (peak * C - 200) * daily + 25 * rnd.normal());
    const rho = Math.min(x / C, Math.max(0.95, peak));
    const r = (S / (1 - rho)) * Math.exp(0.12 * rnd.normal());
    out.push(`${start + i},${x.toFixed(2)},${r.toFixed(3)}`);
    if (out.length >= chunkRows) {
      yield out.join("\n") + "\n";
      out = [];
    }
  }
  if (out.length) yield out.join("\n") + "\n";
}

export function writeTimeSeries(file: string, rows: number, peak = 0.75): Promise<void> {
  return writeChunks(file, timeSeriesChunks(rows, 20080101, 20000, peak));
}

export function writeJtl(file: string, rows: number): Promise<void> {
  // ~2,800 requests/s: 10M rows is about an hour of load
  return writeChunks(file, jtlChunks({ rows, seed: 1, startMs: 1_700_000_000_000, rate: 2800 }, 50000));
}

/** The requests of writeJtl's spec as JMeter XML results (scripts/jmeter-xml-generator.ts). */
export function writeJmeterXml(file: string, rows: number): Promise<void> {
  return writeChunks(file, jmeterXmlChunks({ rows, seed: 1, startMs: 1_700_000_000_000, rate: 2800 }));
}

/** `intervals` one-second intervals, `perInterval` latencies (us) each on average, following a daily cycle. */
export function* hlogChunks(intervals: number, perInterval = 1000, seed = 7): Generator<string> {
  const rnd = seededRandom(seed);
  const startTime = 1_700_000_000;
  yield `#[Written by chp scripts/bench-inputs.ts]\n#[Histogram log format version 1.3]\n#[StartTime: ${startTime}.000 (seconds since epoch), made up]\n#[BaseTime: ${startTime}.000 (seconds since epoch)]\n`;
  yield `"StartTimestamp","Interval_Length","Interval_Max","Interval_Compressed_Histogram"\n`;
  let out: string[] = [];
  for (let i = 0; i < intervals; i++) {
    const load = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / 3600);
    const n = Math.max(1, Math.round(perInterval * (0.3 + 1.4 * load) * (1 + 0.1 * rnd.normal())));
    const h = new HdrHistogram({ lowestDiscernibleValue: 1, highestTrackableValue: 3_600_000_000, significantDigits: 3 });
    const base = 800 / (1 - Math.min(0.9, 0.8 * load));
    for (let k = 0; k < n; k++) {
      const slow = rnd.uniform() < 0.02 ? 40 : 1;
      h.record(Math.max(1, Math.floor(base * slow * Math.exp(0.6 * rnd.normal()))));
    }
    const b64 = Buffer.from(encodeHistogram(h, { version: 2, compressed: true })).toString("base64");
    out.push(`${i}.000,1.000,${(h.max / 1000).toFixed(3)},${b64}`);
    if (out.length >= 500) {
      yield out.join("\n") + "\n";
      out = [];
    }
  }
  if (out.length) yield out.join("\n") + "\n";
}

export function writeHlog(file: string, intervals: number): Promise<void> {
  return writeChunks(file, hlogChunks(intervals));
}
