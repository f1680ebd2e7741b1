/**
 * Guesstimate FUNCTION limits. mathjs (which Guesstimate and chp evaluate FUNCTIONs with) parses
 * and evaluates recursively: text nested thousands of levels deep (parentheses, calls, signs, `^`,
 * `? :`), or a chain of 10,000 terms (a left-deep tree), runs out of call stack. That is an error
 * of the metric naming the cause, never "Maximum call stack size exceeded" or an internal error;
 * the rest of the space evaluates. A chain of 20,000 metrics each using the one before is ordered
 * without recursion.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { chp } from "../helpers/cli.js";
import { tmpDir } from "../helpers/tmp.js";
import { modelMessage } from "../../src/messages.js";
import { evaluateSpace, parseSpace } from "../../src/model/guesstimate/import.js";

const dataError = 3;

/** A space with metric AB (a POINT, or the given range) and CD = the FUNCTION `expr`. */
function space(expr: string, ab = "1.5") {
  return {
    space: {
      name: "limits",
      graph: {
        metrics: [
          { id: "a1", readableId: "AB", name: "x" },
          { id: "a2", readableId: "CD", name: "total" },
        ],
        guesstimates: [
          { metric: "a1", expression: ab, guesstimateType: ab.startsWith("[") ? "LOGNORMAL" : "POINT" },
          { metric: "a2", expression: `=${expr}`, guesstimateType: "FUNCTION" },
        ],
      },
    },
  };
}

const evaluate = (expr: string, samples = 3) => evaluateSpace(parseSpace(space(expr)), { samples, seed: 1 });
const nestedCalls = (depth: number, inner: string) => "abs(".repeat(depth) + inner + ")".repeat(depth);

test("expression limits: 100 levels of calls, parentheses, signs, ^ and ? : evaluate", () => {
  const cases: [string, number][] = [
    [nestedCalls(100, "-2"), 2],
    ["(".repeat(100) + "2" + ")".repeat(100), 2],
    ["-".repeat(100) + "2", 2],
    ["not ".repeat(99) + "0 ? 5 : 6", 5],
    [Array.from({ length: 100 }, () => "1").join("^"), 1],
    [Array.from({ length: 100 }, () => "0 ? 2 :").join(" ") + " 3", 3],
  ];
  for (const [text, want] of cases) {
    const [, cd] = evaluate(text);
    assert.equal(cd.error, null, text.slice(0, 40));
    assert.deepEqual(Array.from(cd.samples), [want], text.slice(0, 40));
  }
});

test("expression limits: 5,000 levels of calls, parentheses, signs, ^ and ? : are the metric's error, not a stack overflow", () => {
  const deep = [
    nestedCalls(5000, "1"),
    "(".repeat(5000) + "1" + ")".repeat(5000),
    "-".repeat(5000) + "1",
    "not ".repeat(5000) + "1",
    Array.from({ length: 5000 }, () => "2").join("^"),
    Array.from({ length: 5000 }, () => "1 ? 2 :").join(" ") + " 3",
    nestedCalls(100_000, "1"),
  ];
  for (const text of deep) {
    const [ab, cd] = evaluate(text);
    assert.equal(cd.error, modelMessage.stackExhausted(), text.slice(0, 40));
    assert.deepEqual(Array.from(ab.samples), [1.5]);
  }
});

test("expression limits: chp model on a FUNCTION nested 5,000 deep is a data error naming the metric and the cause", async () => {
  const file = join(tmpDir(), "deep-function.json");
  writeFileSync(file, JSON.stringify(space(nestedCalls(5000, "${metric:a1}"))));
  const r = await chp("model", file, "--samples", "100");
  assert.equal(r.code, dataError, r.stderr);
  assert.doesNotMatch(r.stderr, /internal error|Maximum call stack/);
  assert.match(r.stderr, /metric CD: nested too deeply for mathjs/);
  // The table still shows the metric that evaluated.
  assert.match(r.stdout, /\nx +AB +POINT +1 +1\.5 /);
});

test("expression limits: a sum of 1,000 terms evaluates left to right; one of 100,000 is the metric's error", async () => {
  const terms = 1000;
  const sum = Array.from({ length: terms }, () => "${metric:a1}").join(" + ");
  const [, total] = evaluate(sum, 10);
  // 1.5 is exact in binary, and every partial sum k * 1.5 (k <= 1,000) is too: exactly 1,500; one sample (a POINT input).
  assert.deepEqual(Array.from(total.samples), [1.5 * terms]);
  const file = join(tmpDir(), "long-sum.json");
  writeFileSync(file, JSON.stringify(space(sum, "[1, 3]")));
  const r = await chp("model", file, "--samples", "1000", "--json");
  assert.equal(r.code, 0, r.stderr);
  const stats = JSON.parse(r.stdout).metrics as { readableId: string; mean: number }[];
  const ab = stats.find((m) => m.readableId === "AB")!;
  const cd = stats.find((m) => m.readableId === "CD")!;
  assert.ok(Math.abs(cd.mean / (ab.mean * terms) - 1) < 1e-9, `${cd.mean} vs ${ab.mean} * ${terms}`);
  const [, long] = evaluate(Array(100_000).fill("1").join(" - "));
  assert.equal(long.error, modelMessage.stackExhausted());
});

test("expression limits: a chain of 20,000 metrics each using the one before is ordered without recursion; a cycle through it is each metric's error", () => {
  const n = 20_000;
  const metrics = Array.from({ length: n }, (_, i) => ({ id: `m${i}`, readableId: `R${i}`, name: `m${i}` }));
  const guesstimates = metrics.map((m, i) =>
    i === 0
      ? { metric: m.id, expression: "1", guesstimateType: "POINT" }
      : { metric: m.id, expression: `=\${metric:m${i - 1}} + 1`, guesstimateType: "FUNCTION" },
  );
  // Listed last first, so the order must walk the whole chain from the first metric.
  const parsed = parseSpace({ space: { name: "chain", graph: { metrics: [...metrics].reverse(), guesstimates } } });
  const values = evaluateSpace(parsed, { samples: 2, seed: 1 });
  const last = parsed.metrics.findIndex((m) => m.readableId === `R${n - 1}`);
  assert.deepEqual(Array.from(values[last].samples), [n]);
  guesstimates[0] = { metric: "m0", expression: `=\${metric:m${n - 1}} + 1`, guesstimateType: "FUNCTION" };
  const cyc = evaluateSpace(parseSpace({ space: { name: "cycle", graph: { metrics, guesstimates } } }), { samples: 2 });
  assert.ok(cyc.every((r) => r.error !== null && /metrics refer to each other in a cycle: R0 -> R19999 -> R19998 -> .* -> R0$/.test(r.error)));
});
