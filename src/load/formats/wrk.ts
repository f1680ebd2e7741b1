/**
 * wrk and wrk2 `--latency` text output: wrk2's Detailed Percentile spectrum (HdrHistogram
 * percentile output) or wrk's Latency Distribution and Thread Stats, as one distribution in ms.
 */
import type { InputFormat } from "./types.js";

export const wrkFormat: InputFormat = {
  id: "wrk",
  describe: "wrk/wrk2 --latency text output (one run per file)",
  extensions: [],
  gives: "distribution",
  options: [],
  sniff(head) {
    return head.lines.slice(0, 20).some((l) => /^Running \S+ test @ /.test(l.trim())) ? 1 : 0;
  },
  async read(input) {
    const { readWrk } = await import("../wrk.js");
    return { kind: "distribution", format: "wrk", dist: await readWrk(input.open(), input.file) };
  },
};
