import { test } from "node:test";
import assert from "node:assert/strict";
import { Readable } from "node:stream";
import { loadTimeSeries, readTimeSeries } from "../../src/load/time-series.js";
import { chooseColumns, unitFromName, rateUnitFromName } from "../../src/load/columns.js";
import { parseIsoSeconds, parseNumberCell, epochUnitOf } from "../../src/load/parse-cell.js";
import { detectDelimiter } from "../../src/load/delimiter.js";
import { DataError, UsageError } from "../../src/errors.js";
import { message } from "../../src/messages.js";
import { tmpFile } from "../helpers/tmp.js";

const fromText = (text: string, name = "mem.csv", opts = {}) => readTimeSeries(Readable.from([text]), name, opts);

test("loads the bundled sample: epoch seconds, detected columns, unit from the name", async () => {
  const ts = await loadTimeSeries("data/web-steady.csv");
  assert.equal(ts.rows, 1440);
  assert.deepEqual(ts.columns, { time: "timestamp", throughput: "throughput", response: "response_ms" });
  assert.equal(ts.units.response, "ms");
  assert.equal(ts.units.time, "s");
  assert.ok(ts.time instanceof Float64Array && ts.throughput instanceof Float64Array);
  assert.equal(ts.time![1] - ts.time![0], 60);
});

test("TSV with ISO 8601 times and a p95_ms column", async () => {
  const ts = await loadTimeSeries("data/api-latency.tsv");
  assert.equal(ts.delimiter, "\t");
  assert.deepEqual(ts.columns, { time: "time", throughput: "rps", response: "p95_ms" });
  assert.equal(ts.units.time, "iso");
  assert.equal(ts.time![0], Date.UTC(2024, 4, 3, 9) / 1000);
  assert.equal(ts.units.throughput, "req/s");
});

test("epoch milliseconds are read as seconds", async () => {
  const ts = await loadTimeSeries("data/lock-contention.csv");
  assert.equal(ts.units.time, "ms");
  assert.equal(ts.time![0], Date.UTC(2024, 4, 2) / 1000);
});

test("a time column is optional; columns can be named by flag, by name or number", async () => {
  const text = "a,b,c\n1,2,3\n4,5,6\n";
  const ts = await fromText(text, "abc.csv", { throughputCol: "B", responseCol: "3" });
  assert.equal(ts.time, null);
  assert.deepEqual([...ts.throughput], [2, 5]);
  assert.deepEqual([...ts.response], [3, 6]);
});

test("semicolon and pipe delimiters, CRLF line ends, a UTF-8 BOM and quoted headers", async () => {
  const ts = await fromText('\uFEFF"ts";"tps";"latency"\r\n1;10;0.5\r\n2;20;0.7\r\n');
  assert.equal(ts.delimiter, ";");
  assert.deepEqual([...ts.throughput], [10, 20]);
  const p = await fromText("x|y\n1|2\n");
  assert.equal(p.delimiter, "|");
  assert.deepEqual([...p.response], [2]);
});

test("empty and NA cells become NaN (missing), not zero", async () => {
  const ts = await fromText("x,y\n1,\nNA,2\n3,4\n");
  assert.ok(Number.isNaN(ts.response[0]) && Number.isNaN(ts.throughput[1]));
  assert.equal(ts.throughput[2], 3);
});

test("errors name the file, line and column", async () => {
  await assert.rejects(fromText("x,y\n1,2\n3,abc\n", "bad.csv"), (e: unknown) => {
    assert.ok(e instanceof DataError);
    assert.equal(e.message, `bad.csv:3: column "y": ${message.notANumber("abc")}`);
    assert.deepEqual(e.location, { file: "bad.csv", line: 3, column: "y" });
    return true;
  });
  await assert.rejects(fromText("x,y\n1,2\n3,Inf\n", "inf.csv"), /inf.csv:3: column "y": "Inf" is not a finite number/);
  await assert.rejects(fromText("time,x,y\n2024-01-01,1,2\nyesterday,1,2\n", "t.csv"), /t.csv:3: column "time": "yesterday" is not a timestamp/);
  await assert.rejects(fromText("x,y\n1,2\n3,4,5\n", "n.csv"), /n.csv:3: the row has 3 fields but the header has 2/);
});

test("no header, no data rows, missing file, empty file, unknown column", async () => {
  await assert.rejects(fromText("1,2\n3,4\n", "nohead.csv"), /nohead.csv:1: no header row/);
  await assert.rejects(fromText("x,y\n", "head.csv"), new RegExp(`head.csv:2: ${message.noDataRows()}`));
  await assert.rejects(loadTimeSeries("does/not/exist.csv"), new RegExp(message.fileNotFound("does/not/exist.csv")));
  await assert.rejects(loadTimeSeries(tmpFile("empty.csv", "")), /empty.csv: the file is empty/);
  await assert.rejects(fromText("x,y\n1,2\n", "u.csv", { responseCol: "lat" }), (e: unknown) => {
    assert.ok(e instanceof UsageError);
    assert.equal(e.message, message.unknownColumn("--response-col", "lat", ["x", "y"]));
    return true;
  });
  await assert.rejects(fromText("foo,bar\n1,2\n", "f.csv"), /f.csv:1: cannot tell which column holds response/);
});

test("column detection by alias, whole names before words, never one column twice", () => {
  assert.deepEqual(chooseColumns(["timestamp", "throughput", "response"]), { time: 0, throughput: 1, response: 2 });
  assert.deepEqual(chooseColumns(["ts", "rps", "latency_ms"]), { time: 0, throughput: 1, response: 2 });
  assert.deepEqual(chooseColumns(["date", "ops_per_sec", "svc_t"]), { time: 0, throughput: 1, response: 2 });
  assert.deepEqual(chooseColumns(["x", "y"]), { time: undefined, throughput: 0, response: 1 });
  assert.deepEqual(chooseColumns(["elapsed", "tps"]), { time: undefined, throughput: 1, response: 0 });
  assert.deepEqual(chooseColumns(["t", "x", "y"], { responseCol: "x", throughputCol: "y" }), { time: 0, throughput: 2, response: 1 });
});

test("units from column names", () => {
  assert.equal(unitFromName("latency_ms"), "ms");
  assert.equal(unitFromName("Response Time (us)"), "us");
  assert.equal(unitFromName("resp_µs"), "us");
  assert.equal(unitFromName("response"), undefined);
  assert.equal(rateUnitFromName("ops_per_sec"), "ops/s");
  assert.equal(rateUnitFromName("per_sec"), "/s");
  assert.equal(rateUnitFromName("qps"), "queries/s");
  assert.equal(rateUnitFromName("rpm"), "/min");
  assert.equal(rateUnitFromName("throughput"), undefined);
});

test("strict number cells: no hex, no empty-as-zero", () => {
  assert.deepEqual(parseNumberCell("1.5e3"), { kind: "number", value: 1500 });
  assert.deepEqual(parseNumberCell(" -.5 "), { kind: "number", value: -0.5 });
  assert.equal(parseNumberCell("0x10").kind, "invalid");
  assert.equal(parseNumberCell("").kind, "missing");
  assert.equal(parseNumberCell("NaN").kind, "missing");
  assert.equal(parseNumberCell("-Infinity").kind, "infinite");
  assert.equal(parseNumberCell("1,5").kind, "invalid");
});

test("ISO 8601 timestamps: zones, fractions, no zone read as UTC, invalid rejected", () => {
  assert.equal(parseIsoSeconds("2024-05-01T12:00:00Z"), Date.UTC(2024, 4, 1, 12) / 1000);
  assert.equal(parseIsoSeconds("2024-05-01 12:00:00"), Date.UTC(2024, 4, 1, 12) / 1000);
  assert.equal(parseIsoSeconds("2024-05-01T12:00:00.250+02:00"), Date.UTC(2024, 4, 1, 10) / 1000 + 0.25);
  assert.equal(parseIsoSeconds("2024-05-01"), Date.UTC(2024, 4, 1) / 1000);
  assert.ok(Number.isNaN(parseIsoSeconds("2024-13-01")));
  assert.ok(Number.isNaN(parseIsoSeconds("May 1 2024")));
  assert.equal(epochUnitOf(1714521600), "s");
  assert.equal(epochUnitOf(1714521600000), "ms");
  assert.equal(epochUnitOf(1714521600000000), "us");
  assert.equal(epochUnitOf(3), "s");
});

test("delimiter detection ignores delimiters inside quotes", () => {
  assert.equal(detectDelimiter('"a,b";c;d'), ";");
  assert.equal(detectDelimiter("a\tb,c\td"), "\t");
  assert.equal(detectDelimiter("single"), ",");
});

test("streams a large file: 200,000 rows", async () => {
  const n = 200_000;
  const lines = ["t,x,y"];
  for (let i = 0; i < n; i++) lines.push(`${i},${i % 1000},${(i % 97) / 10}`);
  const ts = await loadTimeSeries(tmpFile("big.csv", lines.join("\n")));
  assert.equal(ts.rows, n);
  assert.equal(ts.throughput[n - 1], (n - 1) % 1000);
  assert.equal(ts.response[n - 1], ((n - 1) % 97) / 10);
});
