/** `hey -o csv`: one row per request, response-time and offset in seconds, status-code. */
import { hasColumns, headerRow } from "./head.js";
import { requestLogOptions, requestLogReader } from "./request-logs.js";
import type { InputFormat } from "./types.js";

export const heyFormat: InputFormat = {
  id: "hey",
  describe: "a hey per-request CSV (hey -o csv)",
  extensions: [],
  gives: "intervals",
  options: requestLogOptions,
  sniff(head) {
    return hasColumns(headerRow(head), "response-time", "offset") ? 1 : 0;
  },
  ...requestLogReader("hey"),
};
