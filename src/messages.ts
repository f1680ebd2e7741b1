/**
 * Every user-facing message, as functions. Library code builds its errors and
 * warnings from these; tests assert against them, so wording lives in one place.
 */

/** Text from a file cut to `max` characters: a message never echoes a whole 200,000-character cell. */
const cut = (text: string, max = 40): string => (text.length > max ? text.slice(0, max) + "..." : text);

/** A cell or name from a file as a JSON string, cut to `max` characters. */
const quoted = (text: string, max = 40): string => JSON.stringify(cut(text, max));

/** Epoch seconds as an ISO date-time (UTC) where a Date can hold it, else as seconds. */
const epochText = (t: number): string => (Math.abs(t) < 8.64e12 ? new Date(Math.round(t * 1000)).toISOString() : `${t} s`);

/** Longest detail (a line's text, as a reader describes it) a message shows. */
const detailLength = 200;

/** Longest name, and most names, a list in a message shows. */
const listedName = 100;
const listedNames = 30;

/** Names from a file (columns, labels) as JSON strings: each cut to 100 characters, at most 30 of them. */
const list = (names: readonly string[]): string =>
  names.length
    ? names
        .slice(0, listedNames)
        .map((n) => quoted(n, listedName))
        .join(", ") + (names.length > listedNames ? `, ... (${names.length} in all)` : "")
    : "(none)";

export const message = {
  fileNotFound: (file: string) => `no such file: ${file}`,
  notAFile: (file: string) => `not a regular file: ${file}`,
  cannotRead: (file: string, why: string) => `cannot read ${file}: ${why}`,
  emptyFile: () => "the file is empty",
  noHeader: (cells: readonly string[]) =>
    `no header row: the first line (${cells
      .slice(0, 4)
      .map((c) => cut(c))
      .join(", ")}${cells.length > 4 ? ", ..." : ""}) holds numbers, not column names; add a header line such as "timestamp,throughput,response"`,
  duplicateColumn: (name: string) => `column name ${quoted(name, listedName)} appears twice in the header`,
  unknownColumn: (flag: string, name: string, available: readonly string[]) =>
    `${flag} ${JSON.stringify(name)}: no such column; the columns are ${list(available)}`,
  noColumnFor: (role: string, flag: string, available: readonly string[]) =>
    `cannot tell which column holds ${role}: none of ${list(available)} is named like it; name it with ${flag}`,
  noNumericColumn: (available: readonly string[]) => `no numeric column: the columns are ${list(available)}`,
  notANumber: (cell: string) => `${quoted(cell)} is not a number`,
  notFinite: (cell: string) => `${quoted(cell)} is not a finite number`,
  badTimestamp: (cell: string) =>
    /^\s*\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?)?\s*(?:Z|[+-]\d{2}(?::?\d{2})?)?\s*$/i.test(cell)
      ? `${quoted(cell)} is not a timestamp: no such date or time (a month, day, hour, minute, second or zone offset out of range)`
      : `${quoted(cell)} is not a timestamp (expected epoch seconds or milliseconds, or ISO 8601 such as 2024-05-01T12:00:00Z)`,
  wrongFieldCount: (got: number, expected: number) => `the row has ${got} fields but the header has ${expected}`,
  csvSyntax: (why: string) => `CSV syntax error: ${why}`,
  noDataRows: () => "no data rows after the header",
  noValidValues: (column: string) => `column ${quoted(column, listedName)} has no numeric value`,

  tooFewRows: (n: number, when: string) => `only ${n} row${n === 1 ? "" : "s"} left ${when}: a headroom plot needs at least 2`,
  badQ: (q: number) => `q must be a number in (0, 1] (got ${q})`,

  // Usage
  outputIsInput: (path: string) => `refusing to write ${path}: it is one of the input files`,
  noOutputFolder: (path: string, dir: string) => `cannot write ${path}: the folder ${dir} does not exist`,
  cannotWrite: (path: string, why: string) => `cannot write ${path}: ${why}`,
  outputNotWritable: (path: string, what: string) =>
    `refusing to write ${path}: it is ${what}, not a file; name a file (a character device such as /dev/null, or a FIFO, is written in place)`,
  outputsCollide: (first: string, second: string, path: string) =>
    `${first} and ${second} both name ${path}: one output would replace the other; give them different names`,
  unknownOutputType: (path: string) => `cannot tell the output type of ${path}: use a name ending in .png, .svg, .html or .vl.json`,
  unknownCommand: (name: string, known: readonly string[]) => `unknown command ${JSON.stringify(name)}; the commands are ${known.join(", ")} (see chp --help)`,
  missingArgument: (what: string, usage: string) => `missing ${what}; usage: ${usage}`,
  tooManyArguments: (extra: readonly string[], usage: string) => `unexpected argument${extra.length > 1 ? "s" : ""} ${extra.join(" ")}; usage: ${usage}`,
  badOption: (detail: string) => `${detail} (see chp --help)`,
  badNumberOption: (flag: string, value: string, expected: string) => `${flag} ${JSON.stringify(value)}: expected ${expected}`,
  conflictingOptions: (a: string, b: string, why: string) => `${a} cannot be used with ${b}: ${why}`,
} as const;

// Response-time models, mode decomposition and Guesstimate (src/model, chp model/modes/export).
const show = (v: unknown): string => {
  const s = typeof v === "string" ? JSON.stringify(v) : (JSON.stringify(v) ?? String(v));
  return s.length > 40 ? s.slice(0, 40) + "..." : s;
};
export const modelMessage = {
  modelFileNotLatencies: (kind: "model" | "space" | "json") =>
    kind === "model"
      ? "this is a model file (tiers with hit rates), not measured latencies: use chp model"
      : kind === "space"
        ? "this is a Guesstimate space, not measured latencies: use chp model"
        : "a JSON file, not measured latencies: chp modes reads a latency column (CSV/TSV), a from/to/count table, or a histogram (.hgrm, spigo)",
  notJson: (why: string) => `not valid JSON: ${why}`,
  notAModel: () => `neither a response-time model (an object with "tiers") nor a Guesstimate space (an object with "space")`,
  missingField: (path: string, expected: string) => `${path}: missing; expected ${expected}`,
  wrongType: (path: string, value: unknown, expected: string) => `${path}: ${show(value)} is not ${expected}`,
  unknownField: (path: string, key: string, known: readonly string[]) =>
    `${path}: unknown field ${quoted(key, listedName)}; the fields are ${known.join(", ")}`,
  notAProbability: (path: string, value: unknown) => `${path}: ${show(value)} is not a probability in [0, 1]`,
  latencyKind: (path: string, kinds: readonly string[], found: readonly string[]) =>
    `${path}: needs exactly one of ${kinds.join(", ")}${found.length ? ` (found ${found.join(", ")})` : ""}`,
  badInterval: (path: string, kind: string, low: number, high: number) =>
    kind === "lognormal"
      ? `${path}: [${low}, ${high}] is not a 90% interval of a lognormal: it needs 0 < low < high`
      : `${path}: [${low}, ${high}] needs low < high`,
  noTiers: (path: string) => `${path}: a model needs at least one tier`,
  tooManyTiers: (path: string, n: number) => `${path}: ${n} tiers; at most 255`,
  lastTierHitRate: (path: string, value: number) => `${path}: ${value}: the last tier serves every request that reaches it; leave hitRate out (or set it to 1)`,
  duplicateName: (path: string, name: string) => `${path}: the name ${quoted(name, listedName)} is used twice`,
  emptyEmpirical: (path: string) => `${path}: no finite sample`,
  dataFile: (path: string, file: string, why: string) => `${path}: cannot use ${file}: ${why}`,
  noLatencyColumn: (available: readonly string[]) =>
    `cannot tell which column holds latencies: none of ${list(available)} is named like one; name it with "column" (model file) or --column`,
  nonPositive: (count: number, what: string) => `${count} value${count === 1 ? "" : "s"} <= 0 in ${what}: lognormal modes need positive latencies`,
  tooFewForModes: (n: number, k: number) => `only ${n} value${n === 1 ? "" : "s"}: too few to fit ${k} mode${k === 1 ? "" : "s"}`,

  // Sweeps and options
  badSweep: (raw: string, value?: string) =>
    `--sweep ${JSON.stringify(raw)}: ${value === undefined ? "expected TIER=a,b,c" : `${JSON.stringify(value)} is not a hit rate`}; give fractions from 0 to 1 as the model file does (memcached=0.4,0.6) or percentages with % (memcached=40%,60%)`,
  unknownSweepTier: (name: string, tiers: readonly string[]) => `--sweep: no tier named ${JSON.stringify(name)} with a hit rate; the tiers are ${list(tiers)}`,
  sweepTwice: (name: string, first: string, second: string) =>
    `--sweep: tier ${quoted(name, 100)} is swept twice (${quoted(first, 100)} and ${quoted(second, 100)}): a scenario sets each tier once; give one --sweep per tier`,
  sweepLengths: (lengths: readonly number[]) => `--sweep: every sweep needs the same number of values to pair them into scenarios (got ${lengths.join(", ")})`,
  sweepOnSpace: () => `--sweep and --guesstimate apply to model files, not to Guesstimate spaces`,
  unknownExportFormat: (name: string) => `unknown export format ${JSON.stringify(name)}; the formats are guesstimate`,

  // Guesstimate spaces
  spaceField: (path: string, what: string) => `${path}: ${what}`,
  expressionSyntax: (at: number, why: string) => `at character ${at + 1}: ${why}`,
  unknownMetricReference: (ref: string) => `refers to ${quoted(ref, listedName)}, which is no metric of this space`,
  dataBeyondSamples: (id: string, values: number, samples: number) =>
    `warning: metric ${id} holds ${values} DATA values, more than the ${samples} samples: a FUNCTION reading it uses only the first ${samples}, in order (as Guesstimate does); use --samples ${values} to use them all`,
  cycle: (ids: readonly string[]) =>
    `metrics refer to each other in a cycle: ${ids.length > 12 ? [...ids.slice(0, 10), `... (${ids.length - 1} metrics)`, ids[ids.length - 1]].join(" -> ") : ids.join(" -> ")}`,
  spaceFieldNotText: (field: string, value: unknown) => `"${field}" is ${cut(JSON.stringify(value) ?? String(value), 40)}, not text`,
  badData: (why: string) => `DATA: "data" ${why}`,
  unknownSpaceReference: (text: string) => `${quoted(text, listedName)} is no metric reference; expected \${metric:ID}`,
  deletedMetric: (id: string) => `Metric depends on deleted metric (${quoted(id, listedName)} is no metric of this space)`,
  brokenInput: (inputs: readonly string[], upstream: readonly string[]) =>
    `Broken ${[
      inputs.length ? `input${inputs.length > 1 ? "s" : ""} ${inputs.join(", ")}` : "",
      upstream.length ? `upstream input${upstream.length > 1 ? "s" : ""} ${upstream.join(", ")}` : "",
    ]
      .filter(Boolean)
      .join(" and ")}`,
  samplingError: (cause: string | null) => `Sampling error detected${cause ? ` (${cause})` : ""}`,
  notANumberSample: (what: string) => `a sample is ${what}, not a finite number`,
  divisionByZero: () => `Division by zero detected (a sample is infinite)`,
  allFiltered: () => `All samples removed in filtering`,
  functionUnits: () => `Functions cannot contain units or symbols`,
  incompleteFunction: () => `Enter arguments for functions inside parentheses: cos(AB)`,
  nothingToPlot: (id: string, error: string | null) => `-o: metric ${id} has no samples to plot${error ? ` (${error})` : ""}`,
  emptyInput: (id: string) => `input ${id} has no value`,
  stackExhausted: () => `nested too deeply for mathjs (the call stack ran out): write the metric as several metrics`,
  firstCommaOnly: (text: string, value: number) => `${quoted(text)} reads as ${value}: Guesstimate removes only the first comma of a number`,
  legacyInput: () =>
    `note: the space keeps its text in the legacy "input" field (Guesstimate before August 2016), evaluated here as the 2016 app did (bare readableIds); today's Guesstimate simulates only "expression" and shows such metrics only after an edit`,
  metricErrors: (first: string, count: number) =>
    `${first}${count > 1 ? ` (and ${count - 1} more metric${count > 2 ? "s" : ""} with errors: see the table)` : ""}`,
  noResponseMetric: () => `the space has no metric to evaluate`,
  unknownMetric: (id: string, known: readonly string[]) => `--metric ${JSON.stringify(id)}: no such metric; the metrics are ${known.join(", ")}`,
} as const;

/** Histogram and log loaders: src/load/hdr, hgrm, spigo and the request logs. */
export const histogramMessage = {
  truncated: (detail: string) => `the histogram encoding is truncated: ${detail}`,
  badBase64: (detail: string) => `the histogram is not valid base64: ${detail}`,
  inflatesBeyondRange: (most: number, counts: number) =>
    `the compressed histogram inflates to more than ${most.toLocaleString("en-US")} bytes, the most a histogram of its header's range and precision (${counts.toLocaleString("en-US")} counts) can take: a damaged or hostile encoding`,
  payloadBeyondRange: (announced: number, most: number, counts: number) =>
    `the histogram header announces ${announced.toLocaleString("en-US")} payload bytes, more than the ${most.toLocaleString("en-US")} a histogram of its range and precision (${counts.toLocaleString("en-US")} counts) can take: a damaged or hostile encoding`,
  inflatesBeyondHeader: (bytes: number) =>
    `the compressed histogram inflates to more than the ${bytes.toLocaleString("en-US")} bytes its header announces: a damaged or hostile encoding`,
  badZlib: (why: string) => `the compressed histogram does not inflate (bad zlib data: ${why})`,
  unknownCookie: (cookie: string) =>
    `unknown histogram encoding cookie ${cookie}: expected an HdrHistogram V0, V1 or V2 encoding (base64 text starting "HIST")`,
  badHeader: (field: string, value: number, expected: string) => `histogram header field ${field} is ${value}: expected ${expected}`,
  negativeCount: (index: number, count: number) => `negative count ${count} at index ${index} of the histogram`,
  zeroRunTooLong: (run: number, index: number) =>
    `histogram encoding: a run of ${run < 1e15 ? run.toLocaleString("en-US") : run.toPrecision(4)} empty buckets at index ${index} is longer than 2,147,483,647 (Java's Integer.MAX_VALUE): Java HdrHistogram rejects it ("An encoded zero count of > Integer.MAX_VALUE"); the encoding is damaged`,
  countTooLarge: (count: number, index: number) =>
    `histogram encoding: a count of ${count.toPrecision(4)} at index ${index} is above 2^52 (4.5e15), the largest count chp decodes exactly; the encoding is damaged`,
  countBeyondRange: (index: number, capacity: number) => `a count at index ${index} lies beyond the histogram's range (${capacity} counts)`,
  hlogBadLine: (detail: string) => `not an HdrHistogram log line: ${cut(detail, detailLength)}`,
  hlogNoneInRange: (start: number | null, end: number | null, span: readonly [number, number]) =>
    `no interval starts in --start ${start ?? "(the log's start)"} --end ${end ?? "(its end)"} (seconds after the log's start): its intervals start from ${+span[0].toFixed(3)} to ${+span[1].toFixed(3)} s`,
  hlogNoIntervals: (tag: string | null, tags: readonly string[]) =>
    tag === null
      ? `no untagged interval histograms${tags.length ? `; the log's tags are ${list(tags)} (choose one with --tag)` : ""}`
      : `no interval histograms with tag ${JSON.stringify(tag)}; the log's tags are ${list(tags)}`,
  notThisFormat: (expected: string, found: string) => `expected ${expected}, but the file looks like ${found}`,
  hgrmBadRow: (detail: string) => `not an .hgrm percentile row: ${cut(detail, detailLength)}`,
  hgrmNoRows: () => "no percentile rows (Value, Percentile, TotalCount) in the file",
  spigoBadRow: (detail: string) => `not a spigo histogram row: ${cut(detail, detailLength)}`,
  spigoNoRows: () => "no histogram rows in the spigo file",
  requestLogBadCell: (what: string, cell: string) => `${quoted(cell)} is not ${what}`,
  requestLogNoColumn: (role: string, flag: string, available: readonly string[]) =>
    `cannot tell which column holds ${role}: the columns are ${list(available)}; name it with ${flag}`,
  requestLogNoRows: () => "no requests in the file",
  negativeLatency: (value: number) => `a response time cannot be negative (got ${value})`,
  unknownFormat: (file: string) =>
    `cannot tell the format of ${file}: expected a time-series CSV, an HdrHistogram log (.hlog), .hgrm percentiles, a spigo histogram, or a per-request log (JMeter .jtl, hey CSV)`,
  noLabel: (label: string, labels: readonly string[]) =>
    `no requests with label ${JSON.stringify(label)}; the labels are ${labels
      .slice(0, 10)
      .map((l) => quoted(l, listedName))
      .join(", ")}${labels.length > 10 ? ", ..." : ""}`,
  badUnit: (flag: string, unit: string) => `${flag} ${JSON.stringify(unit)}: expected one of ns, us, ms, s`,
  badOffset: (flag: string, value: string) => `${flag} ${JSON.stringify(value)}: expected seconds after the log's start, 0 or more (a number, or 10s, 1m)`,
  badLike: (flag: string, value: string) => `${flag} ${JSON.stringify(value)}: expected jmeter (the only tool whose report definitions chp reproduces)`,
  seriesUnitUnknown: (file: string, column: string) =>
    `cannot convert with --unit: the response column ${JSON.stringify(column)} of ${file} states no unit (a name such as response_ms or latency_s states it)`,
  unknownSampleUnit: (file: string) =>
    `--like jmeter needs the response times in ms: the unit of ${file}'s latency column is not known; state it with --input-unit ns|us|ms|s`,
  unknownInputUnit: (file: string) => `cannot convert with --unit: the unit of ${file}'s values is not known; state it with --input-unit ns|us|ms|s`,
  analyzeNeedsIntervals: (file: string) =>
    `${file} holds one response-time distribution, not intervals over time: the headroom analysis needs intervals (chp summary and chp plot show the distribution)`,
  badInterval: (value: string) => `--interval ${JSON.stringify(value)}: expected a duration such as 10s, 500ms, 1m`,
  badResponseStat: (value: string) => `--response ${JSON.stringify(value)}: expected one of mean, p50, p90, p95, p99, p999, max`,
} as const;

/** Notebook display: the display helpers of src/notebook. */
export const notebookMessage = {
  notInNotebook: () =>
    "show() displays in a Jupyter notebook running the tslab kernel; outside one, use mimeBundle() for the outputs, or renderSvg()/renderPng() for a plot",
  cannotShow: (what: string) =>
    `show() cannot display ${what}: pass a Vega-Lite spec, a headroom analysis, a histogram, a summary (or an object of summaries), an array of row objects or an object of numbers`,
  noDisplay: () => "the tslab kernel is running, but chp found no display function in it (tested with tslab 1.0.22)",
} as const;

/** Bad input and safe outputs: bad-input handling, --skip-bad-rows and the output writers (src/load/series-checks.ts, src/cli). */
export const reliabilityMessage = {
  negativeValue: (role: "throughput" | "response", cell: string) =>
    role === "throughput"
      ? `throughput ${cut(cell)} is negative: a rate of work cannot be below 0; fix the export, or skip such rows with --skip-bad-rows`
      : `response time ${cut(cell)} is negative: a duration cannot be below 0 (a clock step or an overflow?); fix the export, or skip such rows with --skip-bad-rows`,
  mixedTimestamps: (cell: string, found: string, first: string, firstLine: number) =>
    `timestamp ${quoted(cell)} is ${found}, but the column's timestamps are ${first}${firstLine > 0 ? ` (from line ${firstLine})` : ""}: use one format in the column (files joined from two exports?), or skip the odd rows with --skip-bad-rows`,
  lineTooLong: (limit: string) =>
    `the first line is longer than ${limit} with no line break: this is not a CSV/TSV of metrics (a binary file, or one written without newlines?)`,
  lineOverLimit: (limit: string) =>
    `the line is longer than ${limit} with no line break: chp reads no line this long (a binary file, a file written without newlines, or a quoted field never closed?)`,
  binaryInput: (offset: number) =>
    `${offset === 0 ? "the start" : `character ${offset + 1}`} is not text: this looks like a binary file (a compressed file that is not gzip, or the wrong file?)`,
  gzipTrailingJunk: () =>
    `the gzip data is followed by bytes that are not gzip (junk appended to the file after compressing?): cut them off, or compress the file again`,
  emptyStdin: () => `stdin (-) is empty: nothing was piped in`,
  elapsedFar: (latency: number, unit: string, seconds: number) =>
    `response time ${latency}${unit ? ` ${unit}` : ""} (${(seconds / 86_400).toPrecision(3)} days) ends the request far outside the run, though it starts within it: a wrong response time (an overflow, or the wrong unit?), not a wrong timestamp`,
  badGzip: (why: string) => `the gzip data is damaged or cut short (${why}): an interrupted copy or download? copy the file again`,
  decimalComma: (line: number, cell: string, delimiter = ";") =>
    `warning: read decimal commas (${quoted(cell)} at line ${line} = ${cut(cell.replace(",", "."))}): the file uses ${delimiter === "\t" ? "tabs" : JSON.stringify(delimiter)} between fields, as a European spreadsheet export does`,
  outOfOrder: (count: number, line: number) =>
    `warning: ${count} row${count === 1 ? "" : "s"} out of time order (first at line ${line}): sorted by time (stable) before the analysis`,
  duplicateTimes: (count: number, example: string) =>
    `warning: ${count} row${count === 1 ? " has" : "s have"} the timestamp of an earlier row (first: ${example}): kept both; if the file joins several hosts or runs, split it`,
  skippedRows: (count: number, file: string, line: number, reason: string) =>
    `skipped ${count} bad row${count === 1 ? "" : "s"} (first at ${file}:${line}: ${reason})`,
  noSuccessColumn: (kind: string) =>
    `warning: no success column in this ${kind === "jtl" ? "JTL" : "request log"}: every request is counted as successful (add JMeter's "success" field to the saved results to count failures apart)`,
  trimmedTies: (value: number) => `the response is ${value} in every remaining row, so trimming at the quantile keeps none: use --q 1 to keep them all`,
  skipHint: () => `fix the row, or skip unreadable rows with --skip-bad-rows`,
  allRowsBad: (count: number, line: number, reason: string) => `no readable data row: all ${count} were skipped (the first at line ${line}: ${reason})`,
  quantilesFall: (p1: number, v1: number, p2: number, v2: number) =>
    `the quantiles header says p${p2} = ${v2} is below p${p1} = ${v1}: quantiles cannot fall as p rises; the header is damaged`,
  timeSpan: (t: number, first: number, max: number, length: number) =>
    `time ${t} s lies ${Math.abs(t - first).toPrecision(3)} s from the first request's (${first} s), more than ${max.toLocaleString("en-US")} intervals of ${length} s: a wrong timestamp (seconds among milliseconds?)`,
  farTime: (t: number, min: number, max: number, before: number) =>
    `time ${epochText(t)} lies ${Math.round(Math.abs(t > max ? t - max : min - t) / 86_400).toLocaleString("en-US")} days ${t > max ? "after" : "before"} the ${before === 1 ? "request" : `${before.toLocaleString("en-US")} requests`} before it (${before === 1 ? epochText(min) : `${epochText(min)} to ${epochText(max)}`}): a wrong timestamp far outside the run (more than 366 days, or 10 times the run so far, beyond it)${before <= 10 ? `, or ${before === 1 ? "that request's is" : "theirs are"}: fix the wrong one (--skip-bad-rows would keep the first rows and skip the rest)` : ""}`,
  timeBeyondDates: (what: "timestamp" | "interval start" | "interval end", text: string, seconds: number) =>
    `${what} ${quoted(text)} is ${seconds.toPrecision(4)} s from 1970, beyond what a date can hold (+-8.64e12 s, about 273,790 years): a wrong timestamp or a wrong unit; fix the row, or skip it with --skip-bad-rows`,
  trimmedMost: () => `most responses equal the cutoff, so trimming keeps too few: use a larger --q, or --q 1 to keep every row`,
  interrupted: () => `interrupted: the output being written was removed (no partial file is left)`,
} as const;

/** Decimal and thousands separators in a numeric column (src/load/decimal-separators.ts). */
export const separatorMessage = {
  ambiguous: (cell: string, decimal: number, grouped: number) =>
    `${quoted(cell)} reads as ${decimal} with a decimal comma or as ${grouped} with a thousands comma, and no earlier cell of the column tells which: write it without the thousands separator (${grouped}) or with a decimal point (${decimal})`,
  mixed: (cell: string, decimal: number, grouped: number | null, seen: string, seenLine: number) =>
    `${quoted(cell)} reads as ${decimal}${grouped === null ? "" : ` (or as ${grouped}, if its ${cell.includes(",") ? "comma" : "point"} groups thousands)`}, but the column's ${quoted(seen)} at line ${seenLine} uses a decimal ${seen.includes(",") ? "comma" : "point"}: one column mixes decimal points and commas; write every cell the same way`,
} as const;

/** Request-log merge: several per-request logs read as one, and --by-label. */
export const requestLogMergeMessage = {
  mixedMerge: (hlogFile: string, otherFile: string) =>
    `several files are merged only when all are HdrHistogram logs (.hlog) or all are per-request logs (JTL, hey, per-request CSVs): ${hlogFile} is an HdrHistogram log and ${otherFile} is not`,
  notMergeable: (file: string) =>
    `several files are merged only when all are HdrHistogram logs (.hlog) or all are per-request logs (JTL, hey, per-request CSVs); ${file} is neither`,
  unitMismatch: (file: string, what: string, firstFile: string, firstWhat: string) =>
    `cannot merge ${file} with ${firstFile}: its response times are ${what} where ${firstFile}'s are ${firstWhat}; merge logs of one kind and unit (or give --input-unit)`,
  timeMismatch: (file: string, firstFile: string) =>
    `cannot merge ${file} with ${firstFile}: one has absolute (epoch) times and the other times relative to its run's start, so they cannot be aligned`,
  byLabelNoColumn: (header: readonly string[]) =>
    `--by-label needs a label column, and none was found in the header (${header
      .slice(0, listedNames)
      .map((h) => cut(h, listedName))
      .join(", ")}${header.length > listedNames ? ", ..." : ""}): expected a column named label, name, endpoint, operation, request, transaction or url`,
  tooManyLabels: (max: number, label: string) =>
    `more than ${max} labels (the next is ${JSON.stringify(label.length > 60 ? label.slice(0, 60) + "..." : label)}): --by-label keeps one histogram per label per interval, so it stops at ${max}; pick labels with --label, or group them before summarising`,
  byLabelNeedsRequestLog: (file: string) => `--by-label applies to per-request logs (JTL, hey, per-request CSVs); ${file} is not one`,
  byLabelWithLabel: () => `--by-label splits every label; it cannot be combined with --label (which picks one)`,
} as const;

/** Input formats: choosing one for a file, and the options each takes. */
export const formatMessage = {
  likeNeedsSamples: (file: string, format: string) =>
    `--like jmeter: ${file} is read as ${format}, which holds no per-request samples; JMeter's statistics are computed from every request (a JTL, a JMeter XML, a Gatling simulation.log, a per-request CSV)`,
  unknownFormatId: (id: string, ids: readonly string[]) =>
    `--format ${JSON.stringify(id)}: no such format; the formats are ${ids.join(", ")} (chp formats describes them)`,
  unknownFormat: (columns: string | null, start: string) =>
    `cannot tell the format: ${columns !== null ? `a header with the columns ${columns}` : `it starts ${JSON.stringify(start.length > 60 ? start.slice(0, 60) + "..." : start)}`}, which no format chp reads matches; chp formats lists them (name one with --format)`,
  ambiguousFormat: (ids: readonly string[]) => `the content fits several formats equally (${ids.join(", ")}): name one with --format`,
  notThisFormat: (expected: string, found: string) =>
    `the file's name says it is ${expected}, but its content looks like ${found}; if the name is wrong, name the format with --format`,
  notReadYet: (describe: string, hint?: string) =>
    `this is ${describe}, which chp does not read yet${hint ? `; meanwhile ${hint}` : ""} (chp formats lists what it reads)`,
  rangeNotForFormat: (option: string, file: string, describe: string) =>
    `${optionFlag(option)} does not apply to ${file}, which is ${describe}: --start/--end select the intervals of an HdrHistogram log, or the requests of a per-request log, by their time after the log's start; this format has no time axis to select on`,
  optionNotForFormat: (option: string, file: string, describe: string) => `${optionFlag(option)} does not apply to ${file}, which is ${describe}`,
  noInputs: () => "no input file given",
  stdinTwice: () => "stdin (-) can be read only once",
  cannotMerge: (describe: string) => `several inputs of ${describe} cannot be merged`,
  notSeries: (file: string, describe: string) => `${file} is ${describe}: it gives no throughput and response per interval`,
} as const;

/** The command-line flag of a reader option, for messages. */
export function optionFlag(option: string): string {
  return `--${option.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

/** The argv layer: flags a command does not take, and help. */
export const cliMessage = {
  unknownOption: (flag: string, command: string, suggestion: string | null) =>
    `unknown option ${flag}${suggestion !== null ? `; did you mean ${suggestion}?` : ""} (see chp ${command} --help)`,
  optionOfOtherCommand: (flag: string, owners: readonly string[], command: string) =>
    `${flag} is an option of ${owners
      .map((c) => `chp ${c}`)
      .join(", ")
      .replace(/, ([^,]*)$/, " and $1")}, not of chp ${command} (see chp ${command} --help)`,
  helpUsage: () => "chp help [COMMAND]",
} as const;

/** Load-test tools' own outputs: Locust --csv, ApacheBench -g/-e, wrk and wrk2 --latency. */
export const loadToolMessage = {
  locustMissingColumns: (what: string, missing: readonly string[], header: readonly string[]) =>
    `not ${what}: no column ${missing.map((m) => JSON.stringify(m)).join(", ")}; the columns are ${list(header.slice(0, 24))}${header.length > 24 ? ", ..." : ""}`,
  locustBadCell: (column: string, cell: string) => `${quoted(cell)} in column ${JSON.stringify(column)} is not a number (or N/A)`,
  locustFieldCount: (got: number, expected: number) => `the row has ${got} fields but the header has ${expected}`,
  locustEmpty: () => "no rows after the header",
  locustUnknownLabel: (label: string, names: readonly string[]) =>
    `--label ${JSON.stringify(label)}: no rows with that Name; the names are ${list(names.slice(0, 20))}${names.length > 20 ? ", ..." : ""}`,
  locustNoWindowMean: (file: string, columns: readonly string[]) =>
    `--response mean: ${file} is a Locust stats history, whose per-window response columns are percentiles (${columns.join(", ")}), with no per-window mean; choose one of p50, p90, p95, p99, max (the whole run's mean is in chp summary's totals)`,
  locustNoPercentileColumn: (stat: string, column: string, columns: readonly string[]) =>
    `--response ${stat}: this Locust stats history has no ${JSON.stringify(column)} column; its percentile columns are ${list(columns)}`,
  responseAlreadyRead: (file: string, read: string, asked: string) =>
    `--response ${asked}: ${file} was read with the response ${read} (the reader chose the column); load it again with response ${asked}`,
  abMergeOnlyAb: (file: string) => `ApacheBench -g tables merge only with other ab -g tables; ${file} is not one`,
  abPercentilesBadRow: (detail: string) => `not an ab -e percentile row: ${cut(detail, detailLength)}`,
  abPercentilesNoRows: () => `no percentile rows after the "Percentage served,Time in ms" header`,
  abTextNoFigures: () =>
    `no figures in this ApacheBench report: expected "Complete requests:" and the "Total:" connection times or the percentile table (did ab finish?)`,
  wrkSeveralRuns: (runs: number) => `the file holds ${runs} wrk runs ("Running ... test @" lines): chp reads one run per file; split it at each "Running" line`,
  wrkNoLatency: () => `no latency figures: expected wrk2's "Detailed Percentile spectrum" or wrk's "Latency Distribution" (run wrk with --latency)`,
  wrkBadLine: (detail: string) => `not a wrk latency line: ${cut(detail, detailLength)}`,
} as const;

/** Per-request readers beyond CSV: JMeter XML results, Gatling simulation.log, Transaction Controller samples. */
export const requestSinkMessage = {
  transactionsLeftOut: (count: number, labels: readonly string[], byLabel: boolean) =>
    `note: ${count} JMeter Transaction Controller sample${count === 1 ? "" : "s"} (${list(labels.slice(0, 5))}${labels.length > 5 ? ", ..." : ""}) left out of the totals and intervals, as JMeter's dashboard leaves them out of its Total row (their requests are counted one by one)${byLabel ? "; kept as their own labels" : "; --by-label shows them as their own labels"}`,
  noneInRange: (start: number | null, end: number | null, count: number) =>
    `no request completed in --start ${start ?? "(the log's start)"} --end ${end ?? "(its end)"} (seconds after the log's first row): all ${count} fall outside`,
  leftOutOfRange: (count: number, before: number) =>
    `--start/--end: ${count} request${count === 1 ? "" : "s"} outside the range left out${before > 0 ? ` (${before} of them completed before the log's first row, which the range counts from)` : ""}`,
  onlyTransactions: (count: number) =>
    `the file holds only JMeter Transaction Controller samples (${count}), whose requests are not in it: read one with --label NAME`,
  xmlNotResults: (root: string) => `not a JMeter XML results file: the root element is <${root}>, not <testResults>`,
  xmlBadAttribute: (name: string, value: string | undefined, what: string) =>
    value === undefined
      ? `a sample without its ${name} attribute (${what})`
      : `${name}="${value.length > 40 ? value.slice(0, 40) + "..." : value}" is not ${what}`,
  xmlSyntax: (why: string) => `XML syntax error: ${why}`,
  xmlTruncated: () => `the XML ends inside <testResults>: a results file cut short (JMeter still running, or an interrupted copy?)`,
  gatlingBadRequest: (detail: string) => `not a Gatling REQUEST record: ${detail}`,
  gatlingNoRequests: () => `no REQUEST records: a Gatling log of a run that made no request, or cut short`,
} as const;

/** Prometheus-compatible servers (query_range answers, live queries, chp fetch). */
export const prometheusMessage = {
  notJson: (why: string) => `not a Prometheus API answer: the JSON does not parse (${cut(why, detailLength)})`,
  notAnswer: (what: string) => `not a Prometheus API answer: ${what}`,
  serverError: (errorType: string | null, error: string) => `the server answered with an error${errorType ? ` (${errorType})` : ""}: ${cut(error, 500)}`,
  notMatrix: (type: string) => `the answer is a ${JSON.stringify(cut(type))}, not a matrix: a query_range answer (/api/v1/query_range) is needed`,
  badSample: (series: string, index: number, what: string) => `series ${series}, sample ${index + 1}: ${what}`,
  oneAnswer: () =>
    "a query_range answer holds one query: give two answers, the throughput query's first and the response query's second (chp analyze rate.json latency.json), or read the server with --prometheus",
  tooManyAnswers: (n: number) => `${n} Prometheus answers given: give two, the throughput query's first and the response query's second`,
  notPrometheusAnswer: (file: string) => `${file} is not a Prometheus query_range answer: a throughput answer pairs only with a response answer`,
  emptyResult: (query: string, range: string) => `the query ${cut(query, 300)} gave no series over ${range} (empty result)`,
  noValues: (query: string) => `the query ${cut(query, 300)} gave series without one numeric value (every sample NaN)`,
  severalSeries: (query: string, labels: readonly string[]) =>
    `the query ${cut(query, 200)} gives ${labels.length} series (${list(labels.slice(0, 5))}${labels.length > 5 ? ", ..." : ""}): aggregate it (sum(...)) or pick one with --label NAME=VALUE`,
  noSeriesWithLabel: (label: string, labels: readonly string[]) =>
    `--label ${JSON.stringify(label)}: no series has it; the series are ${list(labels.slice(0, 10))}${labels.length > 10 ? ", ..." : ""}`,
  badLabelSelector: (label: string) => `--label ${JSON.stringify(label)}: expected NAME=VALUE (a label of the series, e.g. handler=/api/v1/query)`,
  stepMismatch: (what: string, gap: number, step: number) =>
    `${what}: samples ${gap} s apart do not fit the step of ${step} s (answers of different steps or ranges cannot be joined on time)`,
  stepsDiffer: (a: number, b: number) => `the throughput answer's step is ${a} s and the response answer's ${b} s: query both with the same step`,
  noCommonTimes: () => "the throughput and the response answers share no timestamp: query both over the same range",
  missingValues: (count: number, rows: number, what: string) =>
    `${count} of ${rows} time${rows === 1 ? "" : "s"} have no ${what} value (NaN sample or no sample: no traffic, or a rate over too short a window): kept as missing values`,
  unreachable: (url: string, why: string) => `cannot reach the Prometheus server at ${url}: ${why}`,
  timeout: (url: string, seconds: number) => `the Prometheus server at ${url} did not answer within ${seconds} s (--timeout)`,
  httpStatus: (url: string, status: number, statusText: string, body: string) =>
    `the Prometheus server at ${url} answered HTTP ${status}${statusText ? ` ${statusText}` : ""}${body ? `: ${cut(body.replace(/\s+/g, " ").trim(), 300)}` : ""}`,
  queryError: (query: string, error: string) => `the server rejected the query ${cut(query, 300)}: ${cut(error, 500)}`,
  badUrl: (url: string) => `--prometheus ${JSON.stringify(cut(url, 200))}: expected an http:// or https:// URL (e.g. http://localhost:9090)`,
  badTime: (flag: string, raw: string) =>
    `${flag} ${JSON.stringify(cut(raw, 100))}: expected ISO 8601 (2026-12-07T01:00:00Z), epoch seconds, now, or a time relative to now (-6h, now-30m)`,
  startAfterEnd: (start: number, end: number) => `--start (${epochText(start)}) is not before --end (${epochText(end)})`,
  badStep: (raw: string) => `--step ${JSON.stringify(cut(raw, 100))}: expected a duration of at least 1 s (15s, 1m, 5m)`,
  badTimeout: (raw: string) => `--timeout ${JSON.stringify(cut(raw, 100))}: expected a positive duration (30s, 2m)`,
  needsPrometheus: (flag: string) => `${flag} reads a Prometheus server: give --prometheus URL with it`,
  filesWithPrometheus: (files: readonly string[]) => `--prometheus reads a server, not files: drop ${list(files)} (or drop --prometheus)`,
  needsQueries: () => "--prometheus needs the queries: --metric NAME (a histogram's base name), or --throughput PROMQL and --response PROMQL",
  labelWithMetric: () =>
    "--label picks one of the series a query gives; --metric's queries sum every series into one: put the label in the queries (--throughput and --response) instead",
  metricWithQuery: () => "--metric builds the throughput query itself: give --metric NAME or --throughput PROMQL, not both",
  metricResponse: (raw: string) =>
    `--response ${JSON.stringify(cut(raw, 100))} with --metric: expected mean or a percentile (p50, p90, p95, p99, p999); a PromQL response query goes with --throughput`,
  metricSuffix: (name: string, base: string) => `--metric ${JSON.stringify(name)}: give the histogram's base name (${base}), without _count, _sum or _bucket`,
  noMetric: (name: string, url: string) =>
    `the server at ${url} has no series ${name}: --metric takes a histogram's base name whose _count, _sum and _bucket series exist (http_request_duration_seconds, http_server_requests_seconds)`,
  noScrapeInterval: (name: string) =>
    `cannot tell the scrape interval of ${name} (fewer than 2 samples in the range): give --step, or the queries with --throughput and --response`,
  optionNotForPrometheus: (flag: string) => `${flag} does not apply to --prometheus (it is an option of files)`,
  fetchNeedsOut: () => "chp fetch needs -o FILE.csv (where to save the series)",
  fetchNotCsv: (path: string) => `-o ${JSON.stringify(cut(path, 200))}: chp fetch writes a time-series CSV; name it *.csv`,
  quantileNote: () => "histogram_quantile interpolates linearly within the histogram's buckets: the percentile is only as precise as the bucket layout",
  byBadLabel: (label: string) =>
    `--by ${JSON.stringify(cut(label, 100))}: expected a Prometheus label name (letters, digits and _, not starting with a digit: instance, pod, job)`,
  byWithLabel: () => "--by splits the series by a label; --label picks one series: give one of them",
  byLabelMissing: (query: string, label: string, labels: readonly string[]) =>
    `--by ${label}: the query ${cut(query, 200)} gives series without the label ${label} (${list(labels.slice(0, 5))}${labels.length > 5 ? ", ..." : ""}): aggregate it by (${label})`,
  byDuplicate: (query: string, label: string, value: string) =>
    `--by ${label}: the query ${cut(query, 200)} gives several series with ${label}=${JSON.stringify(cut(value, 100))}: aggregate it with sum by (${label}) (...)`,
  byTooMany: (query: string, label: string, count: number, max: number) =>
    `--by ${label}: the query ${cut(query, 200)} gives ${count} values of ${label}, more than ${max}: narrow it with a selector ({${label}=~"..."}) or choose a coarser label`,
  byValuesDiffer: (label: string, onlyThroughput: readonly string[], onlyResponse: readonly string[]) =>
    `--by ${label}: the throughput and the response queries give different values of ${label}` +
    `${onlyThroughput.length > 0 ? `; only the throughput has ${list(onlyThroughput.slice(0, 5).map((v) => JSON.stringify(cut(v, 60))))}` : ""}` +
    `${onlyResponse.length > 0 ? `; only the response has ${list(onlyResponse.slice(0, 5).map((v) => JSON.stringify(cut(v, 60))))}` : ""}`,
  byPercentileQuery: () =>
    "--by with --response PROMQL: the total's response is the throughput-weighted mean of the parts', right only for a mean (a _sum rate over a _count rate); percentiles of parts cannot be merged: for a percentile give --metric NAME --response pNN, which queries the total from the summed buckets",
  byInGroup: (label: string, value: string, why: string) => `--by ${label}, ${label}=${JSON.stringify(cut(value, 100))}: ${why}`,
  byNoColumn: (label: string, header: readonly string[]) =>
    `--by ${JSON.stringify(cut(label, 100))}: no such column; the columns are ${list(header.slice(0, 10).map((h) => cut(h, 60)))} (a long CSV from chp fetch --by LABEL has a LABEL column)`,
  byNoTotal: (label: string) =>
    `--by ${JSON.stringify(cut(label, 100))}: no total rows (rows whose ${cut(label, 100)} cell is empty, as chp fetch --by writes them): the total's response cannot be merged from the parts' (percentiles do not merge)`,
  byTooManyToPlot: (label: string, count: number, colours: number) =>
    `chp plot --by ${cut(label, 100)}: ${count} values, more than the ${colours} colours a plot tells apart: narrow the query (a selector such as {${cut(label, 100)}=~"..."}) or read them with chp analyze --by`,
  byFileTooMany: (label: string, max: number) => `--by ${JSON.stringify(cut(label, 100))}: more than ${max} values (one series each)`,
} as const;

/** k6's raw outputs (--out csv, --out json) and its summary export. */
export const k6Message = {
  csvNoColumns: (missing: readonly string[]) => `not a k6 --out csv header: no ${list(missing)} column`,
  csvFields: (found: number, expected: number) => `a k6 CSV row with ${found} fields where the header has ${expected} (a row cut short?)`,
  jsonLine: (detail: string) => `not a k6 --out json line: ${cut(detail, detailLength)}`,
  badTime: (time: string) => `the time ${JSON.stringify(cut(time, detailLength))} is not an epoch time or an RFC 3339 date-time`,
  badValue: (metric: string, value: string) => `the ${quoted(metric)} value ${quoted(value)} is not a duration in ms (a number >= 0)`,
  notTrend: (metric: string, type: string, contains: string) =>
    `--metric ${quoted(metric)}: this is a k6 ${type} metric of ${contains}, not a trend of times (http_req_duration, http_req_waiting, iteration_duration or a Trend of your own)`,
  noPoints: (metric: string, seen: readonly string[]) =>
    `no ${quoted(metric)} points in this k6 output${seen.length > 0 ? `; its metrics are ${list(seen)}` : ""}${metric === "http_req_duration" ? " (name another trend with --metric NAME)" : ""}`,
} as const;

/** Load-test tools' JSON reports (k6 summary export, Artillery, Gatling stats.json). */
export const reportMessage = {
  jsonSyntax: (what: string, why: string) => `not ${what}: JSON syntax error: ${cut(why, detailLength)}`,
  k6SummaryNoMetric: (metric: string, trends: readonly string[]) =>
    `no ${quoted(metric)} trend in this k6 summary; its trends are ${list(trends)}${metric === "http_req_duration" ? " (name one with --metric NAME)" : ""}`,
  k6SummaryBadTrend: (metric: string, detail: string) => `the k6 summary's ${quoted(metric)} trend is not readable: ${detail}`,
  artilleryNoIntermediate: (version: string) =>
    `no "intermediate" reports in this Artillery ${version} report: chp reads the per-period entries, not only the aggregate`,
  artilleryBadEntry: (index: number, detail: string) => `Artillery report intermediate[${index}]: ${cut(detail, detailLength)}`,
  artilleryNoLatencies: (index: number, completed: number) =>
    `Artillery report intermediate[${index}]: ${completed} requests completed but no raw "latencies" array (an Artillery 1.x report holds one per entry)`,
  artilleryUnitMismatch: (index: number, maxNs: number, max: number) =>
    `Artillery report intermediate[${index}]: the raw latencies' largest (${maxNs}) is not the entry's own latency.max (${max} ms) in ns: not an Artillery 1.x report as written`,
  gatlingStatsNotStats: () => `not a Gatling statistics JSON: no "numberOfRequests" (expected js/global_stats.json or js/stats.json of a Gatling report)`,
  gatlingStatsNoLabels: (label: string) =>
    `--label ${quoted(label)}: a global_stats.json holds only the run's totals; the per-request statistics are in the report's js/stats.json`,
  gatlingStatsBad: (key: string, value: string) => `the Gatling statistic ${key} is ${cut(value, detailLength)}, not a number of ms or requests`,
  gatlingBinaryNotRun: (type: number) =>
    `not a Gatling binary simulation.log: it starts with a record of type ${type}, not the RUN record (0) Gatling 3.13 and later write first`,
  gatlingBinaryBad: (record: number, what: string) => `record ${record + 1} of the binary Gatling log holds ${what}: a damaged file, or not Gatling's`,
  gatlingBinaryTruncated: (records: number, version: string) =>
    `the binary Gatling log${version ? ` (Gatling ${version})` : ""} ends inside record ${records + 1}: a log cut short (Gatling still running, or an interrupted copy?)`,
  artilleryNoStat: (index: number, metric: string, stat: string) =>
    `Artillery report intermediate[${index}]: ${metric} has no ${stat} (--response picks mean, p50, p90, p95, p99, p999 or max)`,
  artilleryNoEndpoint: (label: string, endpoints: readonly string[]) =>
    endpoints.length === 0
      ? `--label ${quoted(label)}: this Artillery report holds no per-endpoint metrics (the metrics-by-endpoint plugin writes them: config.plugins.metrics-by-endpoint)`
      : `--label ${quoted(label)}: no such endpoint in this Artillery report; its endpoints are ${list(endpoints.slice(0, 20))}${endpoints.length > 20 ? ", ..." : ""}`,
} as const;

/** vegeta's results (vegeta encode --to csv, --to json). */
export const vegetaMessage = {
  csvFields: (found: number) =>
    `a vegeta CSV result has 12 fields (9 before vegeta 12.8): timestamp, code, latency, bytes out, bytes in, error, body, attack, seq[, method, url, headers]; this record has ${found}`,
  csvFieldsChanged: (found: number, expected: number) => `a vegeta CSV result with ${found} fields where the first had ${expected} (a record cut short?)`,
  badField: (field: string, value: string) => `the vegeta result's ${field} is ${quoted(value)}, not a whole number >= 0 or a date-time as vegeta writes it`,
  jsonLine: (detail: string) => `not a vegeta JSON result: ${cut(detail, detailLength)}`,
} as const;
