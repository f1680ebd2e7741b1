import { test } from "node:test";
import assert from "node:assert/strict";
import { classifyPattern } from "../../src/headroom/classify-pattern.js";
import { heldOutSimulateRanges as heldOut, patternLabels, simulatePattern } from "../../src/headroom/simulate.js";

// Held-out setting: seeds and parameter ranges the classifier was not developed on
// (the development used seeds 1-100 with defaultPatternSimulateOptions). scripts/evaluate-patterns.ts prints the full matrix.

for (const p of patternLabels) {
  test(`classifyPattern: at least 85% of 40 held-out simulations of ${p} are labelled ${p}`, () => {
    let right = 0;
    let unclassified = 0;
    for (let s = 0; s < 40; s++) {
      const r = classifyPattern(simulatePattern(p, { ...heldOut, seed: 30001 + s }));
      if (r.label === p) right++;
      if (r.label === "unclassified") unclassified++;
    }
    assert.ok(right >= 34, `${right}/40 right`);
    assert.ok(unclassified <= 4, `${unclassified}/40 unclassified`);
  });
}

test("classifyPattern: scores in [0, 1] for every label, evidence in words, deterministic, inputs untouched", () => {
  const sim = simulatePattern("oscillating", { seed: 7 });
  const before = Float64Array.from(sim.response);
  const a = classifyPattern(sim, { responseUnit: "ms" });
  const b = classifyPattern(sim, { responseUnit: "ms" });
  assert.deepEqual(a, b);
  assert.deepEqual(sim.response, before);
  assert.deepEqual(Object.keys(a.scores).sort(), [...patternLabels].sort());
  for (const v of Object.values(a.scores)) assert.ok(v >= 0 && v <= 1);
  assert.equal(a.label, "oscillating");
  assert.match(a.evidence.join(" "), /Little's law: ~[0-9.]+ busy threads/);
  assert.match(a.evidence.join(" "), /throughput swings between \d+% and 100% of its maximum/);
});

test("classifyPattern: the evidence of a looping series names the level shifts; time order is used (shuffling removes them)", () => {
  const sim = simulatePattern("looping-autoscaled", { seed: 3 });
  const r = classifyPattern(sim);
  assert.equal(r.label, "looping-autoscaled");
  assert.match(r.evidence.join(" "), /response shifts level \d+ times/);
  // The same points in a time order that is random: no persistence, no loops.
  const order = Array.from(sim.time.keys()).sort((a, b) => ((Math.sin(a * 12.9898) * 43758.5453) % 1) - ((Math.sin(b * 12.9898) * 43758.5453) % 1));
  const shuffled = classifyPattern({ throughput: order.map((i) => sim.throughput[i]), response: order.map((i) => sim.response[i]) });
  assert.notEqual(shuffled.label, "looping-autoscaled");
  // Given the time column, the rows are put back in order.
  const byTime = classifyPattern({
    throughput: order.map((i) => sim.throughput[i]),
    response: order.map((i) => sim.response[i]),
    time: order.map((i) => sim.time[i]),
  });
  assert.equal(byTime.label, "looping-autoscaled");
});

test("classifyPattern: too few intervals, zeros and NaN are unclassified or skipped, never a crash", () => {
  assert.equal(classifyPattern({ throughput: [1, 2, 3], response: [1, 2, 3] }).label, "unclassified");
  assert.equal(classifyPattern({ throughput: [], response: [] }).label, "unclassified");
  const x = Array.from({ length: 100 }, (_, i) => (i % 7 === 0 ? NaN : i % 11 === 0 ? 0 : 100 + i));
  const y = Array.from({ length: 100 }, () => 20);
  const r = classifyPattern({ throughput: x, response: y });
  assert.ok(["well-behaved", "unclassified"].includes(r.label), r.label);
  for (const v of Object.values(r.scores)) assert.ok(Number.isFinite(v));
});

test("the bundled samples: web-steady is well-behaved, lock-contention is lock-contention", async () => {
  const { loadTimeSeries } = await import("../../src/load/time-series.js");
  for (const [file, label] of [
    ["data/web-steady.csv", "well-behaved"],
    ["data/lock-contention.csv", "lock-contention"],
  ]) {
    const ts = await loadTimeSeries(file);
    assert.equal(classifyPattern(ts).label, label, file);
  }
});

test("classifyPattern: a very long series is read from every k-th interval (maxRead), and says so; shorter ones from every interval", () => {
  const sim = simulatePattern("oscillating", { seed: 8, intervals: [3000, 3000] });
  const r = classifyPattern(sim, { maxRead: 1000 });
  assert.equal(r.label, "oscillating");
  assert.equal(r.features?.n, 1000);
  assert.match(r.evidence.at(-1)!, /read from every 3rd interval: 1,000 of 3,000, over the whole series/);
  // Its features are those of the series thinned by hand.
  const k = (v: ArrayLike<number>) => Float64Array.from({ length: 1000 }, (_, i) => v[3 * i]);
  const byHand = classifyPattern({ throughput: k(sim.throughput), response: k(sim.response), time: k(sim.time) });
  assert.deepStrictEqual(r.features, byHand.features);
  assert.deepStrictEqual(r.scores, byHand.scores);
  // At the boundary (n = maxRead) and below: every interval, nothing said.
  for (const maxRead of [3000, Infinity]) {
    const whole = classifyPattern(sim, { maxRead });
    assert.equal(whole.features?.n, 3000);
    assert.doesNotMatch(whole.evidence.join(" "), /every/);
  }
});

test("classifyPattern: a long series is read in contiguous stretches, scores averaged, and says so", () => {
  const sim = simulatePattern("oscillating", { seed: 8, intervals: [3000, 3000] });
  const r = classifyPattern(sim, { maxIntervals: 1000, stretches: 3 });
  assert.equal(r.label, "oscillating");
  assert.match(r.evidence.at(-1)!, /read from 3 stretches of 1,000 consecutive intervals spread over all 3,000/);
  const whole = classifyPattern(sim);
  assert.equal(whole.label, "oscillating");
  assert.doesNotMatch(whole.evidence.join(" "), /stretches/);
});
