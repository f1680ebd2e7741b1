/**
 * Files chp recognises but does not read yet: other load-test tools' outputs and metrics-server
 * answers. Each is registered so that it is named in a clear error instead of being misread as a
 * time series or a per-request CSV (a JMeter statistics.json holds per-label totals, not a time axis).
 * A reader replaces an entry here.
 */
import { DataError } from "../../errors.js";
import { formatMessage } from "../../messages.js";
import { hasColumns, headerRow } from "./head.js";
import type { InputFormat, InputHead, LoadOptions } from "./types.js";

interface Recognised {
  id: string;
  describe: string;
  extensions?: readonly string[];
  /** What the user can do meanwhile, if anything. */
  hint?: string;
  sniff(head: InputHead, options: LoadOptions): number;
}

/** The first `bytes` of the head with all white space removed, for JSON signatures. */
const compact = (head: InputHead, bytes = 4096) => head.text.slice(0, bytes).replace(/\s+/g, "");

const recognised: readonly Recognised[] = [
  {
    id: "locust-failures",
    describe: "a Locust --csv failures list (*_failures.csv: error messages and their counts, no response times)",
    hint: "chp reads the *_stats_history.csv (a time series) and the *_stats.csv (a summary) Locust writes beside it",
    sniff: (h) => (hasColumns(headerRow(h), "method", "name", "error", "occurrences") ? 1 : 0),
  },
  {
    id: "locust-exceptions",
    describe: "a Locust --csv exceptions list (*_exceptions.csv: tracebacks, no response times)",
    hint: "chp reads the *_stats_history.csv (a time series) and the *_stats.csv (a summary) Locust writes beside it",
    sniff: (h) => (hasColumns(headerRow(h), "count", "message", "traceback", "nodes") ? 1 : 0),
  },
  {
    id: "jmeter-statistics",
    describe: "a JMeter dashboard statistics.json (per-label totals, no time axis)",
    sniff: (h) => (/"transaction":"[^"]*","sampleCount":/.test(compact(h)) ? 1 : 0),
  },
  {
    id: "guesstimate",
    describe: "a Guesstimate space",
    hint: "chp model reads it",
    sniff: (h) => {
      const c = compact(h, 65536);
      return /^\{/.test(c) && /"graph":\{/.test(c) && /"metrics":\[/.test(c) && /"guesstimates":\[/.test(c) ? 1 : 0;
    },
  },
];

/** The recognised-but-unread formats as registry entries: each read() is a DataError naming the format. */
export const recognisedFormats: readonly InputFormat[] = recognised.map((r) => ({
  id: r.id,
  describe: r.describe,
  extensions: r.extensions ?? [],
  gives: null,
  options: [],
  unsupported: true,
  sniff: r.sniff,
  async read(input) {
    throw new DataError(formatMessage.notReadYet(r.describe, r.hint), { file: input.file });
  },
}));
