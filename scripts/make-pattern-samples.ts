/**
 * Sample series of the four bottleneck patterns, from the seeded mechanism
 * simulator (src/headroom/simulate.ts): data/patterns/<pattern>.csv with
 * timestamp (epoch s), throughput (req/s) and response_ms.
 * Run: npx tsx scripts/make-pattern-samples.ts
 */
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { patternLabels, simulatePattern } from "../src/headroom/simulate.js";

mkdirSync("data/patterns", { recursive: true });
for (const p of patternLabels) {
  const s = simulatePattern(p, { seed: 2013, intervals: [720, 720] });
  const lines = ["timestamp,throughput,response_ms"];
  for (let i = 0; i < s.time.length; i++) lines.push(`${s.time[i]},${s.throughput[i].toFixed(3)},${s.response[i].toFixed(3)}`);
  const out = `data/patterns/${p}.csv`;
  writeFileSync(out + ".tmp", lines.join("\n") + "\n");
  renameSync(out + ".tmp", out);
  console.log(`wrote ${out} (${s.time.length} intervals; ${JSON.stringify(s.params)})`);
}
