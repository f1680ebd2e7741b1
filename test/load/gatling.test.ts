/**
 * Gatling's text simulation.log, against the report Gatling made of the same run
 * (../shared/data/real/formats/gatling: abhijeet_3.7.4_simulation.log and its js/global_stats.json).
 * Count, errors, min and max equal Gatling's; the mean equals it after Gatling's rounding to whole ms;
 * the percentiles differ by definition: Gatling 3.7's percentiles1..4 are its p50, p75, p95, p99
 * (gatling.conf charting.indicators defaults) from its own interpolating estimate, chp's are
 * HdrHistogram's (3 significant digits, the highest value equivalent to the ranked one).
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { DataError } from "../../src/errors.js";
import { distributionStats } from "../../src/load/intervals.js";
import { readGatlingLog } from "../../src/load/gatling-log.js";
import { chp } from "../helpers/cli.js";
import { realData } from "../helpers/real.js";
import { tmpDir } from "../helpers/tmp.js";

/** The text in chunks of `size` bytes, as a stream gives it (records and multi-byte characters cut across chunks). */
async function* chunked(text: string | Buffer, size = 65536): AsyncIterable<Buffer> {
  const b = Buffer.from(text);
  for (let i = 0; i < b.length; i += size) yield b.subarray(i, i + size);
}

const log = join(realData, "formats/gatling/abhijeet_3.7.4_simulation.log");
const report = JSON.parse(readFileSync(join(realData, "formats/gatling/abhijeet_global_stats.json"), "utf8"));
const read = (text: string, o = {}) => readGatlingLog(chunked(text, 5), "simulation.log", o);

test("abhijeet_3.7.4_simulation.log: count, errors, min, max and mean as Gatling's global_stats.json", async () => {
  const set = await readGatlingLog(chunked(readFileSync(log), 7), "simulation.log");
  const s = distributionStats(set.total);
  assert.equal(s.count, report.numberOfRequests.ok); // 245
  assert.equal(set.totalErrors, report.numberOfRequests.ko); // 0
  assert.equal(s.min, report.minResponseTime.total); // 402
  assert.equal(s.max, report.maxResponseTime.total); // 2707 (its HdrHistogram bucket's highest equivalent value)
  assert.equal(Math.round(s.mean), report.meanResponseTime.total); // 939 (raw 939.408; chp's HdrHistogram mean 939.416)
  assert.equal(set.format, "gatling-log");
  assert.equal(set.unit, "ms");
});

test("percentiles: chp's HdrHistogram p50 equals Gatling's percentiles1; p95 and p99 differ by definition (Gatling interpolates)", async () => {
  const s = distributionStats((await readGatlingLog(chunked(readFileSync(log), 7), "simulation.log")).total);
  // the raw order statistics (nearest rank, of 245 values): p50 890, p95 1670, p99 2068
  assert.equal(s.p50, report.percentiles1.total); // 890 = 890
  assert.equal(s.p95, 1670); // Gatling percentiles3: 1669
  assert.equal(report.percentiles3.total, 1669);
  assert.equal(s.p99, 2069); // 2068's HdrHistogram bucket (unit 2 above 2047); Gatling percentiles4: 2026
  assert.equal(report.percentiles4.total, 2026);
  assert.ok(Math.abs(s.p95 - report.percentiles3.total) / report.percentiles3.total < 0.001);
  assert.ok(Math.abs(s.p99 - report.percentiles4.total) / report.percentiles4.total < 0.025);
});

test("the REQUEST layouts of Gatling 2.0 to 3.7 read alike; KO is an error; --label picks a request name", async () => {
  const t0 = 1700000000000;
  const layouts = [
    // 3.4 - 3.7: REQUEST groups name start end status message
    `RUN\tsim\tid\t${t0}\t \t3.7.4\nREQUEST\t\tget\t${t0}\t${t0 + 120}\tOK\t \nREQUEST\tg1\tpost\t${t0 + 5}\t${t0 + 305}\tKO\tstatus 500\n`,
    // 3.x with userId: REQUEST userId groups name start end status message
    `RUN\tsim\tid\t${t0}\t \t3.2.1\nREQUEST\t1\t\tget\t${t0}\t${t0 + 120}\tOK\t \nREQUEST\t2\tg1\tpost\t${t0 + 5}\t${t0 + 305}\tKO\tstatus 500\n`,
    // 2.2 - 3.0: REQUEST scenario userId groups name start end status message
    `RUN\tsim\tid\t${t0}\t \t2.2\nREQUEST\tscn\t1\t\tget\t${t0}\t${t0 + 120}\tOK\t \nREQUEST\tscn\t2\tg1\tpost\t${t0 + 5}\t${t0 + 305}\tKO\tstatus 500\n`,
    // 2.0: scenario userId REQUEST groups name reqStart reqEnd respStart respEnd status message
    `sim\tid\tRUN\t${t0}\t \t2.0\nscn\t1\tREQUEST\t\tget\t${t0}\t${t0 + 1}\t${t0 + 100}\t${t0 + 120}\tOK\t \nscn\t2\tREQUEST\tg1\tpost\t${t0 + 5}\t${t0 + 6}\t${t0 + 300}\t${t0 + 305}\tKO\tstatus 500\n`,
  ];
  for (const text of layouts) {
    const set = await read(text);
    const s = distributionStats(set.total);
    assert.equal(s.count, 1);
    assert.equal(s.max, 120);
    assert.equal(set.totalErrors, 1);
    assert.equal(set.startTime, (t0 + 120) * 1e-3); // the end, epoch ms to s
    const post = await read(text, { label: "post" });
    assert.equal(distributionStats(post.total).count, 0);
    assert.equal(post.totalErrors, 1);
  }
});

test("errors: a REQUEST record with no status after its times; skipBadRows skips it", async () => {
  const text = `RUN\tsim\tid\t1\t \t3.7.4\nREQUEST\t\tget\t1700000000000\t1700000000120\tOK\t \nREQUEST\t\tget\t1700000000000\tx\tOK\t \n`;
  await assert.rejects(read(text), (e: unknown) => e instanceof DataError && /simulation\.log:3: not a Gatling REQUEST record/.test(e.message));
  const skipped = await read(text, { skipBadRows: true });
  assert.equal(skipped.skipped?.count, 1);
  await assert.rejects(
    read(`RUN\tsim\tid\t1\t \t3.7.4\nUSER\tscn\tSTART\t1\n`),
    (e: unknown) => e instanceof DataError && /no REQUEST records/.test(e.message),
  );
});

test("chp summary and chp plot read the Gatling log with no flags", async () => {
  const r = await chp("summary", log, "--json");
  assert.equal(r.code, 0, r.stderr);
  assert.equal(JSON.parse(r.stdout).total.count, 245);
  const byLabel = await chp("summary", log, "--json", "--by-label");
  assert.equal(byLabel.code, 0, byLabel.stderr);
  // every request in one of its names' labels
  const labels = Object.values(JSON.parse(byLabel.stdout).labels) as { total: { count: number } }[];
  assert.equal(
    labels.reduce((n, l) => n + l.total.count, 0),
    245,
  );
  const plot = await chp("plot", log, "-o", join(tmpDir(), "gatling.png"));
  assert.equal(plot.code, 0, plot.stderr);
});

test("records read from their bytes: cut across chunks anywhere, CRLF, names in UTF-8, a bad record after good ones named by its line", async () => {
  const t0 = 1700000000000;
  const text = [
    `RUN\tsim\tid\t${t0}\t \t3.7.4`,
    `USER\tscn\tSTART\t${t0}`,
    `REQUEST\t\tcafé ☕\t${t0}\t${t0 + 120}\tOK\t `,
    `REQUEST\t\tget\t${t0 + 1}\t${t0 + 31}\tKO\tstatus.find.in([200, 209], 304), found 500`,
    `GROUP\tg\t${t0}\t${t0 + 40}\t40\tOK`,
    `REQUEST\tg\tget\t${t0 + 2}\t${t0 + 42}\tOK`,
    `REQUEST\t\tcafé ☕\t${t0 + 3}\t${t0 + 503}\tOK\t `,
    `USER\tscn\tEND\t${t0 + 600}`,
  ].join("\n");
  for (const eol of ["\n", "\r\n"]) {
    const crlf = text.replaceAll("\n", eol);
    for (const size of [1, 2, 3, 7, 64, 65536]) {
      const set = await readGatlingLog(chunked(crlf, size), "simulation.log");
      const s = distributionStats(set.total);
      assert.equal(s.count, 3, `chunks of ${size}`);
      assert.equal(set.totalErrors, 1, `chunks of ${size}`);
      assert.equal(s.max, 500, `chunks of ${size}`);
      const cafe = await readGatlingLog(chunked(crlf, size), "simulation.log", { label: "café ☕" });
      assert.equal(distributionStats(cafe.total).count, 2, `chunks of ${size}`);
    }
  }
  for (const [bad, why] of [
    [`REQUEST\t\tget\t${t0 + 4}\t${t0 + 50}\tMAYBE\t `, /simulation\.log:9: .*status "MAYBE" is not OK or KO/],
    [`REQUEST\t\tget\t${t0 + 50}\t${t0 + 4}\tOK\t `, /simulation\.log:9: .*it ends \(1700000000004\) before it starts \(1700000000050\)/],
    [`REQUEST\t\tget\t${t0 + 4}\t17000000000x0\tOK\t `, /simulation\.log:9: .*are not epoch milliseconds/],
    ["REQUEST", /simulation\.log:9: .*no OK\/KO status after two timestamps/],
  ] as const) {
    await assert.rejects(read(`${text}\n${bad}\n`), (e: unknown) => e instanceof DataError && why.test(e.message), bad);
  }
});

test("the Gatling log generator of scripts/ (for memory measurements): every REQUEST read, its KOs counted apart", async () => {
  const { gatlingChunks } = await import("../../scripts/gatling-log-generator.js");
  const text = [...gatlingChunks(10_000, 500)].join("");
  const requests = text.split("\n").filter((l) => l.startsWith("REQUEST\t"));
  const ko = requests.filter((l) => l.split("\t")[5] === "KO").length;
  const longest = Math.max(...requests.filter((l) => l.split("\t")[5] === "OK").map((l) => Number(l.split("\t")[4]) - Number(l.split("\t")[3])));
  const set = await readGatlingLog(chunked(text, 4096), "gen.log");
  assert.equal(requests.length, 10_000);
  assert.equal(set.total.totalCount, 10_000 - ko);
  assert.equal(set.totalErrors, ko);
  assert.ok(ko > 50 && ko < 200, `${ko}`); // ~1%
  const max = distributionStats(set.total).max;
  assert.ok(max >= longest && max - longest <= longest / 1024, `${max} vs ${longest}`); // HdrHistogram's 3 significant digits
});
