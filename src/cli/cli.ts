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
};

interface Command {
  usage: string;
  summary: string;
  options: Options;
  run(positionals: string[], values: Record<string, string | boolean | undefined>, io: Io): Promise<void>;
}

const columnHelp = `  --throughput-col NAME  throughput column (name or 1-based number); default: detected by name
  --response-col NAME    response column; default: detected by name
  --time-col NAME        time column (epoch s/ms or ISO 8601); default: detected, optional`;

const analysisOptions: Options = {
  q: { type: "string" },
  qx: { type: "boolean" },
  "no-fit": { type: "boolean" },
};

const analysisHelp = `  --q Q                  keep rows with response below its Q quantile (default 0.95; 1 keeps all)
  --qx                   trim throughput at its Q quantile too
  --no-fit               skip the inverse-Gaussian fit`;

/** --q: a number in (0, 1]. */
function qOption(v: Record<string, string | boolean | undefined>): number | undefined {
  const raw = v.q;
  if (typeof raw !== "string") return undefined;
  const q = Number(raw);
  if (raw.trim() === "" || !(q > 0 && q <= 1)) throw new UsageError(message.badNumberOption("--q", raw, "a number in (0, 1], e.g. 0.95"));
  return q;
}

function analysisArgs(v: Record<string, string | boolean | undefined>) {
  return { q: qOption(v), qx: v.qx === true ? true : undefined, fit: v["no-fit"] === true ? false : undefined };
}

const plotOptions: Options = {
  out: { type: "string", short: "o" },
  splits: { type: "string" },
  "no-max": { type: "boolean" },
  title: { type: "string" },
  xlab: { type: "string" },
  ylab: { type: "string" },
  width: { type: "string" },
  height: { type: "string" },
};

const plotHelp = `  -o, --out FILE         output: .png .svg .html (interactive) or .vl.json (default: <input>.headroom.png here)
  --splits N             colour N time segments in the time panel and the scatter
  --no-max               omit the max-response staircase
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

const commands: Record<string, Command> = {
  summary: {
    usage: "chp summary FILE [--throughput-col NAME] [--response-col NAME] [--time-col NAME] [--json]",
    summary: "R-style summary of throughput and response (quantiles, sd, p90..p99.9)",
    options: { ...columnOptions, json: { type: "boolean" } },
    async run(pos, v, io) {
      const { runSummary } = await import("./commands/summary.js");
      await runSummary({ file: onlyFile(pos, this.usage), ...columnArgs(v), json: v.json === true }, io);
    },
  },
  plot: {
    usage: "chp plot FILE [-o OUT] [--q 0.95] [--qx] [--splits N] [--no-fit] [--no-max] [--title T] [--xlab L] [--ylab L] [--width W] [--height H] [column flags]",
    summary: "draw the headroom plot (PNG, SVG, HTML or Vega-Lite) and print what it shows",
    options: { ...columnOptions, ...analysisOptions, ...plotOptions },
    async run(pos, v, io) {
      const { runPlot } = await import("./commands/plot.js");
      await runPlot({ file: onlyFile(pos, this.usage), ...columnArgs(v), ...analysisArgs(v), ...plotArgs(v) }, io);
    },
  },
  analyze: {
    usage: "chp analyze FILE [--q 0.95] [--qx] [--no-fit] [--throughput-col NAME] [--response-col NAME] [--time-col NAME]",
    summary: "the headroom analysis as JSON: histograms, max staircase, inverse-Gaussian fit",
    options: { ...columnOptions, ...analysisOptions },
    async run(pos, v, io) {
      const { runAnalyze } = await import("./commands/analyze.js");
      await runAnalyze({ file: onlyFile(pos, this.usage), ...columnArgs(v), ...analysisArgs(v) }, io);
    },
  },
};

function columnArgs(v: Record<string, string | boolean | undefined>) {
  const s = (k: string) => (typeof v[k] === "string" ? (v[k] as string) : undefined);
  return { throughputCol: s("throughput-col"), responseCol: s("response-col"), timeCol: s("time-col") };
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
  --json                 print JSON instead of text
  -h, --help             show this help
  -V, --version          print the version

Exit codes: 0 ok, 2 usage error, 3 data error (file missing or wrong), 1 internal error.
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
