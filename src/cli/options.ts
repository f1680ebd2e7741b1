/**
 * The one table of command-line options: every flag of every command, its value, its help and
 * how its value is checked. Argument parsing and every `--help` text are generated from it, so
 * the two cannot drift apart.
 *
 *   optionTable (flag, value type, help, group, parse) + commandSpecs (usage, summary, groups)
 *     -> parseArgsConfig(command) -> node:util parseArgs (strict) -> each option's parse
 *     -> conflicts checked -> { positionals, values } typed as OptionValues
 *     -> commandHelp(command) / globalHelp() (./help.ts)
 */
import { parseArgs, type ParseArgsConfig } from "node:util";
import { UsageError } from "../errors.js";
import { cliMessage, histogramMessage as hm, message, prometheusMessage as pm, requestLogMergeMessage as mm } from "../messages.js";
import { parsePromDuration, parsePromTime } from "../load/sources/prometheus-time.js";
import { responseStats, type ResponseStat } from "../load/intervals.js";
import { parseDuration, parseTimeUnit, type TimeUnit } from "../load/units.js";
import { nearest } from "./suggest.js";

/** Every option's value after parsing, by flag name (without the dashes). */
export interface OptionValues {
  format?: string;
  "throughput-col"?: string;
  "response-col"?: string;
  "time-col"?: string;
  "skip-bad-rows"?: boolean;
  q?: number;
  qx?: boolean;
  "no-fit"?: boolean;
  "no-estimate"?: boolean;
  sla?: string;
  out?: string;
  splits?: number;
  "no-max"?: boolean;
  "no-annotate"?: boolean;
  title?: string;
  xlab?: string;
  ylab?: string;
  width?: number;
  height?: number;
  tag?: string;
  label?: string;
  "by-label"?: boolean;
  by?: string;
  interval?: number;
  /** An interval statistic (checked by the command: a PromQL query with --prometheus). */
  response?: string;
  unit?: TimeUnit;
  "input-unit"?: TimeUnit;
  like?: "jmeter";
  samples?: number;
  seed?: number;
  sweep?: string[];
  guesstimate?: string;
  metric?: string;
  json?: boolean;
  modes?: number;
  column?: string;
  prometheus?: string;
  throughput?: string;
  /** Seconds from a log's start (files) or a time (--prometheus): parsed by the command. */
  start?: string;
  end?: string;
  step?: number;
  timeout?: number;
}

export type OptionName = keyof OptionValues;

export type CommandName = "summary" | "plot" | "analyze" | "fetch" | "model" | "modes" | "export" | "formats";

/** The help sections, in the order `chp COMMAND --help` prints them. */
export const groupTitles = {
  columns: "Input",
  analysis: "Analysis",
  plot: "Plot",
  intervals: "Histogram and log formats",
  prometheus: "Prometheus-compatible server (instead of files)",
  fetch: "Output",
  model: "Options",
  modes: "Options",
  export: "Options",
  output: "Output",
} as const;

export type GroupId = keyof typeof groupTitles;

interface BaseSpec {
  short?: string;
  type: "string" | "boolean";
  /** The flag may be given several times; its value is the list. */
  multiple?: boolean;
  /** The value's placeholder in help ("N", "FILE"). */
  arg?: string;
  /** One or more lines of help. */
  help: string | readonly string[];
  group: GroupId;
  /** Only these commands take it, of those that take its group. */
  only?: readonly CommandName[];
}

/** One option: its parse, when given, turns the raw text into the typed value or throws a UsageError. */
export type OptionSpec = {
  [K in OptionName]: BaseSpec & {
    name: K;
    parse?: (raw: string, flag: string) => NonNullable<OptionValues[K]> extends (infer E)[] ? E : NonNullable<OptionValues[K]>;
  };
}[OptionName];

/** A whole number from min to max (blank text is not a number). */
const wholeNumber =
  (min: number, max: number) =>
  (raw: string, flag: string): number => {
    const n = Number(raw);
    if (raw.trim() === "" || !Number.isInteger(n) || n < min || n > max)
      throw new UsageError(message.badNumberOption(flag, raw, `a whole number from ${min} to ${max}`));
    return n;
  };

/** --q: a number in (0, 1]. */
function quantileLevel(raw: string, flag: string): number {
  const q = Number(raw);
  if (raw.trim() === "" || !(q > 0 && q <= 1)) throw new UsageError(message.badNumberOption(flag, raw, "a number in (0, 1], e.g. 0.95"));
  return q;
}

/** ns, us (µs), ms or s, in any spelling and case (units.ts). */
function timeUnit(raw: string, flag: string): TimeUnit {
  const unit = parseTimeUnit(raw);
  if (unit === null) throw new UsageError(hm.badUnit(flag, raw));
  return unit;
}

/** "10s", "500ms", "1m", "2h", or a bare number of seconds; in seconds (units.ts). */
function duration(raw: string): number {
  const seconds = parseDuration(raw);
  if (seconds === null) throw new UsageError(hm.badInterval(raw));
  return seconds;
}

/** --response of files: an interval statistic. */
export function responseStat(raw: string): ResponseStat {
  if (!responseStats.includes(raw as ResponseStat)) throw new UsageError(hm.badResponseStat(raw));
  return raw as ResponseStat;
}

/** --response as given: a statistic for files, a PromQL query or a statistic with --prometheus; the command checks which. */
function responseText(raw: string, flag: string): string {
  if (raw.trim() === "") throw new UsageError(message.badNumberOption(flag, raw, "a statistic (mean, p95...) or, with --prometheus, a PromQL query"));
  return raw;
}

/** --start/--end: ISO 8601, epoch seconds, now, or relative (-6h); checked against the clock when the query runs. */
export function promTime(raw: string, flag: string): string {
  if (parsePromTime(raw, 0) === null) throw new UsageError(pm.badTime(flag, raw));
  return raw;
}

function promStep(raw: string): number {
  const v = parsePromDuration(raw);
  if (v === null || v < 1) throw new UsageError(pm.badStep(raw));
  return v;
}

function promTimeout(raw: string): number {
  const v = parsePromDuration(raw);
  if (v === null || !(v > 0)) throw new UsageError(pm.badTimeout(raw));
  return v;
}

const seed = wholeNumber(0, 4294967295);

/** --start/--end: seconds (a bare number, or 10s, 1m...), 0 or more. */
export function offsetSeconds(raw: string, flag: string): number {
  const seconds = raw.trim() === "0" ? 0 : parseDuration(raw);
  if (seconds === null) throw new UsageError(hm.badOffset(flag, raw));
  return seconds;
}

/** --like: the tools whose report definitions chp can reproduce. */
function likeTool(raw: string, flag: string): "jmeter" {
  if (raw.toLowerCase() !== "jmeter") throw new UsageError(hm.badLike(flag, raw));
  return "jmeter";
}

/** Every option of every command. A flag may appear in several groups with its own help (e.g. -o). */
export const optionTable: readonly OptionSpec[] = [
  // Input: formats and columns (summary, plot, analyze).
  {
    name: "format",
    type: "string",
    arg: "ID",
    group: "columns",
    help: "read every input as format ID instead of detecting it; `chp formats` lists the formats",
  },
  { name: "throughput-col", type: "string", arg: "NAME", group: "columns", help: "throughput column (name or 1-based number); default: detected by name" },
  { name: "response-col", type: "string", arg: "NAME", group: "columns", help: "response column; default: detected by name" },
  { name: "time-col", type: "string", arg: "NAME", group: "columns", help: "time column (epoch s/ms or ISO 8601); default: detected, optional" },
  { name: "skip-bad-rows", type: "boolean", group: "columns", help: "skip and count rows that cannot be read instead of stopping at the first" },

  // The headroom analysis (plot, analyze).
  {
    name: "q",
    type: "string",
    arg: "Q",
    group: "analysis",
    parse: quantileLevel,
    help: "keep rows with response below its Q quantile (default 0.95; 1 keeps all)",
  },
  { name: "qx", type: "boolean", group: "analysis", help: "trim throughput at its Q quantile too" },
  { name: "no-fit", type: "boolean", group: "analysis", help: "skip the inverse-Gaussian fit" },
  {
    name: "no-estimate",
    type: "boolean",
    group: "analysis",
    help: ["skip the bottleneck pattern and the headroom estimate: only what R's", "headroom plot computes (trim, histograms, max staircase, fit); fast"],
  },
  {
    name: "sla",
    type: "string",
    arg: "T",
    group: "analysis",
    help: ["SLA response target (250ms, 0.25s, or a number in the response's units):", "the headroom is measured to where the fitted curve reaches it"],
  },

  // The headroom plot (plot).
  {
    name: "out",
    short: "o",
    type: "string",
    arg: "FILE",
    group: "plot",
    help: "output: .png .svg .html (interactive) or .vl.json (default: <input>.headroom.png here)",
  },
  {
    name: "splits",
    type: "string",
    arg: "N",
    group: "plot",
    parse: wholeNumber(0, 20),
    help: "colour N time segments in the time panel and the scatter (0 to 20)",
  },
  { name: "no-max", type: "boolean", group: "plot", help: "omit the max-response staircase" },
  { name: "no-annotate", type: "boolean", group: "plot", help: "omit the SLA line, the maximum useful throughput and the pattern note" },
  { name: "title", type: "string", arg: "T", group: "plot", help: "plot title" },
  { name: "xlab", type: "string", arg: "L", group: "plot", help: "x axis label" },
  { name: "ylab", type: "string", arg: "L", group: "plot", help: "y axis label" },
  { name: "width", type: "string", arg: "W", group: "plot", parse: wholeNumber(200, 10000), help: "width in pixels, 200 to 10000 (default 720)" },
  { name: "height", type: "string", arg: "H", group: "plot", parse: wholeNumber(200, 10000), help: "height in pixels, 200 to 10000 (default 600)" },

  // Histogram and log formats (.hlog, .hgrm, spigo, JTL / hey / per-request CSVs).
  { name: "tag", type: "string", arg: "T", group: "intervals", help: "(.hlog) read the intervals tagged T (default: the untagged ones)" },
  { name: "label", type: "string", arg: "L", group: "intervals", help: "(per-request logs) only the requests labelled L" },
  {
    name: "by-label",
    type: "boolean",
    group: "intervals",
    only: ["summary"],
    help: ['(per-request logs) also each label apart: a table, or "labels" in --json', "(at most 200 labels)"],
  },
  {
    name: "start",
    type: "string",
    arg: "S",
    group: "intervals",
    help: [
      "(.hlog, per-request logs) only the intervals starting (requests completing) S seconds or more",
      "after the log's start (as HistogramLogProcessor -start); with --prometheus, the range start:",
      "ISO 8601 (UTC unless a zone is given), epoch s, now, --start=-6h, now-30m (default: end - 1h)",
    ],
  },
  {
    name: "end",
    type: "string",
    arg: "E",
    group: "intervals",
    help: [
      "(.hlog, per-request logs) only the intervals starting (requests completing) at most E seconds",
      "after the log's start (as HistogramLogProcessor -end); with --prometheus, the range end (default now)",
    ],
  },
  {
    name: "like",
    type: "string",
    arg: "TOOL",
    group: "intervals",
    only: ["summary"],
    parse: likeTool,
    help: [
      "(per-request logs) totals by another tool's definitions: jmeter = JMeter's dashboard",
      "statistics (failures counted, R type 6 percentiles of the raw times, its throughput)",
    ],
  },
  {
    name: "interval",
    type: "string",
    arg: "D",
    group: "intervals",
    parse: duration,
    help: "(per-request logs) interval length: 10s, 500ms, 1m (default: from the run length)",
  },
  {
    name: "response",
    type: "string",
    arg: "STAT",
    group: "intervals",
    only: ["plot", "analyze"],
    parse: responseText,
    help: [
      "(intervals) response per interval: mean, p50, p90, p95, p99, p999, max (default mean);",
      "with --prometheus: the response query (PromQL), or with --metric mean or p50..p999",
    ],
  },
  {
    name: "unit",
    type: "string",
    arg: "U",
    group: "intervals",
    parse: timeUnit,
    help: "convert response times to ns, us, ms or s (from the unit the format or column name states)",
  },
  {
    name: "input-unit",
    type: "string",
    arg: "U",
    group: "intervals",
    parse: timeUnit,
    help: "the unit of the file's values when the format does not say it (.hlog, .hgrm, CSVs)",
  },

  // A Prometheus-compatible server instead of files (summary, plot, analyze, fetch).
  {
    name: "prometheus",
    type: "string",
    arg: "URL",
    group: "prometheus",
    help: [
      "query this server's HTTP API (Prometheus, Thanos, Mimir, VictoriaMetrics):",
      "http(s)://host:port[/prefix]; auth from CHP_PROMETHEUS_TOKEN (bearer) or",
      "CHP_PROMETHEUS_USER and CHP_PROMETHEUS_PASSWORD (basic)",
    ],
  },
  {
    name: "metric",
    type: "string",
    arg: "NAME",
    group: "prometheus",
    help: [
      "with --prometheus, a histogram's base name (http_request_duration_seconds, http_server_requests_seconds):",
      "throughput sum(rate(NAME_count[w])), response the mean from NAME_sum, or",
      "--response p95 from NAME_bucket; w = max(step, 4 x the scrape interval);",
      "with a k6 output (--out csv/json, summary), the trend read as the response time (default http_req_duration)",
    ],
  },
  {
    name: "throughput",
    type: "string",
    arg: "PROMQL",
    group: "prometheus",
    help: "the throughput query (with --response PROMQL), e.g. sum(rate(x_count[1m]))",
  },
  {
    name: "response",
    type: "string",
    arg: "Q",
    group: "prometheus",
    only: ["summary", "fetch"],
    parse: responseText,
    help: "the response query (PromQL), or with --metric mean (default) or p50, p90, p95, p99, p999",
  },
  {
    name: "start",
    type: "string",
    arg: "T",
    group: "prometheus",
    only: ["fetch"],
    help: "range start: ISO 8601 (UTC unless a zone is given), epoch s, now, --start=-6h, now-30m (default: end - 1h)",
  },
  { name: "end", type: "string", arg: "T", group: "prometheus", only: ["fetch"], help: "range end, as --start (default now)" },
  {
    name: "step",
    type: "string",
    arg: "D",
    group: "prometheus",
    parse: promStep,
    help: "seconds between points, >= 1s: 15s, 1m (default: the range / 500 rounded up to 1s, 2s, 5s, 10s, 15s, 30s, 1m...)",
  },
  { name: "timeout", type: "string", arg: "D", group: "prometheus", parse: promTimeout, help: "how long to wait for each answer (default 30s)" },
  {
    name: "by",
    type: "string",
    arg: "LABEL",
    group: "prometheus",
    help: [
      "one series per value of a label (instance, pod, job; at most 50), beside their total:",
      "summary and analyze per value and total, plot the points coloured by value (at most 20), fetch a long",
      "CSV with a LABEL column (its total rows have LABEL empty; --by LABEL reads it back).",
      "The total's throughput is the sum; its response the throughput-weighted mean of the",
      "values' means, or for a percentile the server's from the summed buckets (never an",
      "average of percentiles)",
    ],
  },
  {
    name: "out",
    short: "o",
    type: "string",
    arg: "FILE",
    group: "fetch",
    help: "the time-series CSV to write; the queries, server, range and step go to FILE.json",
  },

  // Response-time models (model).
  {
    name: "samples",
    type: "string",
    arg: "N",
    group: "model",
    parse: wholeNumber(1, 10_000_000),
    help: "Monte Carlo samples, 1 to 10,000,000 (default 100000; a Guesstimate space: 5000, as Guesstimate draws)",
  },
  { name: "seed", type: "string", arg: "S", group: "model", parse: seed, help: "seed of the generator (default 1)" },
  {
    name: "sweep",
    type: "string",
    multiple: true,
    arg: "TIER=a,b,c",
    group: "model",
    help: [
      "what-if hit rates: fractions as in the model file, or percentages with %;",
      "repeat to pair tiers (--sweep memcached=0.4,0.6,0.2 --sweep mysql-memory=70%,70%,90%)",
    ],
  },
  { name: "out", short: "o", type: "string", arg: "FILE", group: "model", help: "distribution plot: .png .svg .html or .vl.json" },
  { name: "guesstimate", type: "string", arg: "OUT", group: "model", help: "write the model as a Guesstimate space (JSON)" },
  { name: "metric", type: "string", arg: "ID", group: "model", help: "(Guesstimate space) the metric to plot; default: the output FUNCTION" },
  { name: "json", type: "boolean", group: "model", help: "print JSON instead of text" },

  // Mode decomposition (modes).
  { name: "modes", type: "string", arg: "K", group: "modes", parse: wholeNumber(1, 6), help: "number of lognormal modes (1 to 6; default: chosen by BIC)" },
  { name: "column", type: "string", arg: "NAME", group: "modes", help: "latency column (name or 1-based number); default: detected by name" },
  { name: "seed", type: "string", arg: "S", group: "modes", parse: seed, help: "seed of the EM starts (default 1)" },
  { name: "out", short: "o", type: "string", arg: "FILE", group: "modes", help: "histogram with the fitted mixture: .png .svg .html or .vl.json" },
  { name: "guesstimate", type: "string", arg: "OUT", group: "modes", help: "write the mixture as a Guesstimate space (JSON): each mode a LOGNORMAL tier" },
  { name: "json", type: "boolean", group: "modes", help: 'print {"modes": [{"weight","median","p5","p95"}], "hitRates", "bic"}' },

  // Guesstimate export (export).
  { name: "out", short: "o", type: "string", arg: "FILE", group: "export", help: "output (default: <input>.guess.json here)" },
  { name: "column", type: "string", arg: "NAME", group: "export", help: "latency column (name or 1-based number); default: detected by name" },
  { name: "seed", type: "string", arg: "S", group: "export", parse: seed, help: "seed of the random draw when there are more than 10,000 values" },

  // Text or JSON (summary, formats).
  { name: "json", type: "boolean", group: "output", help: "print JSON instead of text" },
];

/** Two options that cannot be given together, and why. */
interface Conflict {
  a: OptionName;
  b: OptionName;
  error: () => string;
}

const conflicts: readonly Conflict[] = [
  { a: "sla", b: "no-estimate", error: () => message.conflictingOptions("--sla", "--no-estimate", "the SLA is measured by the headroom estimate") },
  { a: "by-label", b: "label", error: () => mm.byLabelWithLabel() },
  { a: "by", b: "label", error: () => pm.byWithLabel() },
  {
    a: "by",
    b: "by-label",
    error: () => message.conflictingOptions("--by", "--by-label", "--by splits a time series by a label's values, --by-label a per-request log's labels"),
  },
  { a: "by", b: "splits", error: () => message.conflictingOptions("--by", "--splits", "both colour the points: by the label's values, or by time segment") },
];

export interface CommandSpec {
  usage: string;
  summary: string;
  /** The positional arguments, for help: [placeholder, help]. */
  args?: readonly (readonly [string, string | readonly string[]])[];
  groups: readonly GroupId[];
}

const inputFiles = [
  "FILE...",
  [
    "a time-series CSV, or a histogram or log file (.hlog, .hgrm, spigo, JTL, hey,",
    "per-request CSV), or - for stdin; several .hlog files, or several per-request logs",
    "(one per load generator), merge interval by interval on one time grid",
  ],
] as const;

/** Every command: usage, one-line summary and the option groups it takes. */
export const commandSpecs: Record<CommandName, CommandSpec> = {
  summary: {
    usage:
      "chp summary FILE... [--format ID] [--throughput-col NAME] [--response-col NAME] [--time-col NAME] [--tag T] [--label L | --by-label] [--like jmeter] [--start S] [--end E] [--interval D] [--unit U] [--json]",
    summary: "R-style summary of throughput and response (quantiles, sd, p90..p99.9); histogram and log files: total and per interval",
    args: [inputFiles],
    groups: ["columns", "intervals", "prometheus", "output"],
  },
  plot: {
    usage:
      "chp plot FILE... [-o OUT] [--q 0.95] [--qx] [--splits N] [--no-fit] [--no-max] [--title T] [--xlab L] [--ylab L] [--width W] [--height H] [--response STAT] [--format ID] [column flags]",
    summary: "draw the headroom plot (PNG, SVG, HTML or Vega-Lite) and print what it shows; .hgrm/spigo: the distribution plot",
    args: [inputFiles],
    groups: ["columns", "analysis", "plot", "intervals", "prometheus"],
  },
  analyze: {
    usage: "chp analyze FILE... [--q 0.95] [--qx] [--no-fit] [--sla T] [--response STAT] [--format ID] [column flags]",
    summary: "the headroom analysis as JSON: histograms, max staircase, fit, bottleneck pattern, headroom",
    args: [inputFiles],
    groups: ["columns", "analysis", "intervals", "prometheus"],
  },
  fetch: {
    usage:
      "chp fetch --prometheus URL (--metric NAME [--response STAT] | --throughput PROMQL --response PROMQL) [--by LABEL] [--start T] [--end T] [--step D] [--timeout D] -o FILE.csv",
    summary: "save what a Prometheus-compatible server gives as a time-series CSV (and FILE.csv.json: the queries), to analyse offline",
    groups: ["prometheus", "fetch"],
  },
  model: {
    usage: "chp model FILE [--samples N] [--seed S] [--sweep TIER=a,b,c] [-o PLOT] [--guesstimate OUT] [--metric ID] [--json]",
    summary: "run a response-time model (cache tiers) or a Guesstimate space by Monte Carlo; what-if sweeps",
    args: [["FILE", "a response-time model (JSON) or a Guesstimate space"]],
    groups: ["model"],
  },
  modes: {
    usage: "chp modes FILE [--modes K] [--column NAME] [--seed S] [-o PLOT] [--guesstimate OUT] [--json]",
    summary: "fit a mixture of lognormals to measured latencies: each mode's weight, median, spread, implied hit rates",
    args: [["FILE", "a CSV of measured latencies"]],
    groups: ["modes"],
  },
  export: {
    usage: "chp export guesstimate FILE [-o OUT] [--column NAME] [--seed S]",
    summary: "write measured latencies as a Guesstimate space (a DATA metric)",
    args: [
      ["guesstimate", "the export format"],
      ["FILE", "a CSV of measured latencies"],
    ],
    groups: ["export"],
  },
  formats: {
    usage: "chp formats [--json]",
    summary: "list the input formats chp reads, with their extensions and what each gives",
    groups: ["output"],
  },
};

export const commandNames = Object.keys(commandSpecs) as CommandName[];

export function isCommandName(name: string): name is CommandName {
  return Object.hasOwn(commandSpecs, name);
}

/** The options a command takes, in table order (its groups in the command's order). */
export function commandOptions(command: CommandName): OptionSpec[] {
  const out: OptionSpec[] = [];
  for (const group of commandSpecs[command].groups) {
    for (const o of optionTable) if (o.group === group && (o.only === undefined || o.only.includes(command))) out.push(o);
  }
  return out;
}

/** The node:util parseArgs options of a command, generated from the table. */
export function parseArgsConfig(command: CommandName): NonNullable<ParseArgsConfig["options"]> {
  const config: NonNullable<ParseArgsConfig["options"]> = {};
  for (const o of commandOptions(command)) {
    if (Object.hasOwn(config, o.name)) throw new Error(`option --${o.name} is listed twice for chp ${command}`);
    config[o.name] = { type: o.type, ...(o.short !== undefined && { short: o.short }), ...(o.multiple === true && { multiple: true }) };
  }
  return config;
}

/** The commands other than `command` that take the flag `--name` (or `-name` for a short flag). */
function commandsTaking(name: string, short: boolean, except: CommandName): CommandName[] {
  return commandNames.filter((c) => c !== except && commandOptions(c).some((o) => (short ? o.short === name : o.name === name)));
}

/** The usage error for a flag the command does not take: whose flag it is, or the nearest of the command's own. */
function unknownOption(command: CommandName, rawName: string, name: string): UsageError {
  const short = !rawName.startsWith("--");
  const owners = commandsTaking(name, short, command);
  if (owners.length > 0) return new UsageError(cliMessage.optionOfOtherCommand(rawName, owners, command));
  const near = short
    ? null
    : nearest(
        name,
        commandOptions(command).map((o) => o.name),
      );
  return new UsageError(cliMessage.unknownOption(rawName, command, near === null ? null : `--${near}`));
}

export interface ParsedArgs {
  positionals: string[];
  values: OptionValues;
}

/**
 * Read a command's argv with the options of the table: unknown flags name the command that takes
 * them or the nearest flag of this one; each value is checked and typed by its option's parse.
 */
export function parseCommandArgs(command: CommandName, argv: readonly string[]): ParsedArgs {
  const options = parseArgsConfig(command);
  // A lenient pass first, to name an unknown flag better than parseArgs' strict message does.
  const { tokens } = parseArgs({ args: [...argv], options, allowPositionals: true, strict: false, tokens: true });
  for (const t of tokens) {
    if (t.kind === "option" && !Object.hasOwn(options, t.name)) throw unknownOption(command, t.rawName, t.name);
  }
  let raw: Record<string, string | boolean | (string | boolean)[] | undefined>;
  let positionals: string[];
  try {
    ({ values: raw, positionals } = parseArgs({ args: [...argv], options, allowPositionals: true, strict: true }));
  } catch (e) {
    // parseArgs' own words, on one line; of an ambiguous value ("--splits -1") keep how to give it ("--splits=-XYZ").
    const lines = (e as Error).message.split("\n").filter((l) => !l.startsWith("Did you forget"));
    throw new UsageError(message.badOption(lines.join(" ")));
  }
  const values: Record<string, unknown> = {};
  for (const o of commandOptions(command)) {
    const v = raw[o.name];
    if (v === undefined) continue;
    const parse = o.parse as ((text: string, flag: string) => unknown) | undefined;
    const flag = `--${o.name}`;
    values[o.name] = parse === undefined ? v : Array.isArray(v) ? v.map((x) => parse(String(x), flag)) : parse(String(v), flag);
  }
  for (const c of conflicts) {
    if (values[c.a] !== undefined && values[c.b] !== undefined) throw new UsageError(c.error());
  }
  return { positionals, values: values as OptionValues };
}
