/**
 * The statistics JSON of a Gatling report, and chp's reading of the simulation.log of the same run
 * against it (../shared/data/real/formats/gatling: abhijeet_global_stats.json, written by Gatling
 * 3.7.4 from abhijeet_3.7.4_simulation.log).
 *
 * Where the two differ, and why: Gatling 3.7's percentiles1..4 (p50, p75, p95, p99 by default) are
 * linear interpolations between the two nearest ranks of the raw response times (R's type 7,
 * rounded to whole ms) — reproduced exactly below from the log's raw values — while chp's are
 * HdrHistogram values at the nearest rank (the value itself, to 3 significant digits). Gatling's
 * mean is rounded to whole ms (raw 939.408).
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { DataError } from "../../src/errors.js";
import { readGatlingStats } from "../../src/load/gatling-stats.js";
import { loadInputs } from "../../src/load/load-inputs.js";
import { chp } from "../helpers/cli.js";
import { realData } from "../helpers/real.js";
import { tmpDir } from "../helpers/tmp.js";

async function* chunked(text: string | Buffer, size = 65536): AsyncIterable<Buffer> {
  const b = Buffer.from(text);
  for (let i = 0; i < b.length; i += size) yield b.subarray(i, i + size);
}

const stats = join(realData, "formats/gatling/abhijeet_global_stats.json");
const log = join(realData, "formats/gatling/abhijeet_3.7.4_simulation.log");

test("abhijeet_global_stats.json: Gatling's own figures, the ok column, ko as errors", async () => {
  const d = await readGatlingStats(chunked(readFileSync(stats), 50), "global_stats.json");
  assert.deepEqual(d.stats, { count: 245, min: 402, max: 2707, mean: 939, stdDeviation: 372, p50: 890, p90: null, p95: 1669, p99: 2026, p999: null });
  assert.equal(d.errors, 0);
  assert.deepEqual(d.percentiles, [
    { fraction: 0.5, value: 890 },
    { fraction: 0.75, value: 987 },
    { fraction: 0.95, value: 1669 },
    { fraction: 0.99, value: 2026 },
  ]);
  assert.equal(d.unit, "ms");
});

test("chp's reading of the simulation.log against Gatling's global_stats.json of the same run", async () => {
  const fromLog = await loadInputs(log);
  const fromReport = await loadInputs(stats);
  assert.equal(fromLog.kind, "intervals");
  assert.equal(fromReport.kind, "distribution");
  if (fromLog.kind !== "intervals" || fromReport.kind !== "distribution") return;
  const { distributionStats } = await import("../../src/load/intervals.js");
  const s = distributionStats(fromLog.set.total, fromLog.set.scale);
  const g = fromReport.dist.stats;
  assert.equal(s.count, g.count); // 245
  assert.equal(fromLog.set.totalErrors, fromReport.dist.errors); // 0 KO
  assert.equal(s.min, g.min); // 402
  assert.equal(s.max, g.max); // 2707
  assert.equal(Math.round(s.mean), g.mean); // 939
  assert.equal(s.p50, g.p50); // 890: both the 123rd of 245 values
  assert.equal(s.p99, 2069); // the 243rd value, 2068, in its HdrHistogram bucket; Gatling: 2026
  // Gatling's percentiles are R type 7 over the raw values: h = (n - 1) p, between ranks floor(h) and floor(h) + 1
  const raw = readFileSync(log, "utf8")
    .split("\n")
    .map((l) => l.split("\t"))
    .filter((f) => f[0] === "REQUEST")
    .map((f) => Number(f[4]) - Number(f[3]))
    .sort((a, b) => a - b);
  assert.equal(raw.length, 245);
  const type7 = (p: number) => {
    const h = (raw.length - 1) * p;
    const lo = Math.floor(h);
    return raw[lo] + (h - lo) * (raw[Math.min(lo + 1, raw.length - 1)] - raw[lo]);
  };
  assert.deepEqual(
    [0.5, 0.75, 0.95, 0.99].map((p) => Math.round(type7(p))),
    fromReport.dist.percentiles.map((p) => p.value),
  ); // 890, 987, 1669, 2026
});

test("a stats.json: the root's statistics, or a request's with --label; numbers as strings and '-' read as older Gatling writes them", async () => {
  const block = (total: string, ok: string, ko: string) => ({ total, ok, ko });
  const statsOf = (name: string, n: number, ko: number) => ({
    name,
    numberOfRequests: block(String(n + ko), String(n), String(ko)),
    minResponseTime: block("12", "12", ko ? "30" : "-"),
    maxResponseTime: block("900", "850", ko ? "900" : "-"),
    meanResponseTime: block("100", "95", ko ? "300" : "-"),
    standardDeviation: block("50", "40", ko ? "10" : "-"),
    percentiles1: block("80", "79", ko ? "300" : "-"),
    percentiles2: block("120", "119", ko ? "300" : "-"),
    percentiles3: block("400", "390", ko ? "300" : "-"),
    percentiles4: block("800", "790", ko ? "300" : "-"),
  });
  const json = JSON.stringify({
    type: "GROUP",
    name: "All Requests",
    path: "",
    pathFormatted: "group_missing-name-b06d1",
    stats: statsOf("All Requests", 90, 10),
    contents: {
      "req_home-1a2b3": { type: "REQUEST", name: "home", path: "home", pathFormatted: "req_home-1a2b3", stats: statsOf("home", 60, 0) },
      "req_login-4c5d6": { type: "REQUEST", name: "login", path: "login", pathFormatted: "req_login-4c5d6", stats: statsOf("login", 30, 10) },
    },
  });
  const all = await readGatlingStats(chunked(json, 7), "stats.json");
  assert.equal(all.stats.count, 90);
  assert.equal(all.errors, 10);
  assert.equal(all.stats.max, 850);
  const home = await readGatlingStats(chunked(json), "stats.json", { label: "home" });
  assert.equal(home.stats.count, 60);
  assert.equal(home.errors, 0);
  assert.equal(home.name, "home");
  await assert.rejects(
    readGatlingStats(chunked(json), "stats.json", { label: "nope" }),
    (e: unknown) => e instanceof DataError && /nope/.test(e.message) && /home/.test(e.message),
  );
  await assert.rejects(
    readGatlingStats(chunked(readFileSync(stats)), "global_stats.json", { label: "home" }),
    (e: unknown) => e instanceof DataError && /global_stats\.json holds only the run's totals/.test(e.message),
  );
  const bad = JSON.stringify({ ...statsOf("x", 5, 0), maxResponseTime: block("a", "slow", "-") });
  await assert.rejects(
    readGatlingStats(chunked(bad), "bad.json"),
    (e: unknown) => e instanceof DataError && /^bad\.json: the Gatling statistic maxResponseTime\.ok is "slow", not a number/.test(e.message),
  );
  const dir = tmpDir();
  const s = await chp("summary", stats, "--json");
  assert.equal(s.code, 0, s.stderr);
  const total = JSON.parse(s.stdout).total;
  assert.equal(total.count, 245);
  // Gatling's own figures in abhijeet_global_stats.json (percentiles1..4 = p50, p75, p95, p99 by default)
  assert.equal(total.p95, 1669); // percentiles3.ok
  assert.equal(total.p50, 890); // percentiles1.ok
  assert.equal(total.p99, 2026); // percentiles4.ok
  const p = await chp("plot", stats, "-o", join(dir, "g.png"));
  assert.equal(p.code, 0, p.stderr);
});
