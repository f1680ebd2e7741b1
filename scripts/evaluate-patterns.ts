/**
 * Accuracy of classifyPattern on simulated series: a confusion matrix per
 * setting. `dev` is the seeds and parameter ranges the classifier was built on
 * (seeds 1-50, default ranges); `held-out` uses fresh seeds (10001+) and
 * parameter ranges outside the defaults (more noise, shorter and longer runs,
 * other service times, pools, lags and utilisations).
 *
 * Run: npx tsx scripts/evaluate-patterns.ts [--per 100] [--features]
 */
import { classifyPattern } from "../src/headroom/classify-pattern.js";
import { heldOutSimulateRanges, patternLabels, simulatePattern, type PatternSimulateOptions } from "../src/headroom/simulate.js";

const args = process.argv.slice(2);
const per = Number(args[args.indexOf("--per") + 1] || 100) || 100;
const showFeatures = args.includes("--features");

const settings: [string, number, Partial<PatternSimulateOptions>][] = [
  ["dev (seeds 1.., default ranges)", 1, {}],
  ["held-out (seeds 10001.., other ranges)", 10001, heldOutSimulateRanges],
];

for (const [name, seed0, ranges] of settings) {
  const labels = [...patternLabels, "unclassified"] as const;
  const matrix = patternLabels.map(() => labels.map(() => 0));
  for (const [pi, p] of patternLabels.entries()) {
    for (let s = 0; s < per; s++) {
      const sim = simulatePattern(p, { ...ranges, seed: seed0 + s });
      const r = classifyPattern(sim);
      matrix[pi][labels.indexOf(r.label)]++;
      if (showFeatures && r.label !== p) console.log(p, "->", r.label, JSON.stringify(r.scores), JSON.stringify(sim.params), JSON.stringify(r.features));
    }
  }
  console.log(`\n${name}: ${per} series per pattern (rows: truth, columns: label)`);
  const w = 20;
  console.log("".padEnd(w) + labels.map((l) => l.slice(0, 12).padStart(13)).join(""));
  for (const [pi, p] of patternLabels.entries()) {
    console.log(p.padEnd(w) + matrix[pi].map((c) => String(c).padStart(13)).join("") + `   ${((100 * matrix[pi][pi]) / per).toFixed(0)}%`);
  }
}
