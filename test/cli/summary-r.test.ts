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

/**
 * R's answer for the 1,000,000-row CSV makeCsv(1_000_000, 1_000_000) writes (R 4.2.2, 10 s of R's
 * read.csv): Rscript scripts/r/summary-golden.R live-1000000.csv throughput latency_ms.
 * CHP_R_LIVE_ALL=1 runs R on that file too and checks this value against it.
 */
const million: Report = {
  response: {
    n: 988764,
    min: 0.0051099650000000002,
    q1: 2.6739189999999997,
    median: 7.3773730000000004,
    mean: 22.775440189750821,
    q3: 20.3051225,
    max: 7923.9830000000002,
    p90: 50.435795000000027,
    p95: 87.170147999999983,
    p99: 242.66307599999999,
    p999: 768.1651102999972,
    sd: 66.131303730743497,
  },
  throughput: {
    n: 989690,
    min: 0,
    q1: 250.26024999999998,
    median: 500.69799999999998,
    mean: 500.11671331831178,
    q3: 749.78700000000003,
    max: 999.99900000000002,
    p90: 899.64609999999993,
    p95: 949.96299999999997,
    p99: 989.86521999999991,
    p999: 998.98500000000001,
    sd: 288.53878554793226,
  },
};

test("summary --json equals R on CSVs of 1 to 1,000,000 rows (live R up to 100,000 rows in one R process)", {
  timeout: 300_000,
}, async (t) => {
  const dir = tmpDir();
  const live = process.env.CHP_R_LIVE_ALL === "1";
  const sizes = [1, 2, 3, 10, 1000, 100_000, 1_000_000];
  const files = new Map(sizes.map((n) => [n, join(dir, `live-${n}.csv`)]));
  for (const [n, file] of files) writeFileSync(file, makeCsv(n, n));
  const asked = sizes.filter((n) => n < 1_000_000 || live);
  const want = new Map<number, Report>([[1_000_000, million]]);
  if (hasR) {
    const list = join(dir, "files.tsv");
    writeFileSync(list, asked.map((n) => `${files.get(n)}\tthroughput\tlatency_ms\n`).join(""));
    const lines = execFileSync("Rscript", ["scripts/r/summary-golden.R", "--batch", list], { encoding: "utf8" }).trim().split("\n");
    assert.equal(lines.length, asked.length);
    for (const [i, n] of asked.entries()) {
      const r = JSON.parse(lines[i]) as Report;
      if (n === 1_000_000) {
        assertAllClose(million.response, r.response, 0, "the committed 1,000,000-row golden, response");
        assertAllClose(million.throughput, r.throughput, 0, "the committed 1,000,000-row golden, throughput");
      }
      want.set(n, r);
    }
  } else {
    t.diagnostic("Rscript not installed (scripts/install-test-deps.sh installs it): only the committed 1,000,000-row golden is checked");
  }
  for (const [n, w] of want) {
    const r = await chp("summary", files.get(n)!, "--json");
    assert.equal(r.code, 0, r.stderr);
    const got = JSON.parse(r.stdout) as Report;
    assertAllClose(got.response, w.response, rel, `n=${n} response`);
    assertAllClose(got.throughput, w.throughput, rel, `n=${n} throughput`);
  }
});
