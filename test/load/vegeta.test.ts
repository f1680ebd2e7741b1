/**
 * vegeta results (hand-made in vegeta's encodings: test/fixtures/vegeta/README.md cites the source):
 * CSV and JSON of the same 20 results read alike; vegeta's own rules: success = code 200-399
 * (lib/metrics.go), completion = timestamp + latency (Result.End), latency in ns.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { DataError } from "../../src/errors.js";
import { distributionStats } from "../../src/load/intervals.js";
import { loadInputs } from "../../src/load/load-inputs.js";
import { readVegetaCsv, readVegetaJson } from "../../src/load/vegeta.js";
import { chp } from "../helpers/cli.js";
import { tmpDir } from "../helpers/tmp.js";

async function* chunked(text: string | Buffer, size = 65536): AsyncIterable<Buffer> {
  const b = Buffer.from(text);
  for (let i = 0; i < b.length; i += size) yield b.subarray(i, i + size);
}

const dir = "test/fixtures/vegeta";
const csv = readFileSync(join(dir, "results.csv"));
const json = readFileSync(join(dir, "results.json"));

test("vegeta CSV and JSON of the same results: 18 successes, 2 failures (a 500 and no response), latencies in ms", async () => {
  for (const set of [await readVegetaCsv(chunked(csv, 11), "r.csv"), await readVegetaJson(chunked(json, 13), "r.json")]) {
    const s = distributionStats(set.total, set.scale);
    assert.equal(s.count, 18);
    assert.equal(set.totalErrors, 2);
    assert.equal(set.unit, "ms");
    assert.ok(Math.abs(s.min - 7.75) < 0.01, `${s.min}`); // 7750000 ns
    assert.ok(Math.abs(s.max - 30.5) < 0.05, `${s.max}`); // the 250 ms and 1 s results failed
    // completion = start + latency: the first result (08:00:00Z, 12.345678 ms) ends 12.3 ms into the run
    assert.ok(Math.abs(set.startTime! - (1714550400 + 0.012345678)) < 1e-3, `${set.startTime}`);
  }
  const c = await readVegetaCsv(chunked(csv), "r.csv", { byLabel: true });
  assert.deepEqual(
    c.labels!.map((l) => [l.label, l.total.totalCount, l.totalErrors]),
    [
      ["http://127.0.0.1:8080/api/items", 8, 2],
      ["http://127.0.0.1:8080/api/users", 10, 0],
    ],
  );
  const users = await readVegetaJson(chunked(json), "r.json", { label: "http://127.0.0.1:8080/api/users" });
  assert.equal(users.total.totalCount, 10);
});

test("the 9-field CSV of vegeta before 12.8 (label: the attack name); sniffs tell both encodings by content", async () => {
  const old = await readVegetaCsv(chunked(readFileSync(join(dir, "results-v12.7.csv"))), "old.csv", { byLabel: true });
  assert.equal(old.total.totalCount, 6);
  assert.deepEqual(
    old.labels!.map((l) => l.label),
    ["items-and-users"],
  );
  assert.equal((await loadInputs(join(dir, "results.csv"))).format, "vegeta-csv");
  assert.equal((await loadInputs(join(dir, "results-v12.7.csv"))).format, "vegeta-csv");
  assert.equal((await loadInputs(join(dir, "results.json"))).format, "vegeta-json");
});

test("a cut or wrong result is an error naming file and line; --skip-bad-rows skips it", async () => {
  const lines = csv.toString().split("\n");
  const cut = [lines[0], lines[1].slice(0, 30), lines[2]].join("\n");
  await assert.rejects(
    readVegetaCsv(chunked(cut), "cut.csv"),
    (e: unknown) => e instanceof DataError && /^cut\.csv:2: a vegeta CSV result with 3 fields where the first had 12/.test(e.message),
  );
  const skipped = await readVegetaCsv(chunked(cut), "cut.csv", { skipBadRows: true });
  assert.equal(skipped.total.totalCount, 2);
  assert.equal(skipped.skipped?.count, 1);
  const badLatency = lines[0].replace(",12345678,", ",12.3ms,");
  await assert.rejects(
    readVegetaCsv(chunked(badLatency), "lat.csv"),
    (e: unknown) => e instanceof DataError && /^lat\.csv:1: the vegeta result's latency \(ns\) is "12\.3ms"/.test(e.message),
  );
  const jl = json.toString().split("\n");
  const cutJson = [jl[0], jl[1].slice(0, 50)].join("\n");
  await assert.rejects(
    readVegetaJson(chunked(cutJson), "cut.json"),
    (e: unknown) => e instanceof DataError && /^cut\.json:2: not a vegeta JSON result: \{"attack"/.test(e.message),
  );
  const noTime = jl[0].replace(/"timestamp":"[^"]*"/, '"timestamp":"soon"');
  await assert.rejects(
    readVegetaJson(chunked(noTime), "t.json"),
    (e: unknown) => e instanceof DataError && /^t\.json:1: the vegeta result's timestamp \(RFC 3339\) is "\\"soon\\""/.test(e.message),
  );
});

test("chp summary and plot read both encodings; CSV and JSON merge as one run", async () => {
  const out = tmpDir();
  for (const f of ["results.csv", "results.json"]) {
    const s = await chp("summary", join(dir, f), "--json");
    assert.equal(s.code, 0, s.stderr);
    assert.equal(JSON.parse(s.stdout).total.count, 18);
    const p = await chp("plot", join(dir, f), "-o", join(out, "v.png"));
    assert.equal(p.code, 0, p.stderr);
  }
  const both = await loadInputs([join(dir, "results.csv"), join(dir, "results.json")]);
  assert.equal(both.kind, "intervals");
  if (both.kind === "intervals") assert.equal(both.set.total.totalCount, 36);
});

test("CSV records read from their bytes read as the text does: any chunking, CRLF, spaces around numbers, a longer record, a quoted error", async () => {
  const want = (set: Awaited<ReturnType<typeof readVegetaCsv>>) => [set.total.totalCount, set.totalErrors, distributionStats(set.total, set.scale).max];
  const whole = want(await readVegetaCsv(chunked(csv), "r.csv"));
  assert.deepEqual(whole, [18, 2, want(await readVegetaJson(chunked(json), "r.json"))[2]]);
  const crlf = csv.toString().replaceAll("\n", "\r\n");
  for (const size of [1, 2, 5, 64]) {
    assert.deepEqual(want(await readVegetaCsv(chunked(csv, size), "r.csv")), whole, `chunks of ${size}`);
    assert.deepEqual(want(await readVegetaCsv(chunked(crlf, size), "r.csv")), whole, `CRLF, chunks of ${size}`);
  }
  const lines = csv.toString().trimEnd().split("\n");
  // spaces around the code: read as the text reader trims them
  const spaced = [...lines.slice(0, 3), lines[3].replace(",200,", ", 200 ,"), ...lines.slice(4)].join("\n");
  assert.deepEqual(want(await readVegetaCsv(chunked(spaced, 7), "r.csv")), whole);
  const longer = [...lines.slice(0, 3), `${lines[3]},x,y`, ...lines.slice(4)].join("\n");
  await assert.rejects(
    readVegetaCsv(chunked(longer, 7), "long.csv"),
    (e: unknown) => e instanceof DataError && /^long\.csv:4: a vegeta CSV result with 14 fields where the first had 12/.test(e.message),
  );
  // vegeta quotes an error holding a quote or comma: from there on the records are split as RFC 4180 CSV
  const f = lines[3].split(",");
  f[1] = "0";
  f[5] = '"Get ""http://127.0.0.1:8080/api/items"": dial tcp: connection refused, retrying"';
  const quoted = [...lines.slice(0, 3), f.join(","), ...lines.slice(4)].join("\n");
  const q = await readVegetaCsv(chunked(quoted, 9), "q.csv");
  assert.equal(q.total.totalCount + q.totalErrors, 20);
  assert.equal(q.totalErrors, 3); // the 2 of the file and this one (code 0: no response)
});
