// A second, independent generator: shapes drawn directly (exponential knee, straight line, an L of
// healthy/starved states with x*y constant, a saw-tooth of capacity steps), not the mechanism
// simulator the classifier was developed on.
import { test } from "node:test";
import assert from "node:assert/strict";
import { classifyPattern } from "../../src/headroom/classify-pattern.js";
let seed = 99;
const U = () => {
  seed = (seed * 48271) % 2147483647;
  return seed / 2147483647;
};
const N = () => Math.sqrt(-2 * Math.log(U() + 1e-12)) * Math.cos(2 * Math.PI * U());
const gens: Record<string, (n: number) => [number[], number[]]> = {
  "well-behaved": (n) => {
    const x: number[] = [],
      y: number[] = [];
    for (let i = 0; i < n; i++) {
      const u = 0.5 - 0.5 * Math.cos((6 * Math.PI * i) / n) + 0.03 * N();
      const xx = 100 + 900 * Math.min(1, Math.max(0, u));
      x.push(xx);
      y.push((20 + 0.5 * Math.exp(xx / 130)) * Math.exp(0.08 * N()));
    }
    return [x, y];
  },
  "lock-contention": (n) => {
    const x: number[] = [],
      y: number[] = [];
    for (let i = 0; i < n; i++) {
      const xx = 10 + 490 * U();
      x.push(xx);
      y.push((5 + 0.2 * xx) * Math.exp(0.06 * N()));
    }
    return [x, y];
  },
  oscillating: (n) => {
    const x: number[] = [],
      y: number[] = [];
    let bad = false;
    for (let i = 0; i < n; i++) {
      if (U() < (bad ? 0.3 : 0.1)) bad = !bad;
      if (bad) {
        const yy = 200 + 1800 * U();
        x.push((50000 / yy) * Math.exp(0.05 * N()));
        y.push(yy);
      } else {
        x.push(800 * Math.exp(0.05 * N()));
        y.push(25 * Math.exp(0.1 * N()));
      }
    }
    return [x, y];
  },
  "looping-autoscaled": (n) => {
    const x: number[] = [],
      y: number[] = [];
    let cap = 200;
    for (let i = 0; i < n; i++) {
      const xx = 100 + 1900 * (0.5 - 0.5 * Math.cos((4 * Math.PI * i) / n));
      if (xx / cap > 0.85) cap *= 1.5;
      if (xx / cap < 0.3) cap /= 1.3;
      const r = Math.min(0.9, xx / cap);
      x.push(xx * Math.exp(0.02 * N()));
      y.push((10 / (1 - r)) * Math.exp(0.06 * N()));
    }
    return [x, y];
  },
};
for (const [p, g] of Object.entries(gens)) {
  test(`classifyPattern on an independent shape generator: ${p} (at least 18 of 20)`, () => {
    let right = 0;
    for (let k = 0; k < 20; k++) {
      const [x, y] = g(300 + Math.floor(U() * 1500));
      if (classifyPattern({ throughput: x, response: y }).label === p) right++;
    }
    assert.ok(right >= 18, `${right}/20`);
  });
}
