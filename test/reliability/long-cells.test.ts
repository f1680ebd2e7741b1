/**
 * Messages quote a bounded length of what a file holds: a cell is cut to 40 characters, a name
 * (column, label, tag, model field) to 100, a list to 30 names, a reader's description of a line to
 * 200. The whole 200,000-character cell that overflows a double is never echoed.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { chp } from "../helpers/cli.js";
import { tmpDir } from "../helpers/tmp.js";
import { formatLocated } from "../../src/errors.js";
import { histogramMessage as hm, message, modelMessage as mm, reliabilityMessage as rm } from "../../src/messages.js";

const data = 3;
const usage = 2;
/** No message line may be longer than this, whatever the file holds. */
const bounded = 1000;
const huge = "9".repeat(200_000);
const put = (name: string, text: string) => {
  const file = join(tmpDir(), name);
  writeFileSync(file, text);
  return file;
};

test("long cells: an overflowing 200,000-digit cell is quoted cut to 40 characters (time series, model data)", async () => {
  const file = put("overflow.csv", `timestamp,throughput,response_ms\n1714521600,100,12.5\n1714521660,${huge},13\n1714521720,120,13.9\n`);
  const r = await chp("summary", file);
  assert.equal(r.code, data);
  const cut = `"${"9".repeat(40)}..." is not a finite number`;
  assert.equal(message.notFinite(huge), cut);
  assert.equal(r.stderr, `chp: ${formatLocated(`${cut}; ${rm.skipHint()}`, { file, line: 3, column: "throughput" })}\n`);
  assert.ok(r.stderr.length < bounded, `${r.stderr.length} characters`);
  const latencies = put("overflow-latencies.csv", `latency_ms\n1.5\n${huge}\n3\n`);
  for (const argv of [
    ["modes", latencies],
    ["export", "guesstimate", latencies, "-o", join(tmpDir(), "never.json")],
  ]) {
    const m = await chp(...argv);
    assert.equal(m.code, data);
    assert.equal(m.stderr, `chp: ${formatLocated(cut, { file: latencies, line: 3, column: "latency_ms" })}\n`);
  }
  // a negative cell of 200,000 characters that is a finite number
  const negative = `-1.${"0".repeat(200_000)}`;
  const n = await chp("summary", put("negative.csv", `timestamp,throughput,response_ms\n1714521600,100,12.5\n1714521660,110,${negative}\n`));
  assert.equal(n.code, data);
  assert.ok(n.stderr.includes(`response time -1.${"0".repeat(37)}... is negative`), n.stderr.slice(0, 300));
  assert.ok(n.stderr.length < bounded);
});

test("long cells: a 200,000-character column name is cut to 100 in the location and in lists", async () => {
  const name = "x".repeat(200_000);
  const file = put("long-name.csv", `timestamp,${name},response_ms\n1714521600,100,12.5\n1714521660,abc,13\n`);
  const r = await chp("summary", file, "--throughput-col", "2");
  assert.equal(r.code, data);
  assert.ok(r.stderr.includes(`column "${"x".repeat(100)}...": "abc" is not a number`), r.stderr.slice(0, 300));
  assert.ok(r.stderr.length < bounded, `${r.stderr.length}`);
  const u = await chp("summary", file, "--throughput-col", "nope");
  assert.equal(u.code, usage);
  assert.ok(u.stderr.length < bounded, `${u.stderr.length}`);
});

test("long cells: a 100,000-column header lists 30 columns and the count", async () => {
  const header = Array.from({ length: 100_000 }, (_, i) => `c${i}`);
  const file = put("wide.csv", `${header.join(",")}\n${header.map((_, i) => i).join(",")}\n`);
  const r = await chp("summary", file, "--throughput-col", "nope", "--response-col", "c1", "--time-col", "c0");
  assert.equal(r.code, usage, r.stderr.slice(0, 300));
  assert.equal(r.stderr, `chp: ${message.unknownColumn("--throughput-col", "nope", header)}\n`);
  assert.match(r.stderr, /"c29", \.\.\. \(100000 in all\)\n$/);
  assert.ok(r.stderr.length < bounded, `${r.stderr.length}`);
});

test("long cells: a 200,000-character JTL label and a model field name are cut", async () => {
  const label = "L".repeat(200_000);
  const jtl = put("long-label.jtl", `timeStamp,elapsed,label,responseCode,success\n1714521600000,120,${label},200,true\n1714521600100,95,home,200,true\n`);
  const r = await chp("summary", jtl, "--label", "nope");
  assert.equal(r.code, data);
  assert.equal(r.stderr, `chp: ${formatLocated(hm.noLabel("nope", [label, "home"]), { file: jtl })}\n`);
  assert.ok(r.stderr.length < bounded, `${r.stderr.length}`);
  const key = "k".repeat(200_000);
  const model = put("long-key.json", JSON.stringify({ tiers: [{ name: "db", latency: { lognormal: [2, 8] }, [key]: 1 }] }));
  const m = await chp("model", model);
  assert.equal(m.code, data);
  assert.ok(m.stderr.includes(`unknown field "${"k".repeat(100)}..."`), m.stderr.slice(0, 300));
  assert.ok(m.stderr.length < bounded, `${m.stderr.length}`);
  assert.ok(mm.duplicateName("tiers[1].name", key).length < 200);
});
