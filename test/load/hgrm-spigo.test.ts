/**
 * .hgrm percentile output and spigo histograms.
 * .hgrm golden: the Java library's own outputPercentileDistribution of the merged histogram of
 * test/load/fixtures/generated/java-1.3-absolute.hlog, text and CSV, and its statistics:
 *   java -cp /usr/share/java/hdrhistogram.jar scripts/java/HgrmWrite.java \
 *     test/load/fixtures/generated/java-1.3-absolute.hlog test/load/fixtures/generated/java-1.3-absolute 1000000 \
 *     > test/load/fixtures/golden/java-1.3-absolute.hgrm.json
 * Tolerance relative 1e-3 (the file prints values with 3 decimals); p50/p90 sit on rows of the
 * output (equal within printing precision); p99/p99.9 have no row of their own: the reader
 * gives the next row's value, an upper bound, checked to lie within 5% above Java's (2.3% here).
 * spigo: values stated in the files (their quantiles: header and row counts).
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { Readable } from "node:stream";
import { test } from "node:test";
import { DataError } from "../../src/errors.js";
import { readHgrm } from "../../src/load/hgrm.js";
import { readSpigo } from "../../src/load/spigo.js";
import { openInput } from "../../src/load/open-input.js";
import { chooseFormat } from "../../src/load/formats/registry.js";
import { inputHead } from "../../src/load/formats/head.js";

const sniffFormat = (text: string) => chooseFormat(inputHead("input", text)).id;
import { assertClose } from "../helpers/close.js";
import { realData } from "../helpers/real.js";

const real = realData;
const gen = "test/load/fixtures/generated/java-1.3-absolute";
const golden = JSON.parse(readFileSync("test/load/fixtures/golden/java-1.3-absolute.hgrm.json", "utf8")) as Record<string, number>;

for (const variant of [".hgrm", ".csv.hgrm"]) {
  test(`hgrm ${variant}: footer and percentiles against Java's outputPercentileDistribution`, async () => {
    const d = await readHgrm(openInput(gen + variant), gen + variant);
    assert.equal(d.stats.count, golden.count);
    assertClose(d.stats.max, golden.max, 1e-3, "max");
    if (variant === ".hgrm") {
      assertClose(d.stats.mean, golden.mean, 1e-3, "mean");
      assertClose(d.stats.stdDeviation, golden.stddev, 1e-3, "stddev");
      assert.deepEqual(d.derived, []);
    } else assert.deepEqual(d.derived, ["mean", "max", "count"]);
    assertClose(d.stats.p50, golden.p50, 2e-3, "p50");
    assertClose(d.stats.p90, golden.p90, 1e-3, "p90");
    for (const k of ["p99", "p999"] as const)
      assert.ok(d.stats[k]! >= golden[k] * (1 - 1e-3) && d.stats[k]! <= golden[k] * 1.05, `${k} ${d.stats[k]} vs ${golden[k]}`);
  });
}

test("hgrm: the real example with footer; the one without", async () => {
  const a = await readHgrm(openInput(`${real}/hdrhistogram/percentiles-example1.hgrm`), "a");
  assert.deepEqual(a.stats, {
    count: 475109,
    min: 0.016,
    max: 9420.8,
    mean: 25.048,
    stdDeviation: 120.097,
    p50: 11.167,
    p90: 40.671,
    p95: 127.231, // the row "127.231 0.950000 451374"
    p99: 206.207,
    p999: 1260.543,
  });
  const b = await readHgrm(openInput(`${real}/hdrhistogram/percentiles-example2.hgrm`), "b");
  assert.equal(b.stats.count, 1104769);
  assert.equal(b.stats.max, 1511.423);
  assert.ok(b.derived.includes("mean"));
});

test("spigo bucket tables: quantiles from the header, population from the rows; a truncated table", async () => {
  const c = await readSpigo(openInput(`${real}/spigo/cassandra_www00_net.csv`), "c");
  assert.equal(c.name, "cassandra.*.*..www00...www.denominator_net");
  assert.equal(c.stats.count, 637); // sum of Count
  assert.equal(c.stats.p50, 6655); // quantiles: [{50 6655} {99 20479}]
  assert.equal(c.stats.p99, 20479);
  assert.equal(c.stats.max, 278527);
  assert.equal(c.truncated, false);
  const s = await readSpigo(openInput(`${real}/spigo/storage_load00_serv_seed.txt`), "s");
  assert.equal(s.truncated, true);
  assert.equal(
    s.bins.reduce((a, b) => a + b.count, 0),
    2967,
  ); // the rows the slide shows
  assert.ok(s.stats.count > 2967 && s.stats.count < 3100, String(s.stats.count)); // from Count / Prob
  assert.equal(s.stats.p99, 139263); // beyond the last row: from the header
  assert.equal(s.stats.max, null);
  assert.equal(s.stats.p999, null);
});

test("spigo centroid format: Total: then value<TAB>dots", async () => {
  const d = await readSpigo(openInput(`${real}/spigo/netflixoss_www00_net.csv`), "n");
  assert.equal(d.format, "spigo-centroids");
  assert.equal(d.stats.count, 41);
  assert.equal(d.stats.min, 2277);
});

test("format sniffing and bad rows", async () => {
  assert.equal(sniffFormat(readFileSync(`${real}/spigo/lamp_www00_rt.csv`, "utf8")), "spigo");
  assert.equal(sniffFormat(readFileSync(`${real}/spigo/netflixoss_www00_rt.csv`, "utf8")), "spigo");
  assert.equal(sniffFormat(readFileSync(`${real}/hdrhistogram/percentiles-example2.hgrm`, "utf8")), "hgrm");
  assert.equal(sniffFormat(readFileSync(`${gen}.csv.hgrm`, "utf8")), "hgrm");
  assert.equal(sniffFormat(readFileSync("test/load/fixtures/hiccup.140623.1028.10646.hlog", "utf8")), "hlog");
  assert.equal(sniffFormat("timeStamp,elapsed,label,success\n1,2,a,true\n"), "jtl");
  assert.equal(sniffFormat("timestamp,throughput,response\n1,2,3\n"), "csv");
  await assert.rejects(
    readHgrm(Readable.from(["Value Percentile TotalCount\n1.0 0.5 x\n"]), "h.hgrm"),
    (e: unknown) => e instanceof DataError && e.location.line === 2 && /not an \.hgrm percentile row/.test(e.message),
  );
  await assert.rejects(
    readSpigo(Readable.from(["From To Count Prob Bar\n10 20 x 0.1 :\n"]), "s.csv"),
    (e: unknown) => e instanceof DataError && e.location.line === 2 && /not a spigo histogram row/.test(e.message),
  );
});
