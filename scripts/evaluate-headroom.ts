/**
 * Coverage of the headroom interval on simulated systems whose capacity is
 * known (well-behaved M/M/c: c / S; lock contention: 1 / hold), the
 * estimate's error and the interval's width. Run: npx tsx scripts/evaluate-headroom.ts [--per 30] [--held-out] [--grouped]
 * [--intervals LO,HI] [--resample-rows M|all]
 * (--grouped: every fit on the rows grouped into 1,024 throughput bins, as above 5,000 rows,
 * to check that the grouping keeps the coverage; --intervals: series of LO to HI intervals
 * instead of the simulator's 400 to 1,500 (held out: 150 to 3,000), e.g. 20000,50000 for series
 * long enough to be grouped, and bootstrapped with fewer resamples, as they are in use;
 * --resample-rows: the rows a resample draws above which the bootstrap is m-out-of-n, `all`
 * for never, to compare with the default)
 */
import { analyzeHeadroom } from "../src/headroom/analyze.js";
import { estimateHeadroom } from "../src/headroom/estimate-headroom.js";
import { heldOutSimulateRanges, simulatePattern, type PatternLabel } from "../src/headroom/simulate.js";

const args = process.argv.slice(2);
const per = Number(args[args.indexOf("--per") + 1] || 30) || 30;
// --held-out: fresh seeds (70001..) and the parameter ranges the classifier was not developed on.
const heldOut = args.includes("--held-out");
const grouped = args.includes("--grouped");
const resampleArg = args.includes("--resample-rows") ? args[args.indexOf("--resample-rows") + 1] : null;
const resampleRows = resampleArg === null ? undefined : resampleArg === "all" ? Infinity : Number(resampleArg);
if (resampleRows !== undefined && !(resampleRows === Infinity || (Number.isInteger(resampleRows) && resampleRows >= 1))) {
  throw new Error(`--resample-rows wants a positive integer or all (got ${resampleArg})`);
}
const lengths = args.includes("--intervals") ? args[args.indexOf("--intervals") + 1].split(",").map(Number) : null;
if (lengths && !(lengths.length === 2 && lengths.every((v) => Number.isInteger(v) && v >= 3) && lengths[0] <= lengths[1])) {
  throw new Error(`--intervals wants LO,HI: two integers, 3 <= LO <= HI (got ${args[args.indexOf("--intervals") + 1]})`);
}
for (const p of ["well-behaved", "lock-contention"] as PatternLabel[]) {
  const byMethod: Record<string, { n: number; covered: number; ratio: number[]; width: number[] }> = {};
  for (let s = 0; s < per; s++) {
    const base = heldOut ? { ...heldOutSimulateRanges, seed: 70001 + s } : { seed: 20001 + s };
    const sim = simulatePattern(p, lengths ? { ...base, intervals: lengths as [number, number] } : base);
    const a = analyzeHeadroom({ throughput: sim.throughput, response: sim.response, time: sim.time }, { q: 1 });
    const h = estimateHeadroom(a, { ...(grouped ? { groupAbove: 0 } : {}), ...(resampleRows !== undefined ? { resampleRows } : {}) });
    // Lock series with a hotter second lock in some intervals saturate earlier in those intervals: counted apart.
    const key = `${h.method}${p === "lock-contention" ? (sim.params.secondBand === 1 ? ", one lock" : ", with a hotter second lock") : ""}`;
    const m = (byMethod[key] ??= { n: 0, covered: 0, ratio: [], width: [] });
    m.n++;
    // A bounded estimate is right when its interval covers the capacity; a lower bound when it does not exceed it.
    if (h.interval ? h.interval[0] <= sim.capacity! && sim.capacity! <= h.interval[1] : h.maxUsefulThroughput <= sim.capacity!) m.covered++;
    m.ratio.push(h.maxUsefulThroughput / sim.capacity!);
    if (h.interval) m.width.push((h.interval[1] - h.interval[0]) / h.maxUsefulThroughput);
  }
  for (const [k, m] of Object.entries(byMethod)) {
    const r = m.ratio.sort((a, b) => a - b);
    const w = m.width.sort((a, b) => a - b);
    const width = w.length ? `; interval width / estimate median ${w[Math.floor(w.length / 2)].toFixed(4)}` : "";
    console.log(
      `${p}: method ${k}: ${m.n} series, ${k.startsWith("lower-bound") ? "the bound is at or below" : "the interval covers"} the true capacity in ${m.covered}; estimate / capacity median ${r[Math.floor(r.length / 2)].toFixed(3)} (min ${r[0].toFixed(3)}, max ${r[r.length - 1].toFixed(3)})${width}`,
    );
  }
}
