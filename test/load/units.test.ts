import { test } from "node:test";
import assert from "node:assert/strict";
import {
  durationUnitSeconds,
  parseDuration,
  parseResponseTime,
  parseTimeUnit,
  responseUnitSeconds,
  timeUnitSeconds,
  unitFromColumnName,
} from "../../src/load/units.js";

// The parsers units.ts replaced, copied as they were, as oracles: wherever one accepted a text,
// the new parser gives the same value, bit for bit.
const oldSeconds: Record<string, number> = { ns: 1e-9, us: 1e-6, ms: 1e-3, s: 1, sec: 1, min: 60 };
function oldSla(raw: string, responseSeconds: number): number | null {
  const m = /^\s*([0-9]*\.?[0-9]+(?:e[-+]?[0-9]+)?)\s*(ns|us|µs|ms|s|sec|min)?\s*$/i.exec(raw);
  const v = m ? Number(m[1]) : NaN;
  if (!m || !(v > 0) || !Number.isFinite(v)) return null;
  if (!m[2]) return v;
  return (v * oldSeconds[m[2].toLowerCase().replace("µ", "u")]) / responseSeconds;
}
function oldDuration(raw: string): number | null {
  const m = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*(ms|s|m|min|h)?\s*$/.exec(raw);
  if (!m) return null;
  const v = Number(m[1]) * ({ ms: 1e-3, s: 1, m: 60, min: 60, h: 3600 } as Record<string, number>)[m[2] ?? "s"];
  return v > 0 ? v : null;
}
function oldFlagUnit(raw: string): string | null {
  const u = raw.trim().toLowerCase().replace("µs", "us");
  return Object.hasOwn(timeUnitSeconds, u) ? u : null;
}

const numbers = ["250", "0.25", ".5", "1e3", "2.5E-2", "0", "-1", "1e400", "", " 7 "];
const suffixes = [
  "",
  "ns",
  "us",
  "µs",
  "μs",
  "ms",
  "MS",
  "s",
  "S",
  "sec",
  "Sec",
  "secs",
  "seconds",
  "min",
  "minutes",
  "m",
  "h",
  "H",
  "msec",
  "millis",
  "usec",
  "micros",
  "nanos",
  "x",
  "ems",
  " ms",
  "ms ",
  "hours",
];
const texts = numbers.flatMap((n) => suffixes.map((s) => n + s));

test("parseResponseTime: the old --sla value wherever the old parser accepted the text; null for what neither reads", () => {
  for (const rs of [1e-3, 1, 1e-6]) {
    for (const t of texts) {
      const old = oldSla(t, rs);
      const now = parseResponseTime(t, rs);
      if (old !== null && !Number.isNaN(old)) assert.equal(now, old, t);
      if (now === null) assert.ok(old === null || Number.isNaN(old), t);
    }
  }
  assert.equal(parseResponseTime("250ms", 1e-3), 250);
  assert.equal(parseResponseTime("0.25s", 1e-3), 250);
  assert.equal(parseResponseTime("250", 1), 250);
  assert.equal(parseResponseTime("250 msec", 1), 0.25);
  assert.equal(parseResponseTime("250μs", 1e-3), parseResponseTime("250µs", 1e-3)); // Greek mu as well as the micro sign
  for (const bad of ["", "ms", "0", "-5ms", "1e400", "250m", "250 h", "250 bogus", "constructor"]) assert.equal(parseResponseTime(bad, 1), null, bad);
});

test("parseDuration: the old --interval value wherever the old parser accepted the text; lower-case units only", () => {
  for (const t of texts) {
    const old = oldDuration(t);
    const now = parseDuration(t);
    if (old !== null) assert.equal(now, old, t);
  }
  assert.deepEqual(["10s", "500ms", "1m", "1min", "2h", "30", "10sec", "2 minutes", "500us"].map(parseDuration), [10, 0.5, 60, 60, 7200, 30, 10, 120, 500e-6]);
  for (const bad of ["", "0", "0s", "1e3", "10S", "-1", "1 x", "5 hours", "toString"]) assert.equal(parseDuration(bad), null, bad);
});

test("parseTimeUnit: the old --unit/--input-unit set, and the other spellings of ns, us, ms and s; never minutes", () => {
  for (const s of suffixes) {
    const old = oldFlagUnit(s);
    if (old !== null) assert.equal(parseTimeUnit(s), old, s);
  }
  assert.deepEqual(["ns", "US", "µs", "μs", " ms ", "msec", "millis", "s", "sec", "seconds"].map(parseTimeUnit), [
    "ns",
    "us",
    "us",
    "us",
    "ms",
    "ms",
    "ms",
    "s",
    "s",
    "s",
  ]);
  for (const bad of ["min", "minutes", "m", "h", "", "constructor", "toString"]) assert.equal(parseTimeUnit(bad), null, bad);
});

test("unitFromColumnName: the last word that spells a unit", () => {
  assert.equal(unitFromColumnName("latency_ms"), "ms");
  assert.equal(unitFromColumnName("Response Time (usec)"), "us");
  assert.equal(unitFromColumnName("resp_µs"), "us");
  assert.equal(unitFromColumnName("p99_millis"), "ms");
  assert.equal(unitFromColumnName("wait_minutes"), "min");
  assert.equal(unitFromColumnName("ms_to_s"), "s");
  assert.equal(unitFromColumnName("response"), undefined);
  assert.equal(unitFromColumnName("response_constructor"), undefined);
});

test("responseUnitSeconds: the unit's seconds, else milliseconds assumed", () => {
  for (const u of ["ns", "us", "ms", "s", "sec", "min"]) assert.deepEqual(responseUnitSeconds(u), { seconds: oldSeconds[u], assumed: false });
  assert.deepEqual(responseUnitSeconds("min"), { seconds: durationUnitSeconds.min, assumed: false });
  assert.deepEqual(responseUnitSeconds(undefined), { seconds: 1e-3, assumed: true });
  assert.deepEqual(responseUnitSeconds(null), { seconds: 1e-3, assumed: true });
  assert.deepEqual(responseUnitSeconds("req/s"), { seconds: 1e-3, assumed: true });
  assert.deepEqual(responseUnitSeconds("constructor"), { seconds: 1e-3, assumed: true });
});

test("a unit in a column name: the micro sign and the Greek mu both read as microseconds", async () => {
  const { unitFromColumnName } = await import("../../src/load/units.js");
  assert.equal(unitFromColumnName("latency_\u00b5s"), "us");
  assert.equal(unitFromColumnName("latency_\u03bcs"), "us");
  assert.equal(unitFromColumnName("latency_ms"), "ms");
});
