/** JMeter CSV results (JTL): timeStamp (epoch ms), elapsed (ms), label, success...; with or without a header row. */
import { hasColumns, headerRow } from "./head.js";
import { requestLogOptions, requestLogReader } from "./request-logs.js";
import type { InputFormat } from "./types.js";

export const jtlFormat: InputFormat = {
  id: "jtl",
  describe: "a JMeter CSV results file (JTL)",
  extensions: [".jtl"],
  gives: "intervals",
  options: requestLogOptions,
  sniff(head) {
    if (hasColumns(headerRow(head), "timestamp", "elapsed")) return 1;
    // Written without a header: epoch ms, elapsed, label, ..., success in field 8.
    const f = head.firstLine.split(",");
    return f.length >= 8 && /^\d{12,14}$/.test(f[0]) && /^\d+$/.test(f[1]) && /^(true|false)$/i.test(f[7]) ? 0.9 : 0;
  },
  ...requestLogReader("jtl"),
};
