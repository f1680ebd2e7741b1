/**
 * Guesstimate FUNCTION limits: nesting deeper than 200 levels (parentheses, calls, unary signs,
 * `^`, `? :`) is a data error naming the metric and the limit, never "Maximum call stack size
 * exceeded"; flat chains of one precedence level (a sum of 10,000 or 100,000 terms) and a chain of
 * 20,000 metrics each using the one before are evaluated without deep recursion.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { chp } from "../helpers/cli.js";
import { tmpDir } from "../helpers/tmp.js";
import { DataError } from "../../src/errors.js";
import { compileExpression, ExpressionError, maxExpressionDepth } from "../../src/model/guesstimate/expression.js";
import { evaluateSpace, parseSpace } from "../../src/model/guesstimate/import.js";
import { seededRandom } from "../../src/util/random.js";

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
          { metric: "a1", input: ab, guesstimateType: ab.startsWith("[") ? "LOGNORMAL" : "POINT" },
          { metric: "a2", expression: `=${expr}`, guesstimateType: "FUNCTION" },
        ],
      },
    },
  };
}

const evaluate = (text: string): number => compileExpression(text, () => undefined).run(() => NaN, seededRandom(1));
const nestedCalls = (depth: number, inner: string) => "abs(".repeat(depth) + inner + ")".repeat(depth);

test("expression limits: the nesting limit is 200 levels; 199 calls around a number evaluate", () => {
  assert.equal(maxExpressionDepth, 200);
  // The whole expression is one level, each call's argument one more.
  assert.equal(evaluate(nestedCalls(maxExpressionDepth - 1, "2")), 2);
  // A sign is a level too: 198 calls around -2 reach 200.
  assert.equal(evaluate(nestedCalls(maxExpressionDepth - 2, "-2")), 2);
  assert.throws(
    () => evaluate(nestedCalls(maxExpressionDepth, "2")),
    (e: unknown) => e instanceof ExpressionError && /nested more than 200 levels/.test(e.message),
  );
});

test("expression limits: 2,000 levels of calls, parentheses, signs, ^ and ? : are refused, not a stack overflow", () => {
  const deep = [
    nestedCalls(2000, "1"),
    "(".repeat(2000) + "1" + ")".repeat(2000),
    "-".repeat(2000) + "1",
    "not ".repeat(2000) + "1",
    Array.from({ length: 2000 }, () => "2").join("^"),
    Array.from({ length: 2000 }, () => "1 ? 2 :").join(" ") + " 3",
    nestedCalls(100_000, "1"),
  ];
  for (const text of deep) {
    assert.throws(
      () => evaluate(text),
      (e: unknown) => e instanceof ExpressionError && e.message.includes(`nested more than ${maxExpressionDepth} levels deep`),
      text.slice(0, 40),
    );
  }
});

test("expression limits: chp model on a FUNCTION nested 2,000 deep is a data error naming the metric and the limit", async () => {
  const file = join(tmpDir(), "deep-function.json");
  writeFileSync(file, JSON.stringify(space(nestedCalls(2000, "${metric:a1}"))));
  const r = await chp("model", file, "--samples", "100");
  assert.equal(r.code, dataError, r.stderr);
  assert.doesNotMatch(r.stderr, /internal error|call stack/);
  assert.match(r.stderr, /metric CD: .*nested more than 200 levels deep/);
});

test("expression limits: a left-associative sum of 10,000 terms evaluates, as written, left to right", async () => {
  const terms = 10_000;
  const sum = Array.from({ length: terms }, () => "${metric:a1}").join(" + ");
  const parsed = parseSpace(space(sum));
  const [, total] = evaluateSpace(parsed, { samples: 10, seed: 1 });
  // 1.5 is exact in binary, and every partial sum k * 1.5 (k <= 10,000) is too: exactly 15,000.
  assert.deepEqual([...total], Array(10).fill(1.5 * terms));
  // The CLI, with a random AB: every sample of CD is the sum of 10,000 copies of AB's sample.
  const file = join(tmpDir(), "long-sum.json");
  writeFileSync(file, JSON.stringify(space(sum, "[1, 3]")));
  const r = await chp("model", file, "--samples", "1000", "--json");
  assert.equal(r.code, 0, r.stderr);
  const stats = JSON.parse(r.stdout).metrics as { readableId: string; mean: number }[];
  const ab = stats.find((m) => m.readableId === "AB")!;
  const cd = stats.find((m) => m.readableId === "CD")!;
  assert.ok(Math.abs(cd.mean / (ab.mean * terms) - 1) < 1e-9, `${cd.mean} vs ${ab.mean} * ${terms}`);
});

test("expression limits: 100,000-term chains of + - * / and or == keep left-to-right order", () => {
  const n = 100_000;
  // 1 - 1 - 1 ... left to right: 1 - (n - 1)
  assert.equal(evaluate(["1", ...Array(n - 1).fill("1")].join(" - ")), 2 - n);
  assert.equal(evaluate(Array(n).fill("1").join(" * ")), 1);
  let quotient = 1e300;
  for (let i = 1; i < n; i++) quotient /= 1.0001;
  assert.equal(evaluate(["1e300", ...Array(n - 1).fill("1.0001")].join(" / ")), quotient);
  assert.equal(evaluate(Array(n).fill("1").join(" and ")), 1);
  assert.equal(evaluate([...Array(n - 1).fill("0"), "2"].join(" or ")), 1);
  // (1 == 1) == 1 == ... : 1 throughout
  assert.equal(evaluate(Array(n).fill("1").join(" == ")), 1);
  // mathjs's mod keeps the sign of the divisor, step by step: ((-7 mod 3) mod 2) = 2 mod 2 = 0
  assert.equal(evaluate("-7 mod 3 mod 2"), 0);
  assert.equal(evaluate("10 - 3 - 2"), 5);
  assert.equal(evaluate("2 ^ 3 ^ 2"), 512);
});

test("expression limits: and/or still skip their right operand (no random draw) once decided", () => {
  let draws = 0;
  const rng = {
    ...seededRandom(1),
    uniform: () => {
      draws++;
      return 0.5;
    },
  };
  const run = (text: string) => compileExpression(text, () => undefined).run(() => NaN, rng as ReturnType<typeof seededRandom>);
  draws = 0;
  assert.equal(run("0 and random() and random()"), 0);
  assert.equal(draws, 0);
  assert.equal(run("1 or random() or random()"), 1);
  assert.equal(draws, 0);
  assert.equal(run("1 and random()"), 1);
  assert.equal(draws, 1);
});

test("expression limits: a chain of 20,000 metrics each using the one before is ordered without recursion", () => {
  const n = 20_000;
  const metrics = Array.from({ length: n }, (_, i) => ({ id: `m${i}`, readableId: `R${i}`, name: `m${i}` }));
  const guesstimates = metrics.map((m, i) =>
    i === 0 ? { metric: m.id, input: "1", guesstimateType: "POINT" } : { metric: m.id, expression: `=\${metric:m${i - 1}} + 1`, guesstimateType: "FUNCTION" },
  );
  // Listed last first, so the depth-first order must walk the whole chain from the first metric.
  const parsed = parseSpace({ space: { name: "chain", graph: { metrics: [...metrics].reverse(), guesstimates } } });
  const values = evaluateSpace(parsed, { samples: 2, seed: 1 });
  const last = parsed.metrics.findIndex((m) => m.readableId === `R${n - 1}`);
  assert.deepEqual([...values[last]], [n, n]);
  // A cycle in a long chain is still named
  guesstimates[0] = { metric: "m0", expression: `=\${metric:m${n - 1}} + 1`, guesstimateType: "FUNCTION" };
  assert.throws(
    () => evaluateSpace(parseSpace({ space: { name: "cycle", graph: { metrics, guesstimates } } }), { samples: 2 }),
    (e: unknown) => e instanceof DataError && /cycle: /.test(e.message),
  );
});
