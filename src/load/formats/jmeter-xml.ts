/** JMeter results saved as XML (`<testResults>` of `<httpSample>`/`<sample>`): per-request, into intervals. */
import { requestLogReader } from "./request-logs.js";
import type { InputFormat } from "./types.js";

export const jmeterXmlFormat: InputFormat = {
  id: "jmeter-xml",
  describe: "a JMeter XML results file (JTL written as XML)",
  extensions: [".jtl", ".xml"],
  gives: "intervals",
  options: ["skipBadRows", "label", "byLabel", "interval", "start", "end"],
  sniff(head) {
    return /<testResults\b/.test(head.text.slice(0, 4096)) ? 1 : 0;
  },
  ...requestLogReader("jmeter-xml"),
};
