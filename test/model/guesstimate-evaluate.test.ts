/**
 * Guesstimate FUNCTION evaluation as Guesstimate does it: mathjs 15 (restricted), Guesstimate's
 * samplers and their parameterisations, the sample-count rule, index-aligned inputs, per-sample
 * result classification and errors propagated to descendants. Expected values from
 * ../shared/GUESSTIMATE.md (which names the Guesstimate source file of each) and from mathjs 15.2.0.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { evaluateSpace, neededSamples, parseSpace } from "../../src/model/guesstimate/import.js";

type Row = [readableId: string, text: string, type?: string, data?: number[]];

/** A space of the rows (id = readableId), evaluated; results by readableId. */
function run(rows: Row[], samples = 5000, seed = 1) {
  const json = {
    space: {
      name: "t",
      graph: {
        metrics: rows.map(([id], i) => ({ id, readableId: id, name: id, location: { row: i, column: 0 } })),
        guesstimates: rows.map(([id, text, type, data]) => ({ metric: id, expression: text, guesstimateType: type ?? "", ...(data ? { data } : {}) })),
      },
    },
  };
  const space = parseSpace(json, "t.json");
  const results = evaluateSpace(space, { samples, seed });
  return Object.fromEntries(space.metrics.map((m, i) => [m.readableId, { ...results[i], type: m.type, warnings: m.warnings }]));
}
const ref = (id: string) => `\${metric:${id}}`;
const mean = (xs: ArrayLike<number>) => Array.from(xs).reduce((a, b) => a + b, 0) / xs.length;
const one = (text: string) => {
  const r = run([["AA", `=${text}`]]).AA;
  assert.equal(r.error, null, `${text}: ${r.error}`);
  return r.samples[0];
};
const errorOf = (text: string) => run([["AA", `=${text}`]]).AA.error;

test("mathjs semantics: round half away from zero, chained comparisons, implicit multiplication, ^, mod, percent, arrays", () => {
  // mathjs 15.2.0: round(-2.5) = -3 (Math.round gives -2); round(x, n) to n decimals.
  assert.equal(one("round(-2.5)"), -3);
  assert.equal(one("round(2.5)"), 3);
  assert.equal(one("round(1.2345, 2)"), 1.23);
  // a < b < c is (a < b) and (b < c): 1 < 3 < 2 is false (left to right it would be (1 < 3) < 2, true).
  assert.equal(one("(1 < 3 < 2) ? 10 : 20"), 20);
  assert.equal(one("(1 < 2 < 3) ? 10 : 20"), 10);
  // implicit multiplication: 1/2x = (1/2) x ("rule 2"), a/2x = a/(2x), (a)(b), 2(x).
  const r = run([
    ["XX", "4"],
    ["AA", `=1/2${ref("XX")}`],
    ["BB", `=${ref("XX")}/2${ref("XX")}`],
    ["EE", `=8/2 ${ref("XX")}`],
    ["CC", `=(${ref("XX")})(3)`],
    ["DD", `=2(${ref("XX")} + 1)`],
  ]);
  // ${metric:XX} glued to "2" becomes "2" followed by the fresh name, as in Guesstimate: (1/2)*4.
  assert.equal(r.AA.samples[0], 2);
  assert.equal(r.BB.samples[0], 0.5); // x / (2 x)
  assert.equal(r.EE.samples[0], 16); // (8 / 2) x: number / number then a symbol
  assert.equal(r.CC.samples[0], 12);
  assert.equal(r.DD.samples[0], 10);
  assert.equal(one("-2^2"), -4);
  assert.equal(one("2^3^2"), 512);
  assert.equal(one("-7 mod 3"), 2);
  assert.equal(one("-7 % 3"), 2);
  assert.equal(one("mod(5, 0)"), 5);
  assert.equal(one("2 + 1%"), 2.02);
  assert.equal(one("max([1, 5, 3])"), 5);
  assert.equal(one("sum([1, 2, 3]) / 3"), 2);
  assert.equal(one("true ? 1 : 2"), 1);
  assert.equal(one("0 ? 1 : 2"), 2);
});

test("Guesstimate's samplers and parameterisations: triangular(min, max, mode), PERT, jStat's gamma(shape, scale), beta, poisson, bernoulli/if", () => {
  const n = 20_000;
  const m = (text: string) => {
    const r = run([["AA", `=${text}`]], n).AA;
    assert.equal(r.error, null, `${text}: ${r.error}`);
    assert.equal(r.samples.length, n, `${text}: a random function gives n samples`);
    return { mean: mean(r.samples), min: Math.min(...r.samples), max: Math.max(...r.samples) };
  };
  // Tolerances: 5 standard errors, sd / sqrt(20000).
  const near = (got: number, want: number, sd: number, what: string) => assert.ok(Math.abs(got - want) < (5 * sd) / Math.sqrt(n), `${what}: ${got} vs ${want}`);
  // triangular(min, max, mode): mean (min + max + mode) / 3; sd sqrt((a²+b²+c²-ab-ac-bc)/18).
  const t = m("triangular(0, 10, 9)");
  near(t.mean, 19 / 3, Math.sqrt(91 / 18), "triangular(0, 10, 9)");
  assert.ok(t.min >= 0 && t.max <= 10);
  near(m("triangular(0, 10)").mean, 5, Math.sqrt(75 / 18), "triangular mode default (min+max)/2");
  // PERT(min, max, mode, 4): mean (min + 4 mode + max) / 6.
  near(m("PERT(0, 12, 3)").mean, 4, 2.4, "PERT(0, 12, 3)");
  // jStat gamma(shape, scale): mean shape * scale, sd sqrt(shape) * scale.
  near(m("gamma(2, 3)").mean, 6, Math.sqrt(2) * 3, "gamma(2, 3)");
  near(m("gamma(0.5, 2)").mean, 1, Math.sqrt(0.5) * 2, "gamma(0.5, 2)");
  near(m("beta(2, 3)").mean, 0.4, 0.2, "beta(2, 3)");
  near(m("poisson(4)").mean, 4, 2, "poisson(4)");
  near(m("poisson(100)").mean, 100, 10, "poisson(100) (PTRS)");
  near(m("exponential(2)").mean, 0.5, 0.5, "exponential(rate 2)");
  near(m("lognormal(0, 0.5)").mean, Math.exp(0.125), 0.6, "lognormal(mu, sigma) in log space");
  near(m("normal(10, 2)").mean, 10, 2, "normal(mean, sd)");
  near(m("weibull(2, 1)").mean, 2, 2, "weibull(scale 2, shape 1)");
  near(m("bernoulli(0.3)").mean, 0.3, Math.sqrt(0.21), "bernoulli(0.3)");
  near(m("if(0.3)").mean, 0.3, Math.sqrt(0.21), "if = bernoulli");
  near(m("binomial(10, 0.3)").mean, 3, Math.sqrt(2.1), "binomial(10, 0.3)");
  near(m("scenarios([1, 2, 3], [1, 1, 2])").mean, 2.25, Math.sqrt(0.6875), "scenarios(values, weights)");
  near(m("pickRandom([1, 2, 3, 4])").mean, 2.5, Math.sqrt(1.25), "pickRandom");
  // randomInt(min, max) excludes max; randomInt(max) starts at 0.
  const ri = m("randomInt(0, 4)");
  assert.deepEqual([ri.min, ri.max], [0, 3]);
  near(m("randomInt(0, 100) < 40 ? 1 : 0").mean, 0.4, Math.sqrt(0.24), "randomInt(0, 100) < 40");
});

test("sample count: n when the text names a random function, else the lcm of the inputs' counts (at most n), 1 without inputs", () => {
  assert.equal(neededSamples("1 + 2", [], 5000), 1);
  assert.equal(neededSamples("AB + CD", [14, 9], 5000), 126);
  assert.equal(neededSamples("AB + CD", [1, 1], 5000), 1);
  assert.equal(neededSamples("AB + CD", [5000, 7], 5000), 5000);
  assert.equal(neededSamples("AB + CD", [3000, 7], 5000), 5000);
  // Substrings count anywhere, as Guesstimate's `indexOf`: "test" inside "latest", "beta" in "alphabeta".
  assert.equal(neededSamples("latest + 1", [1], 5000), 5000);
  const r = run([
    ["AA", "", "DATA", Array.from({ length: 14 }, (_, i) => i)],
    ["BB", "", "DATA", Array.from({ length: 9 }, (_, i) => i)],
    ["CC", `=${ref("AA")} + ${ref("BB")}`],
    ["PP", "3"],
    ["QQ", `=${ref("PP")} * 2`],
  ]);
  assert.equal(r.CC.samples.length, 126);
  assert.deepEqual(Array.from(r.QQ.samples), [6]);
});

test("index-aligned inputs: sample i reads input[i mod length], so A - A is 0 and DATA [0,1] x [0,1,0,1] has mean 0.5", () => {
  const r = run([
    ["AA", "[1, 10]"],
    ["BB", `=${ref("AA")} * 2`],
    ["CC", `=${ref("BB")} - 2 * ${ref("AA")}`],
    ["DD", "", "DATA", [0, 1]],
    ["EE", "", "DATA", [0, 1, 0, 1]],
    ["FF", `=${ref("DD")} * ${ref("EE")}`],
  ]);
  assert.equal(r.CC.samples.length, 5000);
  assert.ok(r.CC.samples.every((v) => Math.abs(v) < 1e-12));
  assert.equal(mean(r.FF.samples), 0.5);
});

test("DATA is used whole and in order: 20,000 values have mean 9,999.5; a FUNCTION of it reads its first n values", () => {
  const data = Array.from({ length: 20_000 }, (_, i) => i);
  const r = run([
    ["DA", "", "DATA", data],
    ["FN", `=${ref("DA")} + 0`],
  ]);
  assert.equal(r.DA.samples.length, 20_000);
  assert.equal(mean(r.DA.samples), 9999.5);
  assert.equal(r.FN.samples.length, 5000);
  assert.equal(mean(r.FN.samples), 2499.5);
});

test("per-sample results: Infinity, NaN, booleans, complex numbers, units and functions are Guesstimate's errors; descendants are broken; the rest evaluates", () => {
  assert.equal(errorOf("1/0"), "Division by zero detected (a sample is infinite)");
  assert.match(errorOf("0/0")!, /^Sampling error detected \(a sample is NaN/);
  assert.match(errorOf("1 < 2")!, /^Sampling error detected \(a sample is the boolean true/);
  assert.match(errorOf("sqrt(-1)")!, /^Sampling error detected \(a sample is the complex number i/);
  assert.match(errorOf("[1, 2]")!, /^Sampling error detected/);
  assert.equal(errorOf("5 cm"), "Functions cannot contain units or symbols");
  assert.equal(errorOf("f(x) = x"), "Enter arguments for functions inside parentheses: cos(AB)");
  // Overriding mathjs's gamma with jStat's sampler breaks factorial, as in Guesstimate.
  assert.match(errorOf("3!")!, /^Sampling error detected/);
  assert.match(errorOf("1 +")!, /^Unexpected end of expression/);
  const r = run([
    ["AA", "=1/0"],
    ["BB", `=${ref("AA")} + 1`],
    ["CC", `=${ref("BB")} * 2`],
    ["DD", "[1, 3]"],
    ["EE", `=${ref("DD")} * 2`],
  ]);
  assert.equal(r.BB.error, "Broken input AA");
  assert.equal(r.CC.error, "Broken upstream input AA");
  assert.equal(r.BB.samples.length, 0);
  assert.equal(r.EE.error, null);
  assert.equal(r.EE.samples.length, 5000);
  // A cycle is an error on each metric of it; a reference to no metric is "depends on deleted metric".
  const c = run([
    ["AA", `=${ref("BB")}`],
    ["BB", `=${ref("AA")} + 1`],
    ["CC", `=${ref("ZZ")} + 1`],
    ["DD", "2"],
  ]);
  assert.match(c.AA.error!, /cycle: AA -> BB -> AA/);
  assert.match(c.BB.error!, /cycle: AA -> BB -> AA/);
  assert.match(c.CC.error!, /^Metric depends on deleted metric \("ZZ"/);
  assert.deepEqual(Array.from(c.DD.samples), [2]);
});

test("filters: a filtered sample is left out, and so is every sample computed from it; all filtered is an error", () => {
  const r = run([
    ["AA", "[-1, 1]", "NORMAL"],
    ["BB", `=filterLessThan(${ref("AA")}, 0)`],
    ["CC", `=${ref("BB")} * 10`],
    ["DD", `=filterGreaterThan(${ref("AA")}, -100)`],
  ]);
  const kept = (x: { samples: Float64Array; filtered: Uint8Array | null }) => Array.from(x.samples).filter((_, i) => !x.filtered?.[i]);
  const b = kept(r.BB);
  assert.ok(b.length > 2000 && b.length < 3000, `${b.length}`);
  assert.ok(b.every((v) => v >= 0));
  assert.equal(kept(r.CC).length, b.length);
  assert.equal(r.DD.error, "All samples removed in filtering");
});

test("security: the restricted mathjs refuses constructor, __proto__, import, createUnit, evaluate, parse, compile and the rest", () => {
  for (const text of ["constructor", "__proto__", "[].constructor", "cos.constructor('return process')()", "{}.__proto__"])
    assert.match(errorOf(text)!, /Sampling error detected|Unexpected|Value expected|No access|Undefined symbol/, text);
  assert.match(errorOf("[].constructor")!, /No access to property "constructor"/);
  assert.match(errorOf("{}.__proto__")!, /No access to property "__proto__"/);
  for (const name of ["import", "createUnit", "evaluate", "parse", "simplify", "derivative", "resolve", "compile"]) {
    const e = errorOf(`${name}("1")`);
    assert.match(e!, new RegExp(`Function ${name} is disabled`), name);
  }
  // An import that ran would change later evaluations: it does not.
  errorOf("import({pi: 3})");
  assert.equal(one("pi"), Math.PI);
});
