/**
 * Inputs that used to be read as something else: a time series with an aggregate latency column
 * taken for a per-request log, several time series given to `chp summary`, a model file given
 * to `chp modes`, and unit conversions that printed float noise.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { test } from "node:test";
import { modelMessage } from "../../src/messages.js";
import { namesAggregate } from "../../src/load/formats/request-csv.js";
import { scaleValue } from "../../src/report/series.js";
import { chp } from "../helpers/cli.js";
import { realData } from "../helpers/real.js";
import { tmpFile } from "../helpers/tmp.js";

test("time,calls,avg is a time series (calls per interval, avg response), never an empty request log", async () => {
  const file = tmpFile("calls.csv", "time,calls,avg\n1,10,5\n2,12,6\n3,15,7\n");
  const r = await chp("summary", file, "--json");
  assert.equal(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  assert.deepEqual([j.throughput.n, j.throughput.max, j.response.mean], [3, 15, 6]);
  // An unknown count column: refused with the column to name, not an empty request log.
  const unknown = tmpFile("foo.csv", "time,foo,avg\n1,10,5\n2,12,6\n3,15,7\n");
  const u = await chp("summary", unknown);
  assert.equal(u.code, 3);
  assert.match(u.stderr, /cannot tell which column holds throughput: none of "time", "foo", "avg" is named like it; name it with --throughput-col/);
  assert.deepEqual(["avg", "mean_ms", "p99 latency", "latency_max", "latency", "elapsed", "duration_ms"].map(namesAggregate), [
    true,
    true,
    true,
    true,
    false,
    false,
    false,
  ]);
  // A real per-request CSV is still one.
  const req = tmpFile("req.csv", "timestamp,latency_ms\n1700000000.1,12\n1700000000.5,14\n1700000001.2,13\n");
  const q = await chp("summary", req);
  assert.equal(q.code, 0, q.stderr);
  assert.match(q.stdout, /request-csv/);
});

test("chp summary a.csv b.csv: one summary per time series, in order (JSON: an array with each file)", async () => {
  const r = await chp("summary", "data/web-steady.csv", "data/lock-contention.csv");
  assert.equal(r.code, 0, r.stderr);
  const at = [r.stdout.indexOf("data/web-steady.csv: 1440 rows"), r.stdout.indexOf("data/lock-contention.csv: 720 rows")];
  assert.ok(at[0] === 0 && at[1] > at[0], r.stdout);
  const j = JSON.parse((await chp("summary", "data/web-steady.csv", "data/lock-contention.csv", "--json")).stdout);
  assert.deepEqual(
    j.map((s: { file: string; throughput: { n: number } }) => [s.file, s.throughput.n]),
    [
      ["data/web-steady.csv", 1440],
      ["data/lock-contention.csv", 720],
    ],
  );
});

test("chp modes of a model file or a Guesstimate space names chp model (exit 3), not a CSV syntax error", async () => {
  const m = await chp("modes", "data/cache-model.json");
  assert.equal(m.code, 3);
  assert.equal(m.stderr, `chp: data/cache-model.json: ${modelMessage.modelFileNotLatencies("model")}\n`);
  const g = join(realData, "guesstimate/goguesstimate_test_expression.guess.json");
  const s = await chp("modes", g);
  assert.equal(s.code, 3);
  assert.equal(s.stderr, `chp: ${g}: ${modelMessage.modelFileNotLatencies("space")}\n`);
  const other = await chp("modes", tmpFile("x.json", '{"a": 1}'));
  assert.equal(other.code, 3);
  assert.match(other.stderr, /a JSON file, not measured latencies/);
});

test("unit conversion by a power of ten is a decimal shift: no float noise in JSON", async () => {
  // jHiccup's log read as ns and shown in ms: its largest value is 1,803,550,719 ns. The float
  // product 1803550719 * 1e-6 is 1803.5507189999998; the exact value is 1803.550719.
  const hlog = join(realData, "hdrhistogram/jHiccup-2.0.7S.logV2.hlog");
  const r = await chp("summary", hlog, "--input-unit", "ns", "--unit", "ms", "--json");
  assert.equal(r.code, 0, r.stderr);
  assert.equal(JSON.parse(r.stdout).total.max, 1803.550719);
  assert.doesNotMatch(r.stdout, /\d\.\d*(0000000|9999999)\d*[,\n]/);
  // As us shown in ms: p99 393.215, not 393.21500000000003.
  const u = await chp("summary", hlog, "--input-unit", "us", "--unit", "ms", "--json");
  assert.doesNotMatch(u.stdout, /\d\.\d*(0000000|9999999)\d*[,\n]/);
  assert.equal(1803550719 * 1e-6, 1803.5507189999998);
  assert.equal(scaleValue(1803550719, 1e-6), 1803.550719);
  assert.equal(scaleValue(393215, 1e-3), 393.215);
  assert.equal(scaleValue(1.5e-7, 1e3), 0.00015);
  assert.equal(scaleValue(2, 60), 120);
  assert.equal(scaleValue(Number.NaN, 1e3), Number.NaN);
});
