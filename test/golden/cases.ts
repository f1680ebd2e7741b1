/**
 * The golden outputs: every bundled sample drawn and analysed by the CLI exactly as a user would.
 * `npm run golden` (scripts/make-golden.ts) rewrites them; test/golden/golden.test.ts regenerates
 * them in a temporary folder and compares. Regenerate after a deliberate change to the analysis or
 * the plot, look at the PNGs, and commit them with the change.
 */
import { join } from "node:path";

export const goldenDir = "test/golden";

export interface GoldenCase {
  /** Output base name in test/golden. */
  name: string;
  /** chp arguments after the command, with the input file first. */
  args: string[];
}

export const goldenCases: GoldenCase[] = [
  { name: "web-steady", args: ["data/web-steady.csv"] },
  { name: "lock-contention", args: ["data/lock-contention.csv", "--splits", "3"] },
  { name: "api-latency", args: ["data/api-latency.tsv", "--q", "1"] },
];

export const plotTypes = ["png", "svg", "vl.json"] as const;

/** The argv lists that make one case's outputs in `dir`: [output file, argv] pairs. */
export function goldenRuns(c: GoldenCase, dir: string): [string, string[]][] {
  const runs: [string, string[]][] = plotTypes.map((t) => {
    const out = join(dir, `${c.name}.headroom.${t}`);
    return [out, ["plot", ...c.args, "-o", out]];
  });
  // `chp analyze` takes the analysis flags only: drop plot-only ones (--splits N).
  const analyzeArgs = c.args.filter((a, i, all) => a !== "--splits" && all[i - 1] !== "--splits");
  runs.push([join(dir, `${c.name}.analysis.json`), ["analyze", ...analyzeArgs]]);
  return runs;
}
