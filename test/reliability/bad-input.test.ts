/**
 * The bad-input corpus: every file in test/fixtures/bad/ (made by
 * scripts/make-bad-fixtures.ts) and the big or binary cases made here, each with
 * the outcome a performance engineer should get: exit code 3 and one line naming
 * file, line and column and what to do, or a correct result plus a warning.
 * Every stderr line is compared in full; no case may print a stack trace.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import { gzipSync } from "node:zlib";
import { chp, type CliResult } from "../helpers/cli.js";
import { tmpDir } from "../helpers/tmp.js";
import { formatLocated } from "../../src/errors.js";
import { histogramMessage as hm, message, modelMessage as mm, reliabilityMessage as rm } from "../../src/messages.js";
import { realData } from "../helpers/real.js";

const dir = "test/fixtures/bad";
const f = (name: string) => join(dir, name);
const ok = 0;
const data = 3;
const skipHint = rm.skipHint();
/** The one stderr line of a data error. */
const err = (text: string, where: { file?: string; line?: number; column?: string | number }) => `chp: ${formatLocated(text, where)}\n`;

interface Case {
  /** The corpus file (or a made one), the command and flags. */
  argv: string[];
  code: number;
  /** The exact stderr. */
  stderr: string;
  /** Checks on stdout when the command succeeds. */
  check?: (r: CliResult) => void;
}

const summaryJson = (r: CliResult) => JSON.parse(r.stdout) as { response: Record<string, number>; throughput: Record<string, number> };
/** The values of the 5 good rows every sensible-reading fixture holds. */
const fiveRows = (r: CliResult) => {
  const s = summaryJson(r);
  assert.equal(s.throughput.n, 5);
  assert.equal(s.throughput.min, 100);
  assert.equal(s.throughput.max, 140);
  assert.equal(s.response.min, 12.5);
  assert.equal(s.response.max, 16.8);
  assert.ok(Math.abs(s.response.mean - 14.3) < 1e-12);
};

const cases: Record<string, Case> = {
  "empty file: a data error": {
    argv: ["summary", f("empty.csv")],
    code: data,
    stderr: err(message.emptyFile(), { file: f("empty.csv") }),
  },
  "header only: no data rows, line 2": {
    argv: ["summary", f("header-only.csv")],
    code: data,
    stderr: err(message.noDataRows(), { file: f("header-only.csv"), line: 2 }),
  },
  "one data row: summary works (n = 1, sd NA)": {
    argv: ["summary", f("one-row.csv"), "--json"],
    code: ok,
    stderr: "",
    check: (r) => {
      const s = summaryJson(r);
      assert.equal(s.response.n, 1);
      assert.equal(s.response.sd, null);
    },
  },
  "one data row: a headroom plot needs 2": {
    argv: ["analyze", f("one-row.csv")],
    code: data,
    stderr: err(message.tooFewRows(1, "after dropping rows with a zero or missing value"), { file: f("one-row.csv") }),
  },
  "all zeros: summary is exact": {
    argv: ["summary", f("all-zeros.csv"), "--json"],
    code: ok,
    stderr: "",
    check: (r) => assert.equal(summaryJson(r).response.max, 0),
  },
  "all zeros: nothing left to plot, says why": {
    argv: ["plot", f("all-zeros.csv"), "-o", join(tmpDir(), "zeros.svg")],
    code: data,
    stderr: err(message.tooFewRows(0, "after dropping rows with a zero or missing value"), { file: f("all-zeros.csv") }),
  },
  "constant columns: trimming at q keeps none, suggests --q 1": {
    argv: ["analyze", f("constant.csv")],
    code: data,
    stderr: err(`${message.tooFewRows(0, "after trimming at the 0.95 quantile")}; ${rm.trimmedTies(12)}`, { file: f("constant.csv") }),
  },
  "constant columns with --q 1: no fit, stated": {
    argv: ["analyze", f("constant.csv"), "--q", "1"],
    code: ok,
    stderr: "",
    check: (r) => {
      const a = JSON.parse(r.stdout);
      assert.equal(a.kept, 5);
      assert.equal(a.fit.ok, false);
      // one throughput value bounds nothing: no knee may be invented at it
      assert.equal(a.headroom.bounded, false);
      assert.equal(a.headroom.method, "lower-bound");
    },
  },
  "non-numeric cell: file, line, column, and the way out": {
    argv: ["summary", f("non-numeric.csv")],
    code: data,
    stderr: err(`${message.notANumber("12O")}; ${skipHint}`, { file: f("non-numeric.csv"), line: 4, column: "throughput" }),
  },
  "NaN and NA: missing values, left out of that column": {
    argv: ["summary", f("nan-values.csv"), "--json"],
    code: ok,
    stderr: "",
    check: (r) => {
      const s = summaryJson(r);
      assert.equal(s.throughput.n, 4);
      assert.equal(s.response.n, 4);
    },
  },
  "Infinity: not a finite number": {
    argv: ["summary", f("infinity.csv")],
    code: data,
    stderr: err(`${message.notFinite("Infinity")}; ${skipHint}`, { file: f("infinity.csv"), line: 3, column: "response_ms" }),
  },
  "negative response time: a data error": {
    argv: ["summary", f("negative-response.csv")],
    code: data,
    stderr: err(rm.negativeValue("response", "-3.2"), { file: f("negative-response.csv"), line: 3, column: "response_ms" }),
  },
  "negative throughput: a data error": {
    argv: ["plot", f("negative-throughput.csv"), "-o", join(tmpDir(), "neg.svg")],
    code: data,
    stderr: err(rm.negativeValue("throughput", "-110"), { file: f("negative-throughput.csv"), line: 3, column: "throughput" }),
  },
  "UTF-8 BOM: read as if absent": { argv: ["summary", f("bom.csv"), "--json"], code: ok, stderr: "", check: fiveRows },
  "CRLF line ends: read": { argv: ["summary", f("crlf.csv"), "--json"], code: ok, stderr: "", check: fiveRows },
  "BOM and CRLF together: read": { argv: ["summary", f("bom-crlf.csv"), "--json"], code: ok, stderr: "", check: fiveRows },
  "; with decimal commas (European export): read, with a warning": {
    argv: ["summary", f("semicolon-decimal-comma.csv"), "--json"],
    code: ok,
    stderr: `chp: ${f("semicolon-decimal-comma.csv")}: ${rm.decimalComma(2, "12,5")}\n`,
    check: fiveRows,
  },
  "quoted fields with delimiters, quotes and a newline inside": {
    argv: ["summary", f("quoted-fields.csv"), "--json"],
    code: ok,
    stderr: "",
    check: (r) => {
      const s = summaryJson(r);
      assert.equal(s.throughput.n, 4);
      assert.equal(s.throughput.max, 130);
      assert.equal(s.response.max, 15.2);
    },
  },
  "out-of-order timestamps: sorted, with a warning": {
    argv: ["analyze", f("out-of-order.csv"), "--q", "1", "--no-fit"],
    code: ok,
    stderr: `chp: ${f("out-of-order.csv")}: ${rm.outOfOrder(3, 3)}\n`,
    check: (r) => {
      // sorted by time, the throughput rises 100, 110, ..., 140 (the plot's time panel reads in order)
      const a = JSON.parse(r.stdout);
      assert.equal(a.kept, 5);
    },
  },
  "duplicate timestamps: both kept, with a warning": {
    argv: ["summary", f("duplicate-timestamps.csv"), "--json"],
    code: ok,
    stderr: `chp: ${f("duplicate-timestamps.csv")}: ${rm.duplicateTimes(1, "1714521660 (2024-05-01T00:01:00.000Z)")}\n`,
    check: (r) => assert.equal(summaryJson(r).throughput.n, 5),
  },
  "mixed timestamp formats in one column: a data error naming both": {
    argv: ["summary", f("mixed-timestamps.csv")],
    code: data,
    stderr: err(rm.mixedTimestamps("1714521720", "epoch seconds", "ISO 8601", 2), { file: f("mixed-timestamps.csv"), line: 4, column: "timestamp" }),
  },
  "mixed timestamp formats with --skip-bad-rows: the odd row skipped": {
    argv: ["summary", f("mixed-timestamps.csv"), "--skip-bad-rows", "--json"],
    code: ok,
    stderr: `chp: ${rm.skippedRows(1, f("mixed-timestamps.csv"), 4, `column "timestamp": ${rm.mixedTimestamps("1714521720", "epoch seconds", "ISO 8601", 2)}`)}\n`,
    check: (r) => assert.equal(summaryJson(r).throughput.n, 3),
  },
  "a row with a field missing": {
    argv: ["summary", f("ragged-row.csv")],
    code: data,
    stderr: err(`${message.wrongFieldCount(2, 3)}; ${skipHint}`, { file: f("ragged-row.csv"), line: 3 }),
  },
  "--skip-bad-rows: skips and counts, names the first": {
    argv: ["summary", f("bad-rows.csv"), "--skip-bad-rows", "--json"],
    code: ok,
    stderr: `chp: ${rm.skippedRows(3, f("bad-rows.csv"), 3, `column "throughput": ${message.notANumber("oops")}`)}\n`,
    check: (r) => {
      const s = summaryJson(r);
      assert.equal(s.throughput.n, 3);
      assert.deepEqual([s.throughput.min, s.throughput.max], [100, 140]);
    },
  },
  "--skip-bad-rows on plot and analyze too": {
    argv: ["analyze", f("bad-rows.csv"), "--skip-bad-rows", "--q", "1", "--no-fit"],
    code: ok,
    stderr: `chp: ${rm.skippedRows(3, f("bad-rows.csv"), 3, `column "throughput": ${message.notANumber("oops")}`)}\n`,
    check: (r) => assert.equal(JSON.parse(r.stdout).rows, 3),
  },
  "hlog with bad base64": {
    argv: ["summary", f("hlog-bad-base64.hlog")],
    code: data,
    stderr: err(`${hm.badBase64('character "!" at position 21')}; ${skipHint}`, { file: f("hlog-bad-base64.hlog"), line: 5, column: 4 }),
  },
  "hlog with bad zlib": {
    argv: ["summary", f("hlog-bad-zlib.hlog")],
    code: data,
    stderr: err(`${hm.badZlib("invalid distance too far back")}; ${skipHint}`, { file: f("hlog-bad-zlib.hlog"), line: 5, column: 4 }),
  },
  "hlog with bad zlib and --skip-bad-rows: the good interval is read": {
    argv: ["summary", f("hlog-bad-zlib.hlog"), "--skip-bad-rows", "--json"],
    code: ok,
    stderr: `chp: ${rm.skippedRows(1, f("hlog-bad-zlib.hlog"), 5, `column 4: ${hm.badZlib("invalid distance too far back")}`)}\n`,
    check: (r) => assert.equal(JSON.parse(r.stdout).total.count, 5),
  },
  "hlog with an unknown cookie": {
    argv: ["summary", f("hlog-unknown-cookie.hlog")],
    code: data,
    stderr: err(`${hm.unknownCookie("0x12345678")}; ${skipHint}`, { file: f("hlog-unknown-cookie.hlog"), line: 5, column: 4 }),
  },
  "hlog with a negative count": {
    argv: ["summary", f("hlog-negative-count.hlog")],
    code: data,
    stderr: err(`${hm.negativeCount(1000, -3)}; ${skipHint}`, { file: f("hlog-negative-count.hlog"), line: 5, column: 4 }),
  },
  "JTL without success but with responseCode: HTTP status decides (500 fails)": {
    argv: ["summary", f("jtl-no-success.jtl"), "--json"],
    code: ok,
    stderr: "",
    check: (r) => assert.equal(JSON.parse(r.stdout).total.count, 3),
  },
  "JTL with neither success nor responseCode: all successes, with a warning": {
    argv: ["summary", f("jtl-no-success-no-code.jtl"), "--json"],
    code: ok,
    stderr: `chp: ${f("jtl-no-success-no-code.jtl")}: ${rm.noSuccessColumn("jtl")}\n`,
    check: (r) => assert.equal(JSON.parse(r.stdout).total.count, 4),
  },
  "JTL with a seconds timestamp among milliseconds: a data error, not 19,826 empty days": {
    argv: ["summary", f("jtl-time-far-off.jtl")],
    code: data,
    stderr: err(rm.mixedTimestamps("1714521601", "epoch seconds", "epoch ms", 2), { file: f("jtl-time-far-off.jtl"), line: 4, column: "timeStamp" }),
  },
  "JTL with a negative elapsed": {
    argv: ["summary", f("jtl-negative-elapsed.jtl")],
    code: data,
    stderr: err(`${hm.negativeLatency(-95)}; ${skipHint}`, { file: f("jtl-negative-elapsed.jtl"), line: 3, column: "elapsed" }),
  },
  "model with a wrong type": {
    argv: ["model", f("model-wrong-types.json")],
    code: data,
    stderr: err(mm.notAProbability("tiers[0].hitRate", "40%"), { file: f("model-wrong-types.json") }),
  },
  "model hit rate above 1": {
    argv: ["model", f("model-hit-rate-above-1.json")],
    code: data,
    stderr: err(mm.notAProbability("tiers[0].hitRate", 1.4), { file: f("model-hit-rate-above-1.json") }),
  },
  "model hit rate below 0": {
    argv: ["model", f("model-hit-rate-negative.json")],
    code: data,
    stderr: err(mm.notAProbability("tiers[0].hitRate", -0.1), { file: f("model-hit-rate-negative.json") }),
  },
  "model latency not a pair": {
    argv: ["model", f("model-latency-not-array.json")],
    code: data,
    stderr: /^chp: test\/fixtures\/bad\/model-latency-not-array.json: tiers\[0\]\.latency\.lognormal: "2\.\.8" is not a pair/ as unknown as string,
  },
  "model JSON cut short": {
    argv: ["model", f("model-truncated.json")],
    code: data,
    stderr: /^chp: test\/fixtures\/bad\/model-truncated.json: not valid JSON: / as unknown as string,
  },
  "Guesstimate space with wrong types": {
    argv: ["model", f("guesstimate-wrong-types.json")],
    code: data,
    stderr: /^chp: test\/fixtures\/bad\/guesstimate-wrong-types.json: space\.graph\.metrics: / as unknown as string,
  },
  "Guesstimate space with a broken expression": {
    argv: ["model", f("guesstimate-bad-guess.json")],
    code: data,
    stderr: /^chp: test\/fixtures\/bad\/guesstimate-bad-guess.json: metric (HR|RT): / as unknown as string,
  },
  "sweep hit rate outside 0..100 percent: a usage error": {
    argv: ["model", "data/cache-model.json", "--sweep", "memcached=40%,140%"],
    code: 2,
    stderr: `chp: ${mm.badSweep("memcached=40%,140%", "140%")}\n`,
  },
};

for (const [name, c] of Object.entries(cases)) {
  test(`bad input: ${name}`, async () => {
    const r = await chp(...c.argv);
    assert.doesNotMatch(r.stderr, /internal error|\n\s+at /, "no stack trace");
    if ((c.stderr as unknown) instanceof RegExp) assert.match(r.stderr, c.stderr as unknown as RegExp);
    else assert.equal(r.stderr, c.stderr);
    assert.equal(r.code, c.code, r.stderr);
    assert.equal(r.stderr.split("\n").filter(Boolean).length <= 1, true, "one line per message");
    if (c.check) c.check(r);
  });
}

test("bad input: every corpus file has a case", () => {
  const used = new Set(Object.values(cases).flatMap((c) => c.argv.filter((a) => a.startsWith(dir)).map((a) => a.slice(dir.length + 1))));
  const files = readdirSync(dir).filter((n) => n !== "README.md");
  assert.deepEqual(
    files.filter((n) => !used.has(n)),
    [],
  );
});

// Made at test time: too big or too binary to commit.
test("bad input: a 10 MB single line is refused at 1 MiB, quickly", async () => {
  const file = join(tmpDir(), "one-line.csv");
  writeFileSync(file, "12.5,".repeat(2 * 1024 * 1024));
  const t0 = performance.now();
  const r = await chp("summary", file);
  assert.equal(r.stderr, err(rm.lineTooLong("1 MiB"), { file, line: 1 }));
  assert.equal(r.code, data);
  assert.ok(performance.now() - t0 < 5000);
});

test("bad input: binary garbage (with and without a NUL) is not text", async () => {
  for (const [name, bytes] of [
    ["garbage.csv", randomBytes(8192)],
    ["high-bytes.csv", Buffer.from(Array.from({ length: 8192 }, (_, i) => 0x80 + (i % 0x7f)))],
  ] as const) {
    const file = join(tmpDir(), name);
    writeFileSync(file, bytes);
    const r = await chp("summary", file);
    assert.match(
      r.stderr,
      new RegExp(`^chp: ${file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:1: (the start|character \\d+) is not text: this looks like a binary file`),
    );
    assert.equal(r.code, data);
  }
});

test("bad input: a truncated gzip (time series, JTL, hlog) names the damage", async () => {
  const sources = [f("crlf.csv"), f("jtl-no-success.jtl"), `${realData}/hdrhistogram/tagged.logV2.hlog`];
  for (const src of sources) {
    let text: Buffer;
    try {
      text = readFileSync(src);
    } catch {
      continue;
    }
    const gz = gzipSync(text);
    const file = join(tmpDir(), src.split("/").pop()! + ".gz");
    writeFileSync(file, gz.subarray(0, gz.length - 12));
    const r = await chp("summary", file);
    assert.equal(r.stderr, `chp: ${message.cannotRead(file, rm.badGzip("unexpected end of file"))}\n`, src);
    assert.equal(r.code, data);
  }
});

test("bad input: a whole gzip time series is read (the .gz path reaches the CSV loader)", async () => {
  const file = join(tmpDir(), "crlf.csv.gz");
  writeFileSync(file, gzipSync(readFileSync(f("crlf.csv"))));
  const r = await chp("summary", file, "--json");
  assert.equal(r.code, 0, r.stderr);
  fiveRows(r);
});

test("bad input: every row bad with --skip-bad-rows is still a data error", async () => {
  const file = join(tmpDir(), "all-bad.csv");
  writeFileSync(file, "timestamp,throughput,response_ms\n1,x,2\n2,y,3\n");
  const r = await chp("summary", file, "--skip-bad-rows");
  assert.equal(r.stderr, err(rm.allRowsBad(2, 2, `column "throughput": ${message.notANumber("x")}`), { file }));
  assert.equal(r.code, data);
});
