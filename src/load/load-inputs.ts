/**
 * One entry to every reader: open each input, choose its format from the registry, read it, and
 * merge several inputs of one merge group (HdrHistogram logs; per-request logs) into one.
 *
 *   paths -> checkInputFile -> head (64 KiB, gunzipped; stdin peeked and replayed)
 *         -> chooseFormat (--format, sniff, name check) -> options checked against the format
 *         -> read (one input) | readMany (several, one merge group) -> LoadedInput
 *
 * The CLI and notebooks call this; nothing here prints.
 */
import { DataError, UsageError } from "../errors.js";
import { formatMessage, optionFlag, prometheusMessage as pm, reliabilityMessage, requestLogMergeMessage as mm } from "../messages.js";
import { headText, readHead, replayable } from "./input-head.js";
import { inputHead } from "./formats/head.js";
import { chooseFormat } from "./formats/registry.js";
import type { InputFormat, LoadedInput, LoadOptions, OpenedInput, ReaderOption } from "./formats/types.js";
import { checkInputFile, openInput, openPlainFile } from "./open-input.js";

/** How many bytes a sniff sees. */
const headBytes = 65536;

/** Open one input: a path, or `-` for stdin (read once: peeked for the sniff, then replayed). */
export async function openOne(file: string, stdin: AsyncIterable<Buffer> = process.stdin): Promise<OpenedInput> {
  const size = await checkInputFile(file);
  if (file === "-") {
    const r = replayable(stdin);
    const start = await r.peek(headBytes);
    if (start.length === 0) throw new DataError(reliabilityMessage.emptyStdin(), { file });
    const head = inputHead(file, headText(start, headBytes));
    return { file, size, head, open: () => openInput("-", r) };
  }
  return {
    file,
    size,
    head: inputHead(file, await readHead(file, headBytes)),
    open: (o) => openInput(file, process.stdin, o?.chunkBytes),
    openSync: () => openPlainFile(file),
  };
}

/** The reader options given (not undefined, null or false), for the check against a format's list. */
function givenOptions(o: LoadOptions): ReaderOption[] {
  const keys: ReaderOption[] = [
    "timeCol",
    "throughputCol",
    "responseCol",
    "skipBadRows",
    "tag",
    "label",
    "byLabel",
    "by",
    "interval",
    "inputUnit",
    "start",
    "end",
    "metric",
  ];
  return keys.filter((k) => o[k] !== undefined && o[k] !== null && o[k] !== false);
}

/** A usage error when an option is given that the format does not take (it would be ignored). */
export function checkOptions(format: InputFormat, file: string, o: LoadOptions): void {
  if (format.unsupported) return;
  for (const k of givenOptions(o)) {
    if (format.options.includes(k)) continue;
    if (k === "start" || k === "end") throw new UsageError(formatMessage.rangeNotForFormat(k, file, format.describe));
    throw new UsageError(formatMessage.optionNotForFormat(k, file, format.describe));
  }
}

/** The chosen format and the opened input, for each path, in order. */
export async function openInputs(files: readonly string[], options: LoadOptions = {}): Promise<{ input: OpenedInput; format: InputFormat }[]> {
  if (files.length === 0) throw new UsageError(formatMessage.noInputs());
  if (files.filter((f) => f === "-").length > 1) throw new UsageError(formatMessage.stdinTwice());
  const out: { input: OpenedInput; format: InputFormat }[] = [];
  for (const file of files) {
    const input = await openOne(file, options.stdin);
    out.push({ input, format: chooseFormat(input.head, options) });
  }
  return out;
}

/**
 * Read one or several inputs into one of the three shapes. Several inputs must share a merge group
 * (all HdrHistogram logs, or all per-request logs) and are merged interval by interval.
 */
export async function loadInputs(files: string | readonly string[], options: LoadOptions = {}): Promise<LoadedInput> {
  const list = typeof files === "string" ? [files] : files;
  if (options.prometheus) return loadFromPrometheus(list, options);
  const opened = await openInputs(list, options);
  if (options.byLabel) {
    const bad = opened.find((o) => o.format.mergeGroup !== "request-log");
    if (bad) throw new UsageError(mm.byLabelNeedsRequestLog(bad.input.file));
  }
  for (const { input, format } of opened) checkOptions(format, input.file, options);
  if (opened.length === 1) return opened[0].format.read(opened[0].input, options);
  const unsupported = opened.find((o) => o.format.unsupported);
  if (unsupported) return unsupported.format.read(unsupported.input, options);
  const hlog = opened.find((o) => o.format.mergeGroup === "hlog");
  const answers = opened.find((o) => o.format.mergeGroup === "prometheus-json");
  if (answers) {
    const other = opened.find((o) => o.format.mergeGroup !== "prometheus-json");
    if (other) throw new UsageError(pm.notPrometheusAnswer(other.input.file));
    return answers.format.readMany!(
      opened.map((o) => o.input),
      options,
    );
  }
  const group = hlog ? "hlog" : "request-log";
  const other = opened.find((o) => o.format.mergeGroup !== group);
  if (other) throw new UsageError(hlog ? mm.mixedMerge(hlog.input.file, other.input.file) : mm.notMergeable(other.input.file));
  const reader = opened[0].format;
  if (!reader.readMany) throw new DataError(formatMessage.cannotMerge(reader.describe));
  return reader.readMany(
    opened.map((o) => o.input),
    options,
  );
}

/** The series of a Prometheus-compatible server (src/load/sources/prometheus.ts): no files, and of the reader options only --label, --input-unit, --metric and --by. */
async function loadFromPrometheus(files: readonly string[], options: LoadOptions): Promise<LoadedInput> {
  if (files.length > 0) throw new UsageError(pm.filesWithPrometheus(files));
  // --metric is the server's histogram there (in the query), not a reader option.
  for (const k of givenOptions(options))
    if (k !== "label" && k !== "inputUnit" && k !== "metric" && k !== "by") throw new UsageError(pm.optionNotForPrometheus(optionFlag(k)));
  const { loadPrometheus } = await import("./sources/prometheus.js");
  return loadPrometheus({
    ...options.prometheus!,
    label: options.label ?? null,
    inputUnit: options.inputUnit ?? null,
    by: options.by ?? options.prometheus!.by ?? null,
  });
}

/** What the reader noticed (decimal commas, sorted rows, skipped rows), for the caller to show. */
export function inputWarnings(input: LoadedInput): { file: string; warnings?: readonly string[]; skipped?: import("./series-checks.js").SkippedRows } {
  if (input.kind === "series") return input.series;
  if (input.kind === "intervals") return input.set;
  return { file: input.dist.file };
}
