/** HdrHistogram percentile output (`outputPercentileDistribution`, text or CSV): one distribution. */
import type { InputFormat } from "./types.js";

const header = /^"?Value"?\s*[,\s]\s*"?Percentile"?\s*[,\s]\s*"?TotalCount"?/;

export const hgrmFormat: InputFormat = {
  id: "hgrm",
  describe: "HdrHistogram percentile output (.hgrm, text or CSV)",
  extensions: [".hgrm"],
  gives: "distribution",
  options: ["inputUnit"],
  sniff(head) {
    return head.lines.slice(0, 50).some((l) => header.test(l.trim())) ? 1 : 0;
  },
  async read(input) {
    const { readHgrm } = await import("../hgrm.js");
    return { kind: "distribution", format: "hgrm", dist: await readHgrm(input.open(), input.file) };
  },
};
