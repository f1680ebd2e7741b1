/**
 * Makes the bundled sample datasets in data/ (seeded, so re-running gives the same files).
 *
 *   npx tsx scripts/make-samples.ts
 *
 * - web-steady.csv: a day of one-minute intervals of a well-behaved web service
 *   (epoch seconds, throughput in requests/s, mean response in ms): an M/M/1-like
 *   response S/(1 - X/C) with S = 20 ms and capacity C = 1000 req/s, daily load cycle.
 * - lock-contention.csv: response rises in proportion to throughput (requests queue
 *   behind a serialised section), epoch milliseconds.
 * - api-latency.tsv: tab-separated, ISO 8601 times, `rps` and `p95_ms` columns,
 *   ten-second intervals over two hours.
 */
import { writeFileSync } from "node:fs";
import { seededRandom } from "../src/util/random.js";

const round = (v: number, digits: number) => Number(v.toFixed(digits));

function webSteady(): string {
  const rnd = seededRandom(20080101);
  const start = Date.UTC(2024, 4, 1) / 1000;
  const lines = ["timestamp,throughput,response_ms"];
  const S = 20;
  const C = 1000;
  for (let i = 0; i < 1440; i++) {
    const hour = i / 60;
    const daily = 0.5 - 0.5 * Math.cos((2 * Math.PI * (hour - 4)) / 24);
    const x = Math.max(1, 150 + 700 * daily + 25 * rnd.normal());
    const rho = Math.min(x / C, 0.97);
    const r = (S / (1 - rho)) * Math.exp(0.12 * rnd.normal());
    lines.push(`${start + i * 60},${round(x, 2)},${round(r, 3)}`);
  }
  return lines.join("\n") + "\n";
}

function lockContention(): string {
  const rnd = seededRandom(20130601);
  const start = Date.UTC(2024, 4, 2) * 1;
  const lines = ["time_ms,ops,latency_ms"];
  for (let i = 0; i < 720; i++) {
    const load = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / 360);
    const x = Math.max(1, 40 + 420 * load + 15 * rnd.normal());
    const r = Math.max(0.5, 2 + 0.09 * x * Math.exp(0.06 * rnd.normal()) + 0.4 * rnd.normal());
    lines.push(`${start + i * 60000},${round(x, 1)},${round(r, 3)}`);
  }
  return lines.join("\n") + "\n";
}

function apiLatency(): string {
  const rnd = seededRandom(20161201);
  const start = Date.UTC(2024, 4, 3, 9, 0, 0);
  const lines = ["time\trps\tp95_ms"];
  for (let i = 0; i < 720; i++) {
    const ramp = i / 720;
    const x = Math.max(1, 50 + 500 * ramp + 20 * rnd.normal());
    const rho = Math.min(x / 600, 0.98);
    const r = (12 / Math.sqrt(1 - rho)) * Math.exp(0.2 * rnd.normal());
    const iso = new Date(start + i * 10000).toISOString().replace(".000Z", "Z");
    lines.push(`${iso}\t${round(x, 1)}\t${round(r, 2)}`);
  }
  return lines.join("\n") + "\n";
}

writeFileSync(new URL("../data/web-steady.csv", import.meta.url), webSteady());
writeFileSync(new URL("../data/lock-contention.csv", import.meta.url), lockContention());
writeFileSync(new URL("../data/api-latency.tsv", import.meta.url), apiLatency());
