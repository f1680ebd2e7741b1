/**
 * Accuracy of classifyPattern on simulated series: a confusion matrix per
 * setting. `dev` is the seeds and parameter ranges the classifier was built on
 * (seeds 1-50, default ranges); `held-out` uses fresh seeds (10001+) and
 * parameter ranges outside the defaults (more noise, shorter and longer runs,
 * other service times, pools, lags and utilisations). Each setting also has
 * two sets in which response has no relationship to throughput
 * (src/headroom/simulate-noise.ts: random noise, and a varying load with an
 * independent response); they must come out `unclassified`.
 *
 * Run: npx tsx scripts/evaluate-patterns.ts [--per 100] [--features] [--intervals N] [--max-read M]
 * (--intervals: every series N intervals long, to check long series; --max-read: the classifier's
 * `maxRead`, e.g. Infinity to read every interval of a long series instead of every k-th)
 */
import { classifyPattern } from "../src/headroom/classify-pattern.js";
import { heldOutSimulateRanges, patternLabels, simulatePattern, type PatternSimulateOptions } from "../src/headroom/simulate.js";
import { noiseKinds, simulateNoise } from "../src/headroom/simulate-noise.js";

const args = process.argv.slice(2);
const per = Number(args[args.indexOf("--per") + 1] || 100) || 100;
const showFeatures = args.includes("--features");
const intervals = args.includes("--intervals") ? Number(args[args.indexOf("--intervals") + 1]) : null;
const maxRead = args.includes("--max-read") ? Number(args[args.indexOf("--max-read") + 1]) : undefined;
const length = intervals === null ? {} : { intervals: [intervals, intervals] as [number, number] };

const settings: [string, number, Partial<PatternSimulateOptions>][] = [
  ["dev (seeds 1.., default ranges)", 1, {}],
  ["held-out (seeds 10001.., other ranges)", 10001, heldOutSimulateRanges],
];

for (const [name, seed0, ranges] of settings) {
  const labels = [...patternLabels, "unclassified"] as const;
  const truths = [...patternLabels, ...noiseKinds];
  const matrix = truths.map(() => labels.map(() => 0));
  for (const [ti, truth] of truths.entries()) {
    for (let s = 0; s < per; s++) {
      const sim = (patternLabels as readonly string[]).includes(truth)
        ? simulatePattern(truth as (typeof patternLabels)[number], { ...ranges, ...length, seed: seed0 + s })
        : simulateNoise(truth as (typeof noiseKinds)[number], { ...length, seed: seed0 + s });
      const r = classifyPattern(sim, maxRead === undefined ? {} : { maxRead });
      matrix[ti][labels.indexOf(r.label)]++;
      const right = ti < patternLabels.length ? truth : "unclassified";
      if (showFeatures && r.label !== right)
        console.log(truth, "->", r.label, JSON.stringify(r.scores), JSON.stringify(sim.params), JSON.stringify(r.features));
    }
  }
  console.log(`\n${name}: ${per} series per pattern (rows: truth, columns: label; the last two rows must be unclassified)`);
  const w = 20;
  console.log("".padEnd(w) + labels.map((l) => l.slice(0, 12).padStart(13)).join(""));
  for (const [ti, truth] of truths.entries()) {
    const right = ti < patternLabels.length ? ti : labels.length - 1;
    console.log(truth.padEnd(w) + matrix[ti].map((c) => String(c).padStart(13)).join("") + `   ${((100 * matrix[ti][right]) / per).toFixed(0)}%`);
  }
}
