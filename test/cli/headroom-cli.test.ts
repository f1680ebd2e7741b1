import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { chp } from "../helpers/cli.js";
import { tmpDir } from "../helpers/tmp.js";
import { parseSla } from "../../src/report/response-units.js";
import { responseUnitSeconds } from "../../src/load/units.js";

test("chp analyze: pattern {label, scores, evidence} and headroom {maxUsefulThroughput, interval, headroomFraction, method, usl, sla}", async () => {
  const r = await chp("analyze", "data/lock-contention.csv", "--sla", "40ms");
  assert.equal(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  assert.equal(j.pattern.label, "lock-contention");
  assert.deepEqual(Object.keys(j.pattern.scores).sort(), ["lock-contention", "looping-autoscaled", "oscillating", "well-behaved"]);
  assert.ok(j.pattern.evidence.length >= 1 && typeof j.pattern.evidence[0] === "string");
  for (const k of ["maxUsefulThroughput", "interval", "headroomFraction", "method", "usl", "sla"]) assert.ok(k in j.headroom, k);
  assert.equal(j.headroom.method, "sla");
  assert.equal(j.headroom.sla.target, 40);
  assert.ok(j.headroom.interval[0] <= j.headroom.maxUsefulThroughput && j.headroom.maxUsefulThroughput <= j.headroom.interval[1]);
  for (const k of ["sigma", "kappa", "lambda", "nStar", "xMax"]) assert.ok(k in j.headroom.usl, k);
});

test("chp plot prints the pattern, its evidence and the headroom; --no-annotate and --sla 0.1s work", async () => {
  const out = join(tmpDir(), "ws.svg");
  const r = await chp("plot", "data/web-steady.csv", "-o", out, "--sla", "0.1s");
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^pattern: well-behaved$/m);
  assert.match(r.stdout, /^headroom: maximum useful throughput [\d,.]+ .*SLA of 100 ms;/m);
  const { readFileSync } = await import("node:fs");
  // The picture states the SLA as the text does: with its unit.
  assert.match(readFileSync(out, "utf8"), /SLA 100 ms/);
  const plain = join(tmpDir(), "plain.svg");
  assert.equal((await chp("plot", "data/web-steady.csv", "-o", plain, "--no-annotate")).code, 0);
  assert.doesNotMatch(readFileSync(plain, "utf8"), /SLA|max useful/);
});

test("--sla: units convert to the response's unit; a bad value is a usage error (exit 2, one line)", async () => {
  assert.equal(parseSla("250ms", 1e-3), 250);
  assert.equal(parseSla("0.25s", 1e-3), 250);
  assert.equal(parseSla("250", 1e-3), 250);
  assert.ok(Math.abs(parseSla("500us", 1e-3) - 0.5) < 1e-12);
  assert.deepEqual(responseUnitSeconds("ms"), { seconds: 1e-3, assumed: false });
  assert.deepEqual(responseUnitSeconds(undefined), { seconds: 1e-3, assumed: true });
  for (const bad of ["fast", "-5ms", "0", "10 parsecs"]) {
    const r = await chp("analyze", "data/web-steady.csv", "--sla", bad);
    assert.equal(r.code, 2, bad);
    assert.equal(r.stderr.trim().split("\n").length, 1);
    assert.match(r.stderr, /--sla/);
  }
});

test("a per-interval percentile column is named in the SLA statement (percentile SLA)", async () => {
  const { percentileName } = await import("../../src/report/response-units.js");
  assert.deepEqual(["p99", "p95_ms", "latency_p99.9", "http_p999", "99th", "response_ms", "rps"].map(percentileName), [
    "p99",
    "p95",
    "p99.9",
    "p99.9",
    "p99",
    null,
    null,
  ]);
  const r = await chp("analyze", "data/api-latency.tsv", "--sla", "40ms");
  assert.equal(r.code, 0, r.stderr);
  assert.match(JSON.parse(r.stdout).headroom.statement, /SLA of 40 ms on p95/);
});

test("chp analyze and chp plot on interval formats (.hlog, hey per-request log) give the pattern and the headroom too", async () => {
  const hlog = "../shared/data/real/hdrhistogram/jHiccup-2.0.7S.logV2.hlog";
  const a = await chp("analyze", hlog, "--response", "p99");
  assert.equal(a.code, 0, a.stderr);
  const j = JSON.parse(a.stdout);
  assert.ok(j.pattern.label && j.headroom.statement);
  assert.equal(j.columns.response, "p99");
  const hey = "../shared/data/real/hey/hey-c16-per-request.csv";
  const out = join(tmpDir(), "hey.svg");
  const p = await chp("plot", hey, "--response", "p99", "--sla", "20ms", "-o", out);
  assert.equal(p.code, 0, p.stderr);
  assert.match(p.stdout, /^pattern: /m);
  assert.match(p.stdout, /^headroom: the fitted response is above the SLA of 0\.02 s on p99 even at zero throughput/m);
  const spigo = await chp("analyze", "../shared/data/real/spigo/storage_load00_serv.csv");
  assert.equal(spigo.code, 2);
  assert.match(spigo.stderr, /one response-time distribution, not intervals/);
});

test("--no-estimate: the R headroom plot's work only (same fit and histograms, pattern and headroom null); with --sla a usage error", async () => {
  const full = JSON.parse((await chp("analyze", "data/web-steady.csv")).stdout);
  const r = await chp("analyze", "data/web-steady.csv", "--no-estimate");
  assert.equal(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  assert.equal(j.pattern, null);
  assert.equal(j.headroom, null);
  for (const k of ["rows", "kept", "responseCutoff", "throughputHist", "responseHist", "maxCurve", "fit"]) assert.deepEqual(j[k], full[k], k);
  const out = join(tmpDir(), "ne.svg");
  const p = await chp("plot", "data/web-steady.csv", "-o", out, "--no-estimate");
  assert.equal(p.code, 0, p.stderr);
  assert.doesNotMatch(p.stdout, /^pattern:|^headroom:/m);
  const hlog = await chp("analyze", "test/load/fixtures/hiccup.140623.1028.10646.hlog", "--no-estimate");
  assert.equal(hlog.code, 0, hlog.stderr);
  assert.equal(JSON.parse(hlog.stdout).headroom, null);
  const bad = await chp("analyze", "data/web-steady.csv", "--no-estimate", "--sla", "100ms");
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--sla cannot be used with --no-estimate/);
});
