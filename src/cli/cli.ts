/**
 * The argv layer: read flags with the options table (./options.ts), call a typed command
 * function, turn errors into a message and an exit code. Nothing here computes; commands live
 * in ./commands, help texts are generated in ./help.ts.
 *
 * Exit codes: 0 ok, 1 internal error (a bug: please report), 2 usage error,
 * 3 data error (the input file is missing or wrong), 130/143/129 interrupted by SIGINT/SIGTERM/SIGHUP
 * (set by main.ts).
 */
import { ChpError, UsageError } from "../errors.js";
import { cliMessage, message, prometheusMessage as pm } from "../messages.js";
import type { PrometheusQuery } from "../load/sources/prometheus.js";
import { commandHelp, globalHelp, version } from "./help.js";
import type { Io } from "./io.js";
import { startPieceWorker } from "../load/piece-worker-start.js";
import {
  commandNames,
  commandSpecs,
  isCommandName,
  offsetSeconds,
  parseCommandArgs,
  promTime,
  responseStat,
  type CommandName,
  type OptionValues,
} from "./options.js";

export { version };

type Run = (positionals: string[], values: OptionValues, io: Io) => Promise<void>;

/** The reader options: format and columns, and those of histogram and log formats. */
function loadOptions(v: OptionValues) {
  return {
    format: v.format,
    throughputCol: v["throughput-col"],
    responseCol: v["response-col"],
    timeCol: v["time-col"],
    skipBadRows: v["skip-bad-rows"] === true ? true : undefined,
    tag: v.tag,
    label: v.label,
    byLabel: v["by-label"] === true ? true : undefined,
    by: v.by,
    interval: v.interval,
    inputUnit: v["input-unit"],
    metric: v.metric,
    // Seconds from the log's start for files; with --prometheus they are the query's range (prometheusQuery).
    start: v.start === undefined || v.prometheus !== undefined ? undefined : offsetSeconds(v.start, "--start"),
    end: v.end === undefined || v.prometheus !== undefined ? undefined : offsetSeconds(v.end, "--end"),
  };
}

/**
 * The query of --prometheus URL and its flags, with the credentials from the environment
 * (CHP_PROMETHEUS_TOKEN, or CHP_PROMETHEUS_USER and CHP_PROMETHEUS_PASSWORD); undefined without
 * --prometheus, where its flags are usage errors.
 */
function prometheusQuery(v: OptionValues, responseIsServers: boolean): PrometheusQuery | undefined {
  if (v.prometheus === undefined) {
    // Without a server, --metric names a k6 trend and --start/--end select a log's time (reader options).
    const flags = ["throughput", "step", "timeout", ...(responseIsServers ? ["response"] : [])] as const;
    for (const f of flags) if (v[f as keyof OptionValues] !== undefined) throw new UsageError(pm.needsPrometheus(`--${f}`));
    return undefined;
  }
  const env = process.env;
  const auth = { token: env.CHP_PROMETHEUS_TOKEN || undefined, user: env.CHP_PROMETHEUS_USER || undefined, password: env.CHP_PROMETHEUS_PASSWORD };
  return {
    url: v.prometheus,
    metric: v.metric,
    throughput: v.throughput,
    response: v.response,
    start: v.start === undefined ? undefined : promTime(v.start, "--start"),
    end: v.end === undefined ? undefined : promTime(v.end, "--end"),
    step: v.step,
    timeout: v.timeout,
    auth,
    by: v.by,
  };
}

/** The inputs and the response statistic of plot and analyze: files with --response STAT, or a server with --response PROMQL. */
function sourceArgs(pos: string[], v: OptionValues, usage: string) {
  const prometheus = prometheusQuery(v, false);
  if (prometheus) return { files: pos, prometheus, response: undefined };
  return { files: inputFiles(pos, usage), prometheus: undefined, response: v.response === undefined ? undefined : responseStat(v.response) };
}

function analysisArgs(v: OptionValues) {
  return {
    q: v.q,
    qx: v.qx === true ? true : undefined,
    fit: v["no-fit"] === true ? false : undefined,
    sla: v.sla,
    estimate: v["no-estimate"] === true ? false : undefined,
  };
}

function plotArgs(v: OptionValues) {
  return {
    out: v.out,
    annotate: v["no-annotate"] === true ? false : undefined,
    plot: {
      splits: v.splits,
      showMax: v["no-max"] === true ? false : undefined,
      showFit: v["no-fit"] === true ? false : undefined,
      title: v.title,
      xLabel: v.xlab,
      yLabel: v.ylab,
      width: v.width,
      height: v.height,
    },
  };
}

/** One or more input files. */
function inputFiles(positionals: string[], usage: string): string[] {
  if (positionals.length === 0) throw new UsageError(message.missingArgument("FILE", usage));
  return positionals;
}

function onlyFile(positionals: string[], usage: string): string {
  if (positionals.length === 0) throw new UsageError(message.missingArgument("FILE", usage));
  if (positionals.length > 1) throw new UsageError(message.tooManyArguments(positionals.slice(1), usage));
  return positionals[0];
}

/** What each command runs; usage, summary and options are in commandSpecs. */
const runners: Record<CommandName, Run> = {
  async summary(pos, v, io) {
    startPieceWorker(pos);
    const { runSummary } = await import("./commands/summary.js");
    const prometheus = prometheusQuery(v, true);
    const files = prometheus ? pos : inputFiles(pos, commandSpecs.summary.usage);
    await runSummary(files, { ...loadOptions(v), prometheus, unit: v.unit, like: v.like, json: v.json === true }, io);
  },
  async plot(pos, v, io) {
    startPieceWorker(pos);
    const { runPlot } = await import("./commands/plot.js");
    const { files, prometheus, response } = sourceArgs(pos, v, commandSpecs.plot.usage);
    await runPlot(files, { ...loadOptions(v), prometheus, unit: v.unit, response, ...analysisArgs(v), ...plotArgs(v) }, io);
  },
  async analyze(pos, v, io) {
    startPieceWorker(pos);
    const { runAnalyze } = await import("./commands/analyze.js");
    const { files, prometheus, response } = sourceArgs(pos, v, commandSpecs.analyze.usage);
    await runAnalyze(files, { ...loadOptions(v), prometheus, unit: v.unit, response, ...analysisArgs(v) }, io);
  },
  async fetch(pos, v, io) {
    if (pos.length > 0) throw new UsageError(message.tooManyArguments(pos, commandSpecs.fetch.usage));
    const prometheus = prometheusQuery(v, true);
    if (!prometheus) throw new UsageError(message.missingArgument("--prometheus URL", commandSpecs.fetch.usage));
    const { runFetch } = await import("./commands/fetch.js");
    await runFetch(prometheus, v.out, io);
  },
  async model(pos, v, io) {
    const { runModel } = await import("./commands/model.js");
    await runModel(
      {
        file: onlyFile(pos, commandSpecs.model.usage),
        samples: v.samples,
        seed: v.seed,
        sweeps: v.sweep,
        out: v.out,
        guesstimate: v.guesstimate,
        metric: v.metric,
        json: v.json === true,
      },
      io,
    );
  },
  async modes(pos, v, io) {
    const { runModes } = await import("./commands/modes.js");
    await runModes(
      {
        file: onlyFile(pos, commandSpecs.modes.usage),
        modes: v.modes,
        column: v.column,
        seed: v.seed,
        out: v.out,
        guesstimate: v.guesstimate,
        json: v.json === true,
      },
      io,
    );
  },
  async export(pos, v, io) {
    const { runExport } = await import("./commands/export.js");
    const usage = commandSpecs.export.usage;
    if (pos.length < 2) throw new UsageError(message.missingArgument(pos.length === 0 ? "FORMAT and FILE" : "FILE", usage));
    if (pos.length > 2) throw new UsageError(message.tooManyArguments(pos.slice(2), usage));
    await runExport({ format: pos[0], file: pos[1], out: v.out, column: v.column, seed: v.seed }, io);
  },
  async formats(pos, v, io) {
    if (pos.length > 0) throw new UsageError(message.tooManyArguments(pos, commandSpecs.formats.usage));
    const { runFormats } = await import("./commands/formats.js");
    await runFormats({ json: v.json === true }, io);
  },
};

function command(name: string): CommandName {
  if (!isCommandName(name)) throw new UsageError(message.unknownCommand(name, commandNames));
  return name;
}

/** Run the CLI; returns the exit code. All output goes through `io`. */
export async function runCli(argv: readonly string[], io: Io): Promise<number> {
  try {
    const [first, ...rest] = argv;
    if (first === undefined || first === "-h" || first === "--help") {
      io.stdout(globalHelp());
      return first === undefined ? 2 : 0;
    }
    if (first === "help") {
      if (rest.length > 1) throw new UsageError(message.tooManyArguments(rest.slice(1), cliMessage.helpUsage()));
      io.stdout(rest.length === 0 ? globalHelp() : commandHelp(command(rest[0])));
      return 0;
    }
    if (first === "-V" || first === "--version") {
      io.stdout(version() + "\n");
      return 0;
    }
    const name = command(first);
    if (rest.includes("-h") || rest.includes("--help")) {
      io.stdout(commandHelp(name));
      return 0;
    }
    const { positionals, values } = parseCommandArgs(name, rest);
    await runners[name](positionals, values, io);
    return 0;
  } catch (e) {
    if (e instanceof ChpError) {
      io.stderr(`chp: ${e.message}\n`);
      return e.exitCode;
    }
    const err = e as Error;
    io.stderr(`chp: internal error: ${err?.message ?? String(e)}\n${err?.stack ?? ""}\nThis is a bug in chp; please report it with the command you ran.\n`);
    return 1;
  }
}
