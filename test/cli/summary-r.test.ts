/**
 * `chp summary --json` against R: summary() (type-7 quantiles, mean), quantile(c(.9,.95,.99,.999)) and sd().
 * Golden values were made with scripts/r/summary-golden.R (R 4.2.2), the command above each.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { chp } from "../helpers/cli.js";
import { assertAllClose } from "../helpers/close.js";
import { tmpDir } from "../helpers/tmp.js";
import { seededRandom } from "../../src/util/random.js";

const rel = 1e-12;

const golden: { argv: string[]; cmd: string; expected: unknown }[] = [
  {
    argv: ["data/web-steady.csv"],
    cmd: "Rscript scripts/r/summary-golden.R data/web-steady.csv throughput response_ms",
    expected: {
      response: {
        n: 1440,
        min: 17.506,
        q1: 27.469999999999999,
        median: 40.590500000000006,
        mean: 57.313974999999999,
        q3: 78.390749999999997,
        max: 261.56,
        p90: 117.99900000000002,
        p95: 137.28529999999998,
        p99: 167.02340999999984,
        p999: 245.97968899999998,
        sd: 39.274340493245212,
      },
      throughput: {
        n: 1440,
        min: 83.379999999999995,
        q1: 253.1275,
        median: 495.82999999999998,
        mean: 499.72324305555554,
        q3: 745.15499999999997,
        max: 912.78999999999996,
        p90: 831.8900000000001,
        p95: 853.13599999999997,
        p99: 881.07330000000002,
        p999: 901.34728999999925,
        sd: 249.52419290215352,
      },
    },
  },
  {
    argv: ["data/lock-contention.csv"],
    cmd: "Rscript scripts/r/summary-golden.R data/lock-contention.csv ops latency_ms",
    expected: {
      response: {
        n: 720,
        min: 1.534,
        q1: 11.20825,
        median: 24.576499999999999,
        mean: 24.643270833333332,
        q3: 37.539250000000003,
        max: 51.329999999999998,
        p90: 42.305500000000002,
        p95: 44.492149999999995,
        p99: 48.050779999999982,
        p999: 50.099071999999914,
        sd: 13.581882341526327,
      },
      throughput: {
        n: 720,
        min: 1,
        q1: 100.97499999999999,
        median: 251.44999999999999,
        mean: 251.06597222222223,
        q3: 405.70000000000005,
        max: 493.39999999999998,
        p90: 445.94,
        p95: 459.60500000000002,
        p99: 474.40999999999997,
        p999: 487.14469999999955,
        sd: 149.54878326567558,
      },
    },
  },
  {
    argv: ["data/api-latency.tsv"],
    cmd: "Rscript scripts/r/summary-golden.R data/api-latency.tsv rps p95_ms tab",
    expected: {
      response: {
        n: 720,
        min: 7.1900000000000004,
        q1: 13.897500000000001,
        median: 17.239999999999998,
        mean: 19.868069444444444,
        q3: 23.532499999999999,
        max: 92.810000000000002,
        p90: 31.10100000000001,
        p95: 36.707999999999984,
        p99: 49.73509999999996,
        p999: 72.706759999998567,
        sd: 9.0173220274056813,
      },
      throughput: {
        n: 720,
        min: 13,
        q1: 174.77500000000003,
        median: 295.85000000000002,
        mean: 299.02499999999998,
        q3: 417.5,
        max: 593.79999999999995,
        p90: 501.27000000000004,
        p95: 525.41999999999996,
        p99: 550.37199999999996,
        p999: 586.60999999999945,
        sd: 145.18801684863493,
      },
    },
  },
];

type Report = Record<"response" | "throughput", Record<string, number | null>>;

for (const g of golden) {
  test(`summary --json of ${g.argv[0]} equals R (${g.cmd})`, async () => {
    const r = await chp("summary", ...g.argv, "--json");
    assert.equal(r.code, 0, r.stderr);
    const got = JSON.parse(r.stdout) as Report;
    const want = g.expected as Report;
    assertAllClose(got.response, want.response, rel, "response");
    assertAllClose(got.throughput, want.throughput, rel, "throughput");
  });
}

const hasR = spawnSync("Rscript", ["--version"]).status === 0;

/** A CSV with n rows of heavy-tailed response and some empty cells. */
function makeCsv(n: number, seed: number): string {
  const rnd = seededRandom(seed);
  const lines = ["timestamp,throughput,latency_ms"];
  for (let i = 0; i < n; i++) {
    const x = (rnd.uniform() * 1000).toFixed(3);
    const y = Math.exp(rnd.normal() * 1.5 + 2).toPrecision(7);
    const missing = n > 10 && i % 97 === 5;
    lines.push(`${1700000000 + i},${missing ? "" : x},${i % 89 === 7 && n > 10 ? "NA" : y}`);
  }
  return lines.join("\n") + "\n";
}

test("summary --json equals live R on CSVs of 1 to 1,000,000 rows", {
  skip: !hasR && "Rscript not installed (scripts/install-test-deps.sh installs it)",
  timeout: 300_000,
}, async () => {
  for (const n of [1, 2, 3, 10, 1000, 100_000, 1_000_000]) {
    const file = join(tmpDir(), `live-${n}.csv`);
    writeFileSync(file, makeCsv(n, n));
    const want = JSON.parse(execFileSync("Rscript", ["scripts/r/summary-golden.R", file, "throughput", "latency_ms"], { encoding: "utf8" })) as Report;
    const r = await chp("summary", file, "--json");
    assert.equal(r.code, 0, r.stderr);
    const got = JSON.parse(r.stdout) as Report;
    assertAllClose(got.response, want.response, rel, `n=${n} response`);
    assertAllClose(got.throughput, want.throughput, rel, `n=${n} throughput`);
  }
});
