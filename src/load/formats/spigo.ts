/** spigo simulator histograms: a `name:`/`quantiles:` header and a From/To/Count table, or `Total: n` and centroids. */
import type { InputFormat } from "./types.js";

export const spigoFormat: InputFormat = {
  id: "spigo",
  describe: "a spigo histogram (bucket table or centroids)",
  extensions: [],
  gives: "distribution",
  options: ["inputUnit"],
  sniff(head) {
    const first = head.firstLine.trim();
    if (/^(name|quantiles):/.test(first) || /^Total:\s*\d+/.test(first)) return 1;
    return head.lines.some((l) => /^\s*From\s+To\s+Count\b/.test(l)) ? 1 : 0;
  },
  async read(input) {
    const { readSpigo } = await import("../spigo.js");
    return { kind: "distribution", format: "spigo", dist: await readSpigo(input.open(), input.file) };
  },
};
