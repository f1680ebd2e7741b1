/**
 * Benchmark (not a test): `chp summary` and `chp plot` of a large JMeter JTL.
 * Generates a seeded JTL of N rows (default 10,000,000, about 1.2 GB) in a temporary
 * folder, runs the built CLI under /usr/bin/time -v (wall time, peak RSS), and
 * deletes the folder.
 *
 * Run: npm run build && npx tsx scripts/bench-jtl.ts [ROWS]
 * (uses $CHP_CLI if set, else dist/cli/main.js, else tsx src/cli/main.ts)
 */
import { spawnSync } from "node:child_process";
import { createWriteStream, existsSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { once } from "node:events";
import { jtlChunks } from "./jtl-generator.js";

const rows = Number(process.argv[2] ?? 10_000_000);
const dir = mkdtempSync(join(tmpdir(), "chp-bench-"));
const file = join(dir, "run.jtl");
try {
  let t0 = performance.now();
  const out = createWriteStream(file);
  // ~ 2,800 requests/s: 10M rows is about an hour of load
  for (const chunk of jtlChunks({ rows, seed: 1, startMs: 1_700_000_000_000, rate: 2800 }, 50000)) {
    if (!out.write(chunk)) await once(out, "drain");
  }
  out.end();
  await once(out, "finish");
  const size = statSync(file).size;
  console.log(`generated ${rows.toLocaleString("en-US")} rows, ${(size / 1e6).toFixed(0)} MB, in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const cli = process.env.CHP_CLI
    ? ["node", process.env.CHP_CLI]
    : existsSync("dist/cli/main.js")
      ? ["node", "dist/cli/main.js"]
      : ["npx", "tsx", "src/cli/main.ts"];
  for (const args of [
    ["summary", file, "--json"],
    ["plot", file, "-o", join(dir, "run.png")],
  ]) {
    t0 = performance.now();
    const r = spawnSync("/usr/bin/time", ["-v", ...cli, ...args], { encoding: "utf8", maxBuffer: 1 << 28 });
    const wall = (performance.now() - t0) / 1000;
    const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr)?.[1];
    if (r.status !== 0) console.log(r.stderr.split("\n").slice(0, 5).join("\n"));
    console.log(`chp ${args[0]}: exit ${r.status}, ${wall.toFixed(1)} s wall, peak RSS ${rss ? (Number(rss) / 1024).toFixed(0) : "?"} MB`);
    if (args[0] === "summary" && r.status === 0) {
      const j = JSON.parse(r.stdout) as { total: Record<string, number>; intervals: unknown[] };
      console.log(`  total ${JSON.stringify(j.total)}; ${j.intervals.length} intervals`);
    } else if (r.status === 0) console.log("  " + r.stdout.trim().split("\n").join("\n  "));
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
