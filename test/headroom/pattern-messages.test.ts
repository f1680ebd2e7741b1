/** The evidence sentences count in words that agree with their numbers: "1 rise", "once", thousands separated. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { patternMessage } from "../../src/headroom/pattern-messages.js";

test("shift evidence: singular counts read '1 drop', '1 rise', 'once'; plural ones 'drops', 'rises', 'times'", () => {
  assert.match(patternMessage.shifts(4, 1, 0.68, 0.9), /shifts level 5 times \(4 drops of ~68%: capacity added; 1 rise: capacity removed or lagging\)/);
  assert.match(patternMessage.shifts(1, 0, null, 0.9), /shifts level once \(1 drop: capacity added; 0 rises: capacity removed or lagging\)/);
  assert.match(patternMessage.shifts(12, 9, 0.37, 0.92), /shifts level 21 times \(12 drops of ~37%: capacity added; 9 rises:/);
});

test("too few intervals: '1 usable interval', '29 usable intervals'", () => {
  assert.match(patternMessage.tooFew(1, 30), /^only 1 usable interval \(/);
  assert.match(patternMessage.tooFew(29, 30), /^only 29 usable intervals \(/);
});

test("Little's law evidence: the product with thousands separators, 3 significant digits for an approximate figure", () => {
  const s = patternMessage.little(283_029.4, 0.72, 0.35, "ms");
  assert.match(s, /throughput x response stays near 283,000 \(Little's law: ~283 busy threads\) there/);
  assert.match(patternMessage.little(282_937, 0.8, 0.16, "ms"), /stays near 283,000 \(Little's law: ~283 busy threads\)/);
  assert.match(patternMessage.swing(0.11, 83, 1326), /; 83 starved episodes in 1,326 intervals \(a period of ~16 intervals\)$/);
  assert.match(patternMessage.swing(0.11, 1, 301), /; 1 starved episode in 301 intervals$/);
});

test("every k-th interval: English ordinals (2nd, 3rd, 4th, 11th-13th, 21st, 101st, 111th), thousands separated", () => {
  const ordinals = [2, 3, 4, 11, 12, 13, 21, 22, 23, 101, 111, 1001].map((k) => patternMessage.everyKth(k, 1, 1).split(" ")[3]);
  assert.deepEqual(ordinals, ["2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "23rd", "101st", "111th", "1,001st"]);
  assert.equal(patternMessage.everyKth(10, 100_000, 1_000_000), "read from every 10th interval: 100,000 of 1,000,000, over the whole series");
});
