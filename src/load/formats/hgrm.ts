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
    const at = head.lines.slice(0, 50).findIndex((l) => header.test(l.trim()));
    if (at < 0) return 0;
    // After other text (wrk2's report around its spectrum) the header is a weaker sign: the
    // report's own format claims the file.
    return head.lines.slice(0, at).every((l) => l.trim() === "" || l.trim().startsWith("#")) ? 1 : 0.5;
  },
  async read(input) {
    const { readHgrm } = await import("../hgrm.js");
    return { kind: "distribution", format: "hgrm", dist: await readHgrm(input.open(), input.file) };
  },
};
