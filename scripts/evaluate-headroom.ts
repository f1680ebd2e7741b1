/**
 * Coverage of the headroom interval on simulated systems whose capacity is
 * known (well-behaved M/M/c: c / S; lock contention: 1 / hold), and the
 * estimate's error. Run: npx tsx scripts/evaluate-headroom.ts [--per 30]
 */
import { analyzeHeadroom } from "../src/headroom/analyze.js";
import { estimateHeadroom } from "../src/headroom/estimate-headroom.js";
import { simulatePattern, type PatternLabel } from "../src/headroom/simulate.js";

const args = process.argv.slice(2);
const per = Number(args[args.indexOf("--per") + 1] || 30) || 30;
for (const p of ["well-behaved", "lock-contention"] as PatternLabel[]) {
  const byMethod: Record<string, { n: number; covered: number; ratio: number[] }> = {};
  for (let s = 0; s < per; s++) {
    const sim = simulatePattern(p, { seed: 20001 + s });
    const a = analyzeHeadroom({ throughput: sim.throughput, response: sim.response, time: sim.time }, { q: 1 });
    const h = estimateHeadroom(a);
    // Lock series with a hotter second lock in some intervals saturate earlier in those intervals: counted apart.
    const key = `${h.method}${p === "lock-contention" ? (sim.params.secondBand === 1 ? ", one lock" : ", with a hotter second lock") : ""}`;
    const m = (byMethod[key] ??= { n: 0, covered: 0, ratio: [] });
    m.n++;
    if (h.interval && h.interval[0] <= sim.capacity! && sim.capacity! <= h.interval[1]) m.covered++;
    m.ratio.push(h.maxUsefulThroughput / sim.capacity!);
  }
  for (const [k, m] of Object.entries(byMethod)) {
    const r = m.ratio.sort((a, b) => a - b);
    console.log(`${p}: method ${k}: ${m.n} series, interval covers the true capacity in ${m.covered}; estimate / capacity median ${r[Math.floor(r.length / 2)].toFixed(3)} (min ${r[0].toFixed(3)}, max ${r[r.length - 1].toFixed(3)})`);
  }
}
