/**
 * A seeded vegeta results generator (`vegeta encode --to csv`, the 12-field records of vegeta
 * 12.8+, or `--to json` with `--json`), for measuring the vegeta readers' speed and memory on large
 * runs: results at a constant rate (vegeta's attack paces them), lognormal latencies (ns) with a
 * slow tail, ~1% failures (a 500 with an error message), three URLs.
 *
 *   npx tsx scripts/vegeta-generator.ts RESULTS [RATE_PER_S] [--json] > results.csv
 *
 * Stdout only (streamed, respecting back-pressure).
 */
import { once } from "node:events";
import { seededRandom } from "../src/util/random.js";

const urls = ["http://shop.test/", "http://shop.test/search", "http://shop.test/cart"];
const headers = Buffer.from("Content-Type: text/plain\r\n").toString("base64");

export function* vegetaChunks(results: number, rate = 1000, json = false, seed = 20200324, chunkResults = 20000): Generator<string> {
  const rnd = seededRandom(seed);
  const start = 1_700_000_000_000_000_000n;
  const step = BigInt(Math.round(1e9 / rate));
  let out: string[] = [];
  for (let i = 0; i < results; i++) {
    const ts = start + BigInt(i) * step;
    const slow = rnd.uniform() < 0.02 ? 20 : 1;
    const latency = Math.round(40e6 * slow * Math.exp(0.5 * rnd.normal()));
    const failed = rnd.uniform() < 0.01;
    const code = failed ? 500 : 200;
    const error = failed ? "500 Internal Server Error" : "";
    const url = urls[i % 3];
    if (json) {
      const iso = `${new Date(Number(ts / 1_000_000n)).toISOString().slice(0, 19)}.${(ts % 1_000_000_000n).toString().padStart(9, "0")}Z`;
      out.push(
        `{"attack":"","seq":${i},"code":${code},"timestamp":"${iso}","latency":${latency},"bytes_out":0,"bytes_in":12,"error":"${error}","body":"aGVsbG8gd29ybGQK","method":"GET","url":"${url}","headers":{"Content-Type":["text/plain"]}}`,
      );
    } else out.push(`${ts},${code},${latency},0,12,${error},aGVsbG8gd29ybGQK,,${i},GET,${url},${headers}`);
    if (out.length >= chunkResults) {
      yield out.join("\n") + "\n";
      out = [];
    }
  }
  if (out.length) yield out.join("\n") + "\n";
}

async function main(): Promise<void> {
  const args = process.argv.slice(2).filter((a) => a !== "--json");
  const results = Number(args[0]);
  const rate = args[1] === undefined ? 1000 : Number(args[1]);
  if (!Number.isInteger(results) || results < 1 || !(rate > 0)) {
    process.stderr.write("usage: tsx scripts/vegeta-generator.ts RESULTS [RATE_PER_S] [--json] > results.csv\n");
    process.exitCode = 2;
    return;
  }
  for (const chunk of vegetaChunks(results, rate, process.argv.includes("--json"))) if (!process.stdout.write(chunk)) await once(process.stdout, "drain");
}

if (process.argv[1]?.endsWith("vegeta-generator.ts")) await main();
