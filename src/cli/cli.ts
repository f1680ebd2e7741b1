/**
 * The argv layer: parse flags, call a typed command function, turn errors into
 * a message and an exit code. Nothing here computes; commands live in ./commands.
 *
 * Exit codes: 0 ok, 1 internal error (a bug: please report), 2 usage error,
 * 3 data error (the input file is missing or wrong).
 */
import { readFileSync } from "node:fs";
import { parseArgs, type ParseArgsConfig } from "node:util";
import { ChpError, UsageError } from "../errors.js";
import { message } from "../messages.js";
import type { Io } from "./io.js";

type Options = NonNullable<ParseArgsConfig["options"]>;

const columnOptions: Options = {
  "throughput-col": { type: "string" },
  "response-col": { type: "string" },
  "time-col": { type: "string" },
  "skip-bad-rows": { type: "boolean" },
};

interface Command {
  usage: string;
  summary: string;
  options: Options;
  /** Option help shown by `chp COMMAND --help` (default: the column, analysis and plot help). */
  help?: string;
  run(positionals: string[], values: Record<string, string | boolean | undefined>, io: Io): Promise<void>;
}

const columnHelp = `  --throughput-col NAME  throughput column (name or 1-based number); default: detected by name
  --response-col NAME    response column; default: detected by name
  --time-col NAME        time column (epoch s/ms or ISO 8601); default: detected, optional
  --skip-bad-rows        skip and count rows that cannot be read instead of stopping at the first`;

const analysisOptions: Options = {
  q: { type: "string" },
  qx: { type: "boolean" },
  "no-fit": { type: "boolean" },
  "no-estimate": { type: "boolean" },
  sla: { type: "string" },
};

const analysisHelp = `  --q Q                  keep rows with response below its Q quantile (default 0.95; 1 keeps all)
  --qx                   trim throughput at its Q quantile too
  --no-fit               skip the inverse-Gaussian fit
  --no-estimate          skip the bottleneck pattern and the headroom estimate: only what R's
                         headroom plot computes (trim, histograms, max staircase, fit); fast
  --sla T                SLA response target (250ms, 0.25s, or a number in the response's units):
                         the headroom is measured to where the fitted curve reaches it`;

/** --q: a number in (0, 1]. */
function qOption(v: Record<string, string | boolean | undefined>): number | undefined {
  const raw = v.q;
  if (typeof raw !== "string") return undefined;
  const q = Number(raw);
  if (raw.trim() === "" || !(q > 0 && q <= 1)) throw new UsageError(message.badNumberOption("--q", raw, "a number in (0, 1], e.g. 0.95"));
  return q;
}

function analysisArgs(v: Record<string, string | boolean | undefined>) {
  const estimate = v["no-estimate"] === true ? false : undefined;
  if (estimate === false && typeof v.sla === "string") throw new UsageError(message.conflictingOptions("--sla", "--no-estimate", "the SLA is measured by the headroom estimate"));
  return { q: qOption(v), qx: v.qx === true ? true : undefined, fit: v["no-fit"] === true ? false : undefined, sla: typeof v.sla === "string" ? v.sla : undefined, estimate };
}

const plotOptions: Options = {
  out: { type: "string", short: "o" },
  splits: { type: "string" },
  "no-max": { type: "boolean" },
  "no-annotate": { type: "boolean" },
  title: { type: "string" },
  xlab: { type: "string" },
  ylab: { type: "string" },
  width: { type: "string" },
  height: { type: "string" },
};

const plotHelp = `  -o, --out FILE         output: .png .svg .html (interactive) or .vl.json (default: <input>.headroom.png here)
  --splits N             colour N time segments in the time panel and the scatter
  --no-max               omit the max-response staircase
  --no-annotate          omit the SLA line, the maximum useful throughput and the pattern note
  --title T, --xlab L, --ylab L   title and axis labels
  --width W, --height H  size in pixels (default 720 x 600)`;

function intOption(v: Record<string, string | boolean | undefined>, flag: string, min: number, max: number): number | undefined {
  const raw = v[flag];
  if (typeof raw !== "string") return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(message.badNumberOption(`--${flag}`, raw, `a whole number from ${min} to ${max}`));
  return n;
}

function plotArgs(v: Record<string, string | boolean | undefined>) {
  const s = (k: string) => (typeof v[k] === "string" ? (v[k] as string) : undefined);
  return {
    out: s("out"),
    annotate: v["no-annotate"] === true ? false : undefined,
    plot: {
      splits: intOption(v, "splits", 0, 20),
      showMax: v["no-max"] === true ? false : undefined,
      showFit: v["no-fit"] === true ? false : undefined,
      title: s("title"),
      xLabel: s("xlab"),
      yLabel: s("ylab"),
      width: intOption(v, "width", 200, 10000),
      height: intOption(v, "height", 200, 10000),
    },
  };
}

// Response-time models (chp model / modes / export): options and help.
const modelHelp = `  --samples N            Monte Carlo samples (default 100000)
  --seed S               seed of the generator (default 1)
  --sweep TIER=a,b,c     what-if hit rates in percent; repeat to pair tiers (--sweep memcached=40,60,20 --sweep mysql-memory=70,70,90)
  -o, --out FILE         distribution plot: .png .svg .html or .vl.json
  --guesstimate OUT      write the model as a Guesstimate space (JSON)
  --metric ID            (Guesstimate space) the metric to plot; default: the output FUNCTION
  --json                 print JSON instead of text`;
const modesHelp = `  --modes K              number of lognormal modes (1 to 6; default: chosen by BIC)
  --column NAME          latency column (name or 1-based number); default: detected by name
  --seed S               seed of the EM starts (default 1)
  -o, --out FILE         histogram with the fitted mixture: .png .svg .html or .vl.json
  --json                 print {"modes": [{"weight","median","p5","p95"}], "hitRates", "bic"}`;
const exportHelp = `  -o, --out FILE         output (default: <input>.guess.json here)
  --column NAME          latency column (name or 1-based number); default: detected by name
  --seed S               seed of the random draw when there are more than 10,000 values`;
function seedOption(v: Record<string, string | boolean | undefined>): number | undefined {
  return intOption(v, "seed", 0, 4294967295);
}
function stringOption(v: Record<string, string | boolean | undefined>, k: string): string | undefined {
  return typeof v[k] === "string" ? (v[k] as string) : undefined;
}

// Histogram and log formats (.hlog, .hgrm, spigo, JTL / hey per-request logs): issue 5.
const histogramOptions: Options = {
  tag: { type: "string" },
  label: { type: "string" },
  interval: { type: "string" },
  unit: { type: "string" },
  "input-unit": { type: "string" },
  response: { type: "string" },
};
const histogramHelp = `  --tag T                (.hlog) read the intervals tagged T (default: the untagged ones)
  --label L              (per-request logs) only the requests labelled L
  --by-label             (chp summary of per-request logs) also each label apart: a table, or "labels" in --json (at most 200 labels)
  --interval D           (per-request logs) interval length: 10s, 500ms, 1m (default: from the run length)
  FILE FILE...           several .hlog files, or several per-request logs (one per load generator), merge interval by interval on one time grid
  --response STAT        (plot of intervals) response per interval: mean, p50, p90, p95, p99, p999, max (default mean)
  --unit U               (histogram formats) convert values to ns, us, ms or s
  --input-unit U         the unit of the file's values when the format does not say it (.hlog, .hgrm, CSVs)`;

const commands: Record<string, Command> = {
  summary: {
    usage: "chp summary FILE... [--throughput-col NAME] [--response-col NAME] [--time-col NAME] [--tag T] [--label L | --by-label] [--interval D] [--unit U] [--json]",
    summary: "R-style summary of throughput and response (quantiles, sd, p90..p99.9); histogram and log files: total and per interval",
    options: { ...columnOptions, ...histogramOptions, "by-label": { type: "boolean" }, json: { type: "boolean" } },
    async run(pos, v, io) {
      const h = await import("./commands/histogram-input.js");
      const ha = h.histogramArgs(v);
      if (await h.needsHistogramLoader(pos, typeof v["throughput-col"] === "string")) {
        const { runHistogramSummary } = await import("./commands/histogram-summary.js");
        return runHistogramSummary(pos, ha, v.json === true, io);
      }
      h.rejectHistogramFlags(v);
      const { runSummary } = await import("./commands/summary.js");
      await runSummary({ file: onlyFile(pos, this.usage), ...columnArgs(v), json: v.json === true }, io);
    },
  },
  plot: {
    usage: "chp plot FILE... [-o OUT] [--q 0.95] [--qx] [--splits N] [--no-fit] [--no-max] [--title T] [--xlab L] [--ylab L] [--width W] [--height H] [--response STAT] [column flags]",
    summary: "draw the headroom plot (PNG, SVG, HTML or Vega-Lite) and print what it shows; .hgrm/spigo: the distribution plot",
    options: { ...columnOptions, ...analysisOptions, ...plotOptions, ...histogramOptions },
    async run(pos, v, io) {
      const h = await import("./commands/histogram-input.js");
      const ha = h.histogramArgs(v);
      if (await h.needsHistogramLoader(pos, typeof v["throughput-col"] === "string")) {
        const { runIntervalPlot } = await import("./commands/interval-plot.js");
        const { out, plot } = plotArgs(v);
        return runIntervalPlot(pos, ha, { out, ...analysisArgs(v), annotate: v["no-annotate"] === true ? false : undefined, plot }, io);
      }
      h.rejectHistogramFlags(v);
      const { runPlot } = await import("./commands/plot.js");
      await runPlot({ file: onlyFile(pos, this.usage), ...columnArgs(v), ...analysisArgs(v), ...plotArgs(v) }, io);
    },
  },
  analyze: {
    usage: "chp analyze FILE... [--q 0.95] [--qx] [--no-fit] [--sla T] [--response STAT] [column flags]",
    summary: "the headroom analysis as JSON: histograms, max staircase, fit, bottleneck pattern, headroom",
    options: { ...columnOptions, ...analysisOptions, ...histogramOptions },
    async run(pos, v, io) {
      const h = await import("./commands/histogram-input.js");
      const ha = h.histogramArgs(v);
      if (await h.needsHistogramLoader(pos, typeof v["throughput-col"] === "string")) {
        const { runIntervalAnalyze } = await import("./commands/interval-plot.js");
        return runIntervalAnalyze(pos, ha, analysisArgs(v), io);
      }
      h.rejectHistogramFlags(v);
      const { runAnalyze } = await import("./commands/analyze.js");
      await runAnalyze({ file: onlyFile(pos, this.usage), ...columnArgs(v), ...analysisArgs(v) }, io);
    },
  },
  model: {
    usage: "chp model FILE [--samples N] [--seed S] [--sweep TIER=a,b,c] [-o PLOT] [--guesstimate OUT] [--metric ID] [--json]",
    summary: "run a response-time model (cache tiers) or a Guesstimate space by Monte Carlo; what-if sweeps",
    options: {
      samples: { type: "string" }, seed: { type: "string" }, sweep: { type: "string", multiple: true },
      out: { type: "string", short: "o" }, guesstimate: { type: "string" }, metric: { type: "string" }, json: { type: "boolean" },
    },
    help: modelHelp,
    async run(pos, v, io) {
      const { runModel } = await import("./commands/model.js");
      const sweeps = (v as unknown as { sweep?: string[] }).sweep;
      await runModel({
        file: onlyFile(pos, this.usage), samples: intOption(v, "samples", 1, 10_000_000), seed: seedOption(v), sweeps,
        out: stringOption(v, "out"), guesstimate: stringOption(v, "guesstimate"), metric: stringOption(v, "metric"), json: v.json === true,
      }, io);
    },
  },
  modes: {
    usage: "chp modes FILE [--modes K] [--column NAME] [--seed S] [-o PLOT] [--json]",
    summary: "fit a mixture of lognormals to measured latencies: each mode's weight, median, spread, implied hit rates",
    options: { modes: { type: "string" }, column: { type: "string" }, seed: { type: "string" }, out: { type: "string", short: "o" }, json: { type: "boolean" } },
    help: modesHelp,
    async run(pos, v, io) {
      const { runModes } = await import("./commands/modes.js");
      await runModes({ file: onlyFile(pos, this.usage), modes: intOption(v, "modes", 1, 6), column: stringOption(v, "column"), seed: seedOption(v), out: stringOption(v, "out"), json: v.json === true }, io);
    },
  },
  export: {
    usage: "chp export guesstimate FILE [-o OUT] [--column NAME] [--seed S]",
    summary: "write measured latencies as a Guesstimate space (a DATA metric)",
    options: { out: { type: "string", short: "o" }, column: { type: "string" }, seed: { type: "string" } },
    help: exportHelp,
    async run(pos, v, io) {
      const { runExport } = await import("./commands/export.js");
      if (pos.length < 2) throw new UsageError(message.missingArgument(pos.length === 0 ? "FORMAT and FILE" : "FILE", this.usage));
      if (pos.length > 2) throw new UsageError(message.tooManyArguments(pos.slice(2), this.usage));
      await runExport({ format: pos[0], file: pos[1], out: stringOption(v, "out"), column: stringOption(v, "column"), seed: seedOption(v) }, io);
    },
  },
};

function columnArgs(v: Record<string, string | boolean | undefined>) {
  const s = (k: string) => (typeof v[k] === "string" ? (v[k] as string) : undefined);
  return { throughputCol: s("throughput-col"), responseCol: s("response-col"), timeCol: s("time-col"), skipBadRows: v["skip-bad-rows"] === true ? true : undefined };
}

function onlyFile(positionals: string[], usage: string): string {
  if (positionals.length === 0) throw new UsageError(message.missingArgument("FILE", usage));
  if (positionals.length > 1) throw new UsageError(message.tooManyArguments(positionals.slice(1), usage));
  return positionals[0];
}

export function version(): string {
  const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };
  return pkg.version;
}

export function helpText(): string {
  const names = Object.keys(commands);
  const width = Math.max(...names.map((n) => n.length));
  return `chp ${version()} — headroom and response-time analysis (Cockcroft Headroom Plot)

Usage:
${names.map((n) => `  ${commands[n].usage}`).join("\n")}

Commands:
${names.map((n) => `  ${n.padEnd(width)}  ${commands[n].summary}`).join("\n")}

Options:
${columnHelp}
${analysisHelp}
${plotHelp}
${histogramHelp}
  --json                 print JSON instead of text
  -h, --help             show this help
  -V, --version          print the version

Exit codes: 0 ok, 2 usage error, 3 data error (file missing or wrong), 1 internal error, 130 interrupted.
`;
}

/** Run the CLI; returns the exit code. All output goes through `io`. */
export async function runCli(argv: readonly string[], io: Io): Promise<number> {
  try {
    const [first, ...rest] = argv;
    if (first === undefined || first === "-h" || first === "--help" || first === "help") {
      io.stdout(helpText());
      return first === undefined ? 2 : 0;
    }
    if (first === "-V" || first === "--version") {
      io.stdout(version() + "\n");
      return 0;
    }
    const command = commands[first];
    if (!command) throw new UsageError(message.unknownCommand(first, Object.keys(commands)));
    if (rest.includes("-h") || rest.includes("--help")) {
      if (command.help) {
        io.stdout(`usage: ${command.usage}\n\n${command.help}\n`);
        return 0;
      }
      io.stdout(`usage: ${command.usage}\n\n${columnHelp}\n${first === "summary" ? "" : analysisHelp + "\n"}${first === "plot" ? plotHelp + "\n" : ""}`);
      return 0;
    }
    let parsed;
    try {
      parsed = parseArgs({ args: [...rest], options: command.options, allowPositionals: true, strict: true });
    } catch (e) {
      throw new UsageError(message.badOption((e as Error).message.split("\n")[0].replace(/\. To specify a positional.*$/, "")));
    }
    await command.run(parsed.positionals, parsed.values as Record<string, string | boolean | undefined>, io);
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
