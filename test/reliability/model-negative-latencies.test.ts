/**
 * A model's latencies cannot be negative: a `data` file with a negative latency (a column of
 * samples, or a from/to/count bucket table with a negative `from`) is a data error naming the
 * model field, the data file, its line and column — as the time-series reader refuses a negative
 * response — and so are negative inline `samples` and bucket bounds. Zero is a latency.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { chp } from "../helpers/cli.js";
import { tmpDir } from "../helpers/tmp.js";
import { DataError } from "../../src/errors.js";
import { readLatencies } from "../../src/model/read-latencies.js";

const dataError = 3;

function folder(): string {
  const d = join(tmpDir(), "negative-latencies");
  mkdirSync(d, { recursive: true });
  return d;
}

function model(dir: string, name: string, latency: unknown): string {
  const file = join(dir, name);
  writeFileSync(
    file,
    JSON.stringify({
      name: "m",
      unit: "ms",
      tiers: [
        { name: "cache", hitRate: 0.5, latency },
        { name: "db", latency: { point: 5 } },
      ],
    }),
  );
  return file;
}

test("model negative latencies: a data file's negative sample is a data error naming the file, line and column", async () => {
  const d = folder();
  writeFileSync(join(d, "samples.csv"), "host,latency_ms\na,1.5\nb,-2.5\nc,3.5\n");
  const r = await chp("model", model(d, "samples-model.json", { data: "samples.csv", column: "latency_ms" }));
  assert.equal(r.code, dataError, r.stderr);
  assert.match(
    r.stderr,
    /samples-model\.json: tiers\[0\]\.latency\.data: cannot use samples\.csv: .*samples\.csv:3: column "latency_ms": a response time cannot be negative \(got -2\.5\)/,
  );
});

test("model negative latencies: a bucket table with a negative lower bound is refused", async () => {
  const d = folder();
  writeFileSync(join(d, "buckets.csv"), "from,to,count\n0,2,3\n-1,4,5\n");
  const r = await chp("model", model(d, "buckets-model.json", { data: "buckets.csv" }));
  assert.equal(r.code, dataError, r.stderr);
  assert.match(r.stderr, /buckets\.csv:3: column "from": a response time cannot be negative \(got -1\)/);
});

test("model negative latencies: inline samples and buckets below 0 are refused, naming the field", async () => {
  const d = folder();
  let r = await chp("model", model(d, "inline-samples.json", { samples: [1, 0, -2] }));
  assert.equal(r.code, dataError, r.stderr);
  assert.match(r.stderr, /tiers\[0\]\.latency\.samples\[2\]: -2 is not a latency >= 0/);
  r = await chp("model", model(d, "inline-buckets.json", { buckets: [{ from: -1, to: 2, count: 3 }] }));
  assert.equal(r.code, dataError, r.stderr);
  assert.match(r.stderr, /tiers\[0\]\.latency\.buckets\[0\]\.from: -1 is not a latency >= 0/);
});

test("model negative latencies: zero latencies are read; the library reader refuses negatives only when asked", async () => {
  const d = folder();
  writeFileSync(join(d, "zeros.csv"), "latency_ms\n0\n1\n2\n");
  const r = await chp("model", model(d, "zeros-model.json", { data: "zeros.csv" }), "--samples", "1000");
  assert.equal(r.code, 0, r.stderr);
  const neg = join(d, "neg-lib.csv");
  writeFileSync(neg, "latency_ms\n1\n-2\n");
  await assert.rejects(readLatencies(neg, { refuseNegative: true }), (e: unknown) => e instanceof DataError && /neg-lib\.csv:3/.test(e.message));
  assert.equal((await readLatencies(neg)).values?.length, 2);
});
