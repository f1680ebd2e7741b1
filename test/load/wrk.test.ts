/**
 * wrk and wrk2 --latency output read as one distribution in ms. Golden values: the tools' own
 * printed numbers in the same files (formats/wrk2/polis_stage4_allocGet.md: wrk2's spectrum footer
 * and its "Latency Distribution (HdrHistogram - Recorded Latency)" lines; formats/wrk/
 * local_wrk4.1.0_latency.txt: wrk 4.1.0's Thread Stats and "Latency Distribution").
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { test } from "node:test";
import { DataError } from "../../src/errors.js";
import { openInput } from "../../src/load/open-input.js";
import { readWrk, wrkDuration } from "../../src/load/wrk.js";
import { loadToolMessage as lm } from "../../src/messages.js";
import { chp } from "../helpers/cli.js";
import { realData } from "../helpers/real.js";
import { tmpFile } from "../helpers/tmp.js";

const wrk2 = join(realData, "formats/wrk2/polis_stage4_allocGet.md");
const wrk = join(realData, "formats/wrk/local_wrk4.1.0_latency.txt");

test("wrk durations: us, ms, s, m", () => {
  assert.equal(wrkDuration("706.00us"), 0.706);
  assert.equal(wrkDuration("1.44ms"), 1.44);
  assert.equal(wrkDuration("1.02s"), 1020);
  assert.equal(wrkDuration("1.50m"), 90000);
  assert.equal(wrkDuration("2.11k"), null);
});

test("wrk2 --latency: the spectrum is read as .hgrm; count, mean, sd, max are wrk2's footer; p50..p99.9 its printed Latency Distribution", async () => {
  const d = await readWrk(openInput(wrk2), wrk2);
  assert.equal(d.format, "wrk");
  assert.equal(d.unit, "ms");
  assert.equal(d.stats.count, 99357); // "#[Max     =       12.920, Total count    =        99357]"
  assert.equal(d.stats.mean, 1.441); // "#[Mean    =        1.441, StdDeviation   =        0.706]"
  assert.equal(d.stats.stdDeviation, 0.706);
  assert.equal(d.stats.max, 12.92);
  assert.equal(d.stats.min, 0.067); // first spectrum row "0.067     0.000000            1"
  assert.equal(d.stats.p50, 1.37); // " 50.000%    1.37ms"
  assert.equal(d.stats.p90, 2.42); // " 90.000%    2.42ms"
  assert.equal(d.stats.p99, 3.02); // " 99.000%    3.02ms" (the spectrum's first row at or past 0.99 is 3.041, an upper bound)
  assert.equal(d.stats.p999, 5.72); // " 99.900%    5.72ms"
  assert.equal(d.errors, 0); // no "Non-2xx" or "Socket errors" line
  assert.equal(d.percentiles.length, 86); // the spectrum rows, 0.000000 to 1.000000
  assert.equal(
    d.bins.reduce((a, b) => a + b.count, 0),
    99357,
  );
  // The histogram holds fewer requests than "119714 requests in 1.00m": wrk2 records latency after its calibration.
});

test("wrk 4 --latency: its four percentiles, the Thread Stats latency (mean, stdev, max) and the request count", async () => {
  const d = await readWrk(openInput(wrk), wrk);
  assert.deepEqual(d.stats, {
    count: 5769, // "5769 requests in 5.04s"
    min: null,
    max: 89.58, // "Latency     5.91ms    6.74ms  89.58ms   93.79%"
    mean: 5.91,
    stdDeviation: 6.74,
    p50: 4.05, // "50%    4.05ms"
    p90: 10.51, // "90%   10.51ms"
    p95: null, // wrk prints no 95%
    p99: 35.7, // "99%   35.70ms"
    p999: null,
  });
  assert.deepEqual(
    d.percentiles.map((p) => [p.fraction, p.value]),
    [
      [0.5, 4.05],
      [0.75, 6.96],
      [0.9, 10.51],
      [0.99, 35.7],
    ],
  );
  assert.deepEqual(d.bins, []);
});

test("wrk: non-2xx responses and socket errors are errors; several runs in one file, or no latency figures, are data errors", async () => {
  const text = (await import("node:fs")).readFileSync(wrk, "utf8");
  const failing = tmpFile(
    "failing.txt",
    text.replace("Requests/sec:", "  Socket errors: connect 0, read 2, write 0, timeout 3\n  Non-2xx or 3xx responses: 10\nRequests/sec:"),
  );
  const d = await readWrk(openInput(failing), failing);
  assert.equal(d.errors, 15);
  assert.equal(d.stats.count, 5759);
  const twice = tmpFile("twice.txt", text + text);
  await assert.rejects(readWrk(openInput(twice), twice), (e: unknown) => e instanceof DataError && e.message.endsWith(lm.wrkSeveralRuns(2)));
  const bare = tmpFile("bare.txt", "Running 5s test @ http://x/\n  5769 requests in 5.04s, 1.05MB read\n");
  await assert.rejects(readWrk(openInput(bare), bare), (e: unknown) => e instanceof DataError && e.message.endsWith(lm.wrkNoLatency()));
});

test("chp summary --json of wrk and wrk2 files; chp plot draws them", async () => {
  const r2 = await chp("summary", wrk2, "--json");
  assert.equal(r2.code, 0, r2.stderr);
  assert.deepEqual(JSON.parse(r2.stdout).total, {
    count: 99357,
    errors: 0,
    errorRate: 0,
    min: 0.067,
    max: 12.92,
    mean: 1.441,
    p50: 1.37,
    p90: 2.42,
    p95: 2.663, // the spectrum's row "2.663 0.950000 94417"
    p99: 3.02,
    p999: 5.72,
  });
  const r = await chp("summary", wrk, "--json");
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout).total, {
    count: 5769,
    errors: 0,
    errorRate: 0,
    min: null,
    max: 89.58,
    mean: 5.91,
    p50: 4.05,
    p90: 10.51,
    p95: null, // wrk prints 50/75/90/99 only
    p99: 35.7,
    p999: null,
  });
  for (const f of [wrk, wrk2]) {
    const p = await chp("plot", f, "-o", tmpFile(`${f.endsWith(".md") ? "wrk2" : "wrk"}.vl.json`, ""));
    assert.equal(p.code, 0, p.stderr);
  }
});
