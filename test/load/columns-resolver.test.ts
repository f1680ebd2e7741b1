/**
 * One column resolver for every reader: a column the user names that the header lacks is a
 * UsageError (exit 2) whose message lists the columns (message.unknownColumn); a column no
 * name lets the reader detect is a DataError (exit 3); a 1-based number picks by position.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { Readable } from "node:stream";
import { DataError, UsageError } from "../../src/errors.js";
import { detectColumn, resolveColumn } from "../../src/load/columns.js";
import { readRequestLog } from "../../src/load/request-log.js";
import { loadTimeSeries } from "../../src/load/time-series.js";
import { message } from "../../src/messages.js";
import { parseModel } from "../../src/model/parse-model.js";
import { readLatencies } from "../../src/model/read-latencies.js";
import { tmpFile } from "../helpers/tmp.js";

const seriesText = "timestamp,throughput,p50_ms,p99_ms\n1714521600,10,100,190\n1714521660,20,120,210\n1714521720,30,150,260\n";
const seriesHeader = ["timestamp", "throughput", "p50_ms", "p99_ms"];
const logText = "timeStamp,elapsed,label,success\n1700000000000,120,GET /,true\n1700000000500,80,GET /,true\n1700000001000,95,GET /,false\n";
const logHeader = ["timeStamp", "elapsed", "label", "success"];
const latencyText = "id,latency_ms\n1,12\n2,15\n3,11\n";
const latencyHeader = ["id", "latency_ms"];

/** A reader, asked for one column by name or number; returns the name of the column it read. */
interface Reader {
  name: string;
  flag: string;
  header: readonly string[];
  /** A header-only file with no column named like the role (detection fails). */
  undetectable: () => Promise<unknown>;
  read: (column: string | number) => Promise<string>;
}

const readers: Reader[] = [
  {
    name: "time series (loadTimeSeries --response-col)",
    flag: "--response-col",
    header: seriesHeader,
    undetectable: () => loadTimeSeries(tmpFile("undetectable.csv", "timestamp,throughput,foo\n1,2,3\n2,3,4\n")),
    read: async (column) => {
      const ts = await loadTimeSeries(tmpFile("series.csv", seriesText), { responseCol: String(column) });
      return ts.columns.response;
    },
  },
  {
    name: "request log (readRequestLog --response-col)",
    flag: "--response-col",
    header: logHeader,
    undetectable: () => readRequestLog(Readable.from(["when,foo\n1700000000,3\n"]), "log.csv"),
    read: async (column) => {
      // Which column was read, from the values recorded: elapsed's are 80 to 120 ms, any other's are not.
      const set = await readRequestLog(Readable.from([logText]), "run.jtl", { responseCol: String(column), interval: 1 });
      const max = Math.max(...set.intervals.filter((s) => s.count > 0).map((s) => s.max));
      return max > 119 && max < 121 ? "elapsed" : "another column";
    },
  },
  {
    name: "latencies (readLatencies --column)",
    flag: "--column",
    header: latencyHeader,
    undetectable: () => readLatencies(tmpFile("undetectable-latency.csv", "id,foo\n1,2\n")),
    read: async (column) => (await readLatencies(tmpFile("latency.csv", latencyText), { column })).column,
  },
];

for (const r of readers) {
  test(`${r.name}: an unknown column name is a UsageError (exit 2) listing the columns`, async () => {
    await assert.rejects(r.read("nope"), (e: unknown) => {
      assert.ok(e instanceof UsageError, String(e));
      assert.equal(e.exitCode, 2);
      assert.equal(e.message, message.unknownColumn(r.flag, "nope", r.header));
      return true;
    });
  });

  test(`${r.name}: a column number past the last is the same UsageError`, async () => {
    const past = String(r.header.length + 1);
    await assert.rejects(r.read(past), (e: unknown) => e instanceof UsageError && e.message === message.unknownColumn(r.flag, past, r.header));
  });

  test(`${r.name}: a name in another case, and a 1-based number, pick the column`, async () => {
    const target = r.name.startsWith("request") ? "elapsed" : r.header.at(-1)!;
    const index = r.header.indexOf(target);
    assert.equal(await r.read(target.toUpperCase()), target);
    assert.equal(await r.read(String(index + 1)), target);
    assert.notEqual(await r.read(String(index)), target); // the column before it is another
  });

  test(`${r.name}: no column named like the role is a DataError (exit 3)`, async () => {
    await assert.rejects(r.undetectable(), (e: unknown) => e instanceof DataError && e.exitCode === 3);
  });
}

test("readLatencies: a column number given as a number picks by position; one out of range is the UsageError", async () => {
  const file = tmpFile("latency-number.csv", latencyText);
  assert.equal((await readLatencies(file, { column: 2 })).column, "latency_ms");
  for (const bad of [0, 3, 1.5]) {
    await assert.rejects(
      readLatencies(file, { column: bad }),
      (e: unknown) => e instanceof UsageError && e.message === message.unknownColumn("--column", String(bad), latencyHeader),
    );
  }
});

test("a model file naming a column its data file lacks is the model file's DataError, naming the field", async () => {
  tmpFile("model-data.csv", latencyText);
  const json = { tiers: [{ name: "disk", latency: { data: "model-data.csv", column: "nope" } }] };
  const model = tmpFile("model.json", JSON.stringify(json));
  await assert.rejects(parseModel(json, { file: model }), (e: unknown) => {
    assert.ok(e instanceof DataError, String(e));
    assert.match(
      e.message,
      /tiers\[0\]\.latency\.data: cannot use model-data\.csv: tiers\[0\]\.latency\.column "nope": no such column; the columns are "id", "latency_ms"/,
    );
    return true;
  });
});

test("resolveColumn: exact name first, then any case; digits name a column before they number one", () => {
  assert.equal(resolveColumn(["Latency", "latency"], "latency", "--c"), 1);
  assert.equal(resolveColumn(["Latency", "x"], "LATENCY", "--c"), 0);
  assert.equal(resolveColumn(["a", "1"], "1", "--c"), 1);
  assert.equal(resolveColumn(["a", "1"], "2", "--c"), 1);
  assert.equal(resolveColumn(["a", "b"], 1, "--c"), 0);
  assert.throws(
    () => resolveColumn([], "a", "--c"),
    (e: unknown) => e instanceof UsageError && e.message === message.unknownColumn("--c", "a", []),
  );
});

test("detectColumn: the highest score, the earliest of equals, never an avoided column; -1 when none scores", () => {
  const score = (h: string) => (({ a: 1, b: 2, c: 2 }) as Record<string, number>)[h] ?? 0;
  assert.equal(detectColumn(["a", "b", "c"], score), 1);
  assert.equal(detectColumn(["a", "b", "c"], score, [1]), 2);
  assert.equal(detectColumn(["x", "y"], score), -1);
});
