import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { chp } from "../helpers/cli.js";
import { message } from "../../src/messages.js";
import { tmpFile } from "../helpers/tmp.js";

const usageCode = 2;
const dataCode = 3;

test("--help and --version", async () => {
  const help = await chp("--help");
  assert.equal(help.code, 0);
  assert.match(help.stdout, /chp summary FILE/);
  assert.match(help.stdout, /Exit codes/);
  const v = await chp("--version");
  assert.equal(v.code, 0);
  assert.match(v.stdout, /^\d+\.\d+\.\d+\n$/);
  const none = await chp();
  assert.equal(none.code, usageCode);
});

// Table-driven: argv -> exit code and the one line on stderr.
const failures: { argv: string[]; code: number; stderr: RegExp }[] = [
  { argv: ["frobnicate"], code: usageCode, stderr: /^chp: unknown command "frobnicate"/ },
  { argv: ["summary"], code: usageCode, stderr: /^chp: missing FILE; usage: chp summary FILE/ },
  { argv: ["summary", "a.csv", "b.csv"], code: 3, stderr: /^chp: no such file: a.csv/ },
  { argv: ["summary", "data/web-steady.csv", "--bogus"], code: usageCode, stderr: /^chp: unknown option --bogus \(see chp summary --help\)\n$/ },
  { argv: ["summary", "data/web-steady.csv", "--response-col"], code: usageCode, stderr: /^chp: Option '--response-col <value>' argument missing/ },
  { argv: ["summary", "missing.csv"], code: dataCode, stderr: new RegExp(`^chp: ${message.fileNotFound("missing.csv")}\n$`) },
  {
    argv: ["summary", "data/web-steady.csv", "--response-col", "nope"],
    code: usageCode,
    stderr: /^chp: --response-col "nope": no such column; the columns are "timestamp", "throughput", "response_ms"\n$/,
  },
  { argv: ["summary", "package.json"], code: dataCode, stderr: /^chp: package.json:1: / },
];

for (const { argv, code, stderr } of failures) {
  test(`chp ${argv.join(" ")} -> exit ${code}, one clear line`, async () => {
    const r = await chp(...argv);
    assert.equal(r.code, code);
    assert.match(r.stderr, stderr);
    assert.equal(r.stderr.trim().split("\n").length, 1, "exactly one line, no stack trace");
    assert.equal(r.stdout, "");
  });
}

test("bad data files: no header, no numeric column, a bad cell", async () => {
  const noHeader = await chp("summary", tmpFile("nohead.csv", "1,2,3\n4,5,6\n"));
  assert.equal(noHeader.code, dataCode);
  assert.match(noHeader.stderr, /nohead.csv:1: no header row/);
  const words = await chp("summary", tmpFile("words.csv", "throughput,response\nfast,slow\n"));
  assert.equal(words.code, dataCode);
  assert.match(words.stderr, /words.csv:2: column "throughput": "fast" is not a number/);
  const noNumbers = await chp("summary", tmpFile("empty-cols.csv", "throughput,response\n,\nNA,NA\n"));
  assert.equal(noNumbers.code, dataCode);
  assert.match(noNumbers.stderr, /empty-cols.csv: column "throughput" has no numeric value/);
});

test("summary prints an R-style table", async () => {
  const r = await chp("summary", "data/web-steady.csv");
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^data\/web-steady.csv: 1440 rows; time "timestamp" \(epoch s\)/);
  for (const row of ["n", "Min.", "1st Qu.", "Median", "Mean", "3rd Qu.", "Max.", "sd", "mean+2sd", "p90", "p95", "p99", "p99.9"]) {
    assert.match(r.stdout, new RegExp(`^${row.replace(/[.+]/g, "\\$&")}\\s`, "m"));
  }
  assert.match(r.stdout, /response_ms \(ms\)/);
});

test("summary --json has exactly the documented keys", async () => {
  const r = await chp("summary", "data/web-steady.csv", "--json");
  assert.equal(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  assert.deepEqual(Object.keys(j), ["response", "throughput"]);
  const keys = ["n", "min", "q1", "median", "mean", "q3", "max", "p90", "p95", "p99", "p999", "sd"];
  assert.deepEqual(Object.keys(j.response), keys);
  assert.deepEqual(Object.keys(j.throughput), keys);
  assert.equal(j.response.n, 1440);
});

test("the built executable runs (dist/cli/main.js)", { skip: !existsSync("dist/cli/main.js") && "dist/ not built (npm run build)" }, () => {
  const ok = spawnSync(process.execPath, ["dist/cli/main.js", "summary", "data/lock-contention.csv", "--json"], { encoding: "utf8" });
  assert.equal(ok.status, 0, ok.stderr);
  assert.equal(JSON.parse(ok.stdout).throughput.n, 720);
  const bad = spawnSync(process.execPath, ["dist/cli/main.js", "summary", "nope.csv"], { encoding: "utf8" });
  assert.equal(bad.status, dataCode);
  assert.equal(bad.stderr, `chp: ${message.fileNotFound("nope.csv")}\n`);
});
