/**
 * Guesstimate's text formats, read as its formatters read them (guesstimate-app
 * src/lib/guesstimator/formatter; ../shared/GUESSTIMATE.md section 2), the API's unwrapped space,
 * and the statistics Guesstimate displays (src/lib/engine/simulation.ts `addStats`).
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { guesstimateDisplayStats } from "../../src/model/guesstimate/display-stats.js";
import { formatGuess } from "../../src/model/guesstimate/formatter.js";
import { evaluateSpace, isSpace, parseSpace } from "../../src/model/guesstimate/import.js";
import { realData } from "../helpers/real.js";

const read = (text: string, type = "", data: number[] | null = null) => formatGuess(text, type, data);
const guess = (text: string, type = "") => {
  const f = read(text, type);
  assert.equal(f.error, null, `${text}: ${f.error}`);
  return f.guess;
};

test("ranges: a to b, a..b, a->b, a:b and [a, b]; LOGNORMAL when low > 0, else NORMAL; a stored UNIFORM or NORMAL kept", () => {
  for (const text of ["1 to 3", "1..3", "1->3", "1:3", "[1, 3]", "[1,3]", " 1 .. 3 "])
    assert.deepEqual(guess(text), { kind: "lognormal", low: 1, high: 3 }, text);
  assert.deepEqual(guess("-1 to 3"), { kind: "normal", low: -1, high: 3 });
  // a stored LOGNORMAL with low 0 is sampled NORMAL; stored POINT / NONE / FUNCTION with range text too
  assert.deepEqual(guess("[0, 10]", "LOGNORMAL"), { kind: "normal", low: 0, high: 10 });
  assert.deepEqual(guess("[1, 10]", "POINT"), { kind: "lognormal", low: 1, high: 10 });
  assert.deepEqual(guess("[1, 10]", "NONE"), { kind: "lognormal", low: 1, high: 10 });
  assert.deepEqual(guess("[1, 10]", "UNIFORM"), { kind: "uniform", low: 1, high: 10 });
  assert.deepEqual(guess("[1, 10]", "NORMAL"), { kind: "normal", low: 1, high: 10 });
  assert.equal(read("[5, 1]").error, "The low number should come first");
});

test("numbers: suffixes % K M B T, 1,000 grouping, decimals; no exponent notation; only the first comma is removed (with a warning)", () => {
  assert.deepEqual(guess("5K"), { kind: "point", value: 5000 });
  assert.deepEqual(guess("2.5M"), { kind: "point", value: 2.5e6 });
  assert.deepEqual(guess("1 B"), { kind: "point", value: 1e9 });
  assert.deepEqual(guess("3T"), { kind: "point", value: 3e12 });
  assert.deepEqual(guess("50%"), { kind: "point", value: 0.5 });
  assert.deepEqual(guess(".5"), { kind: "point", value: 0.5 });
  assert.deepEqual(guess("-7"), { kind: "point", value: -7 });
  assert.deepEqual(guess("1K to 2K"), { kind: "lognormal", low: 1000, high: 2000 });
  assert.deepEqual(guess("1,000"), { kind: "point", value: 1000 });
  const f = read("1,000,000");
  // parseFloat("1000,000") = 1000 in Guesstimate (lib.ts parseNumber).
  assert.deepEqual(f.guess, { kind: "point", value: 1000 });
  assert.match(f.warnings[0], /"1,000,000" reads as 1000: Guesstimate removes only the first comma/);
  for (const text of ["1e6", "1e-7", "2E+21", "[1e-7, 5e-7]", "abc", "1 2"]) assert.equal(read(text).error, "Improper syntax", text);
  assert.deepEqual(guess(""), { kind: "none" });
});

test("a of b is BETA; = text is a FUNCTION whatever the stored type, also over DATA; DATA only with type DATA and no text", () => {
  assert.deepEqual(guess("3 of 10"), { kind: "beta", hits: 3, total: 10 });
  assert.deepEqual(guess("3 in 10"), { kind: "beta", hits: 3, total: 10 });
  assert.deepEqual(read("=1+1", "DATA", [1, 2, 3]).guess, { kind: "function", body: "1+1" });
  assert.deepEqual(read("40", "DATA", [1, 2, 3]).guess, { kind: "point", value: 40 });
  assert.deepEqual(read("", "DATA", [1, 2, 3]).guess, { kind: "data", data: Float64Array.of(1, 2, 3) });
  assert.deepEqual(read("", "POINT", [1, 2, 3]).guess, { kind: "none" });
  assert.equal(read("=").error, "Missing function body");
  // BETA 3 of 10 samples beta(6, 14): mean 0.3.
  const space = {
    space: { name: "b", graph: { metrics: [{ id: "A", readableId: "AA", name: "a" }], guesstimates: [{ metric: "A", expression: "3 of 10" }] } },
  };
  const [r] = evaluateSpace(parseSpace(space), { samples: 20_000 });
  const mean = r.samples.reduce((a, b) => a + b, 0) / r.samples.length;
  // sd of beta(6, 14) = sqrt(6*14 / (20^2 * 21)) = 0.1; 5 standard errors.
  assert.ok(Math.abs(mean - 0.3) < (5 * 0.1) / Math.sqrt(20_000), `${mean}`);
});

test("leniencies removed: 1e6 is Improper syntax, a bare readableId in expression is Undefined symbol, both per metric", () => {
  const space = {
    space: {
      name: "l",
      graph: {
        metrics: [
          { id: "A", readableId: "AA", name: "a" },
          { id: "B", readableId: "BB", name: "b" },
          { id: "C", readableId: "CC", name: "c" },
        ],
        guesstimates: [
          { metric: "A", expression: "1e6", guesstimateType: "POINT" },
          { metric: "B", expression: "7", guesstimateType: "POINT" },
          { metric: "C", expression: "=BB * 2", guesstimateType: "FUNCTION" },
        ],
      },
    },
  };
  const parsed = parseSpace(space);
  const [a, b, c] = evaluateSpace(parsed);
  assert.equal(a.error, "Improper syntax");
  assert.deepEqual(Array.from(b.samples), [7]);
  assert.equal(c.error, "Sampling error detected (Undefined symbol BB)");
});

test("the API's unwrapped space {id, name, graph} imports (guesstimate-server docs, GET /spaces/:id)", () => {
  const json = JSON.parse(readFileSync(`${realData}/guesstimate/server_api_us_population.json`, "utf8"));
  assert.ok(isSpace(json));
  const space = parseSpace(json);
  assert.equal(space.unwrapped, true);
  assert.equal(space.name, "United States Population");
  assert.equal(space.legacyText, true);
  const r = evaluateSpace(space);
  assert.ok(r.every((x) => x.error === null));
  assert.equal(r[2].samples.length, 5000);
  assert.equal(isSpace({ graph: { metrics: [] }, tiers: [] }), false);
});

test("Guesstimate's displayed statistics: mean over all samples, percentiles sorted(first 2000)[floor(n p)], no interpolation", () => {
  // 14 DATA values: the median shown is the 8th smallest (index floor(14 * 0.5) = 7).
  const data = [5, 3, 9, 1, 7, 2, 8, 4, 6, 10, 12, 11, 14, 13];
  const s = guesstimateDisplayStats(Float64Array.from(data))!;
  assert.equal(s.p50, 8);
  assert.equal(s.p5, 1); // floor(0.7) = 0
  assert.equal(s.p95, 14); // floor(13.3) = 13
  assert.equal(s.mean, 7.5);
  // Only the first 2000 samples set the percentiles; the mean is over all 4000.
  const xs = Float64Array.from({ length: 4000 }, (_, i) => (i < 2000 ? i : 10_000 + i));
  const t = guesstimateDisplayStats(xs)!;
  assert.equal(t.p95, 1900);
  assert.equal(t.mean, (1999 * 1000 + (10_000 * 2000 + (2000 + 3999) * 1000)) / 4000);
  // Filtered samples are left out; a span below 1e-15 with < 10 distinct values collapses to one value.
  assert.equal(guesstimateDisplayStats(Float64Array.of(1, 100, 3), Uint8Array.of(0, 1, 0))!.mean, 2);
  assert.deepEqual(guesstimateDisplayStats(Float64Array.of(2, 2, 2))!.length, 1);
  assert.equal(guesstimateDisplayStats(new Float64Array(0)), null);
});
