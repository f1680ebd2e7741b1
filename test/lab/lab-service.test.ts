/**
 * The lab services (scripts/lab): each mechanism, started on 127.0.0.1 and driven for a few
 * seconds, does what its pattern needs — the pool bounds concurrency, the mutex serialises, the
 * stalling dependency fills the bounded pool, the autoscaler adds and removes capacity — and the
 * per-request log and /metrics say what the load generator saw.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { now } from "../../scripts/lab/clock.js";
import { type LoadResult, type RequestRecord, runLoad } from "../../scripts/lab/load.js";
import type { LabParams, LabPattern } from "../../scripts/lab/patterns.js";
import { requestLogHeader, requestLogLine } from "../../scripts/lab/request-log.js";
import { type LabService, startLabService } from "../../scripts/lab/service.js";
import { chp } from "../helpers/cli.js";
import { tmpDir } from "../helpers/tmp.js";

/** Start a service, run `body`, and close it whatever happens. */
async function withService<T>(pattern: LabPattern, params: LabParams, body: (s: LabService) => Promise<T>): Promise<T> {
  const s = await startLabService({ pattern, params, seed: 7 });
  try {
    return await body(s);
  } finally {
    await s.close();
  }
}

/** Drive `s` at `rate(t)` for `seconds`, keeping the records. */
async function drive(s: LabService, rate: (t: number) => number, seconds: number): Promise<{ result: LoadResult; records: RequestRecord[] }> {
  const records: RequestRecord[] = [];
  const result = await runLoad({ url: s.url, rate, durationSeconds: seconds, drainSeconds: 10, seed: 3, onRecord: (r) => records.push(r) });
  return { result, records };
}

/** The value of one sample line of a Prometheus text exposition. */
function sample(text: string, name: string, labels: string): number {
  const line = text.split("\n").find((l) => l.startsWith(`${name}{`) && l.includes(labels));
  assert.ok(line, `no ${name}{${labels}} in the metrics`);
  return Number(line.slice(line.lastIndexOf(" ") + 1));
}

test("well-behaved: the pool never holds more than c requests, and at c / S the queue forms", async () => {
  await withService("well-behaved", { servers: 4, serviceMs: 20 }, async (s) => {
    assert.equal(s.capacity, 200);
    // 100 requests at 400 req/s: twice the capacity, so they queue for the 4 slots.
    const { result } = await drive(s, () => 400, 0.25);
    const st = s.stats();
    assert.equal(result.failed + result.dropped, 0);
    assert.equal(st.served, result.ok);
    assert.equal(st.maxInUse, 4, "the pool bounds concurrency at c");
    assert.ok(st.maxQueue > 4, `a queue formed above c / S (longest ${st.maxQueue})`);
    const metrics = await s.metrics();
    assert.equal(sample(metrics, "http_request_duration_seconds_count", 'code="200"'), result.ok);
  });
});

test("lock contention: the mutex is held by one request at a time, the work outside it runs concurrently", async () => {
  await withService("lock-contention", { holdMs: 10, outsideMs: 5 }, async (s) => {
    assert.equal(s.capacity, 100);
    const t0 = now();
    // 60 requests offered at 300 req/s (three times what the lock passes).
    const { result } = await drive(s, () => 300, 0.2);
    const elapsed = now() - t0;
    const st = s.stats();
    assert.equal(st.maxHolders, 1, "the lock serialises");
    assert.ok(st.maxOutside > 1, "the work outside the lock overlaps");
    assert.ok(st.maxWaiting > 5, `requests wait for the lock (at most ${st.maxWaiting})`);
    // Serialised: the holds add up (mean 10 ms each; the sum of n exponentials is within 3 sd of n x 10 ms).
    const n = result.ok;
    assert.ok(elapsed > n * 10 - 3 * 10 * Math.sqrt(n), `${n} holds of 10 ms took ${elapsed.toFixed(0)} ms`);
  });
});

test("oscillating: while the dependency stalls the bounded pool fills, refuses, and throughput x response stays near pool + queue", async () => {
  const params = { pool: 4, queue: 4, dependencyMs: 5, stallMs: 400, stallEverySeconds: [0.3, 0.3] as const, stallSeconds: [1.2, 1.2] as const };
  await withService("oscillating", params, async (s) => {
    const { result, records } = await drive(s, () => 100, 1.5);
    const st = s.stats();
    assert.ok(st.stalledCalls > 0, "the dependency stalled");
    assert.equal(st.maxInUse, 4, "the pool bounds concurrency");
    assert.equal(st.maxQueue, 4, "the queue is bounded");
    assert.ok(st.refused > 0 && result.failed === st.refused, "arrivals beyond pool + queue are refused (503), and the client counts them failed");
    // Little's law over the requests that met the stall: their mean response x their rate <= pool + queue (8).
    const slow = records.filter((r) => r.ok && r.latencyMs > 200);
    assert.ok(slow.length >= 8, `${slow.length} slow requests`);
    const span = (Math.max(...slow.map((r) => r.endEpochMs)) - Math.min(...slow.map((r) => r.endEpochMs))) / 1000;
    const meanR = slow.reduce((a, r) => a + r.latencyMs, 0) / slow.length / 1000;
    const inSystem = (slow.length / span) * meanR;
    assert.ok(inSystem > 3 && inSystem < 12, `throughput x response over the stall ${inSystem.toFixed(1)}, pool + queue 8`);
  });
});

test("looping autoscaled: the autoscaler adds instances under load, after its lag, and removes them when the load falls", async () => {
  const params = { serviceMs: 10, startInstances: 1, maxInstances: 6, periodMs: 200, lagPeriods: 2, high: 0.7, low: 0.35 };
  await withService("looping-autoscaled", params, async (s) => {
    assert.equal(s.stats().active, 1);
    const { result } = await drive(s, (t) => (t < 1.5 ? 250 : 10), 3.5);
    const st = s.stats();
    assert.equal(result.failed + result.dropped, 0);
    assert.ok(st.scaleOuts >= 1 && st.maxActive > 1, `scaled out to ${st.maxActive}`);
    assert.ok(st.maxActive <= 6, "never above the maximum fleet");
    assert.ok(st.scaleIns >= 1 && st.active < st.maxActive, `scaled in to ${st.active}`);
  });
});

test("the per-request log is read by chp (request-csv) with the load generator's counts, and /metrics counts the same requests", async () => {
  await withService("well-behaved", { servers: 4, serviceMs: 10 }, async (s) => {
    const { result, records } = await drive(s, () => 150, 2);
    const file = join(tmpDir(), "lab-requests.csv");
    writeFileSync(file, requestLogHeader + records.map(requestLogLine).join(""));
    const r = await chp("summary", file, "--json");
    assert.equal(r.code, 0, r.stderr);
    const total = JSON.parse(r.stdout);
    const count = total.total?.count ?? total.count;
    assert.equal(count, result.ok, `chp summary counts ${count}, the generator ${result.ok}`);
    const metrics = await s.metrics();
    assert.equal(sample(metrics, "http_request_duration_seconds_count", 'code="200"'), result.ok);
    assert.match(metrics, /http_request_duration_seconds_bucket\{le="0\.01",method="GET",route="\/work",code="200"\}/);
  });
});

test("the load generator refuses a target off the loopback", () => {
  assert.throws(() => runLoad({ url: "http://192.0.2.1:80", rate: () => 1, durationSeconds: 1, onRecord: () => {} }), /only sends to loopback/);
});

test("npm run lab writes the per-request log, chp's per-interval series of it, the metrics and the run's record", async () => {
  const out = join(tmpDir(), "lab-run");
  const args = [
    "--import",
    "tsx",
    "scripts/lab/run.ts",
    "--pattern",
    "well-behaved",
    "--minutes",
    "0.05",
    "--out",
    out,
    "--set",
    "servers=4",
    "--set",
    "serviceMs=20",
  ];
  const r = spawnSync(process.execPath, args, { encoding: "utf8", timeout: 60_000 });
  assert.equal(r.status, 0, r.stderr);
  const run = JSON.parse(readFileSync(join(out, "well-behaved.run.json"), "utf8"));
  assert.deepEqual(run.params, { servers: 4, serviceMs: 20 });
  assert.equal(run.configuredCapacity, 200);
  for (const f of ["well-behaved.requests.csv", "well-behaved.csv", "well-behaved.metrics.txt"]) assert.ok(existsSync(join(out, f)), f);
  // The log has every successful request, and the series is chp's aggregation of it into the run's intervals.
  const summary = await chp("summary", join(out, "well-behaved.requests.csv"), "--json");
  assert.equal(summary.code, 0, summary.stderr);
  const total = JSON.parse(summary.stdout);
  assert.equal(total.total?.count ?? total.count, run.requests.ok);
  const rows = readFileSync(join(out, "well-behaved.csv"), "utf8").trim().split("\n");
  assert.equal(rows[0], "timestamp,throughput,response_ms");
  assert.equal(rows.length - 1, run.intervals);
  assert.ok(run.intervals >= 3 && run.intervals <= 5, `${run.intervals} intervals of 1 s in a 3 s run`);
  const metrics = readFileSync(join(out, "well-behaved.metrics.txt"), "utf8");
  assert.equal(sample(metrics, "http_request_duration_seconds_count", 'code="200"'), run.requests.ok);
});

test("npm run lab refuses an unknown pattern or parameter with one line and exit 2", () => {
  const bad = spawnSync(process.execPath, ["--import", "tsx", "scripts/lab/run.ts", "--pattern", "spiky"], { encoding: "utf8", timeout: 30_000 });
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /^lab: unknown pattern "spiky": expected one of well-behaved, /);
  const param = spawnSync(process.execPath, ["--import", "tsx", "scripts/lab/run.ts", "--pattern", "lock-contention", "--set", "servers=3"], {
    encoding: "utf8",
    timeout: 30_000,
  });
  assert.equal(param.status, 2);
  assert.match(param.stderr, /lab: --set servers: lock-contention has no such parameter \(it has: holdMs, outsideMs\)/);
});
