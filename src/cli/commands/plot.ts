/** `chp plot FILE`: draw the headroom plot to PNG, SVG, HTML or a Vega-Lite spec, and say what it shows. */
import { basename } from "node:path";
import type { AnalyzeOptions, HeadroomAnalysis } from "../../headroom/types.js";
import type { HeadroomEstimate } from "../../headroom/estimate-headroom.js";
import { headroomSpec } from "../../plot/headroom-spec.js";
import type { PlotOptions } from "../../plot/plot-options.js";
import { renderAs, type OutputFormat } from "../../plot/render.js";
import { UsageError } from "../../errors.js";
import { message } from "../../messages.js";
import { formatNumber } from "../../util/format.js";
import type { Io } from "../io.js";
import { printLoadWarnings } from "../load-warnings.js";
import { assertNotInput, writeOutput } from "../write-output.js";
import { analyzeCommand, type AnalyzeArgs, type AnalyzeReport } from "./analyze.js";

export type OutputType = OutputFormat;

export interface PlotArgs extends AnalyzeArgs {
  out?: string;
  /** Draw the SLA, the maximum useful throughput and the pattern on the plot (default true). */
  annotate?: boolean;
  plot: Partial<PlotOptions>;
}

/** The output type from a file name's extension. */
export function outputType(path: string): OutputType {
  const lower = path.toLowerCase();
  if (lower.endsWith(".vl.json") || lower.endsWith(".json")) return "vl.json";
  if (lower.endsWith(".png")) return "png";
  if (lower.endsWith(".svg")) return "svg";
  if (lower.endsWith(".html") || lower.endsWith(".htm")) return "html";
  throw new UsageError(message.unknownOutputType(path));
}

/** `<input name without extension>.headroom.png`, in the current folder. */
export function defaultOutput(file: string): string {
  return basename(file).replace(/\.(csv|tsv|txt)$/i, "") + ".headroom.png";
}

/** A few lines a person reads: rows kept, the trim, the fit. */
export function verdict(a: HeadroomAnalysis, out: string, report?: Pick<AnalyzeReport, "pattern" | "headroom">): string {
  const lines = [`wrote ${out}`];
  const trim =
    a.responseCutoff === null
      ? "no trimming (q = 1)"
      : `response < ${formatNumber(a.responseCutoff)} (q = ${a.options.q})${a.throughputCutoff !== null ? `, throughput < ${formatNumber(a.throughputCutoff)}` : ""}`;
  lines.push(`rows: ${a.rows} read, ${a.kept} kept (${trim})`);
  const f = a.fit;
  if (!a.options.fit) lines.push("fit: not requested");
  else if (f.ok) {
    lines.push(
      `fit: inverse Gaussian GLM, 1/response^2 = ${formatNumber(f.intercept, 6)} + ${formatNumber(f.slope, 6)} * throughput` +
        ` (${f.converged ? "converged" : "not converged"} in ${f.iterations} iterations, deviance ${formatNumber(f.deviance)})`,
    );
    if (f.slope !== null && f.intercept !== null && f.slope < 0 && f.intercept > 0) {
      lines.push(`fit: response grows without bound as throughput approaches ${formatNumber(-f.intercept / f.slope)}`);
    }
  } else lines.push(`fit: none (${f.reason ?? "no valid fit"})`);
  if (report?.pattern && report.headroom) {
    lines.push(`pattern: ${report.pattern.label}`);
    for (const e of report.pattern.evidence) lines.push(`  - ${e}`);
    lines.push(`headroom: ${report.headroom.statement}`);
  }
  return lines.join("\n") + "\n";
}

/** Analyse, draw and write; returns the analysis and where it was written. */
export async function plotCommand(args: PlotArgs): Promise<AnalyzeReport & { out: string }> {
  const out = args.out ?? defaultOutput(args.file);
  assertNotInput(out, [args.file]);
  const type = outputType(out);
  const report = await analyzeCommand(args);
  const { series, analysis } = report;
  const plot: Partial<PlotOptions> = {
    annotations: plotAnnotations(report, args.annotate),
    xUnit: series.units.throughput ?? null,
    yUnit: series.units.response ?? null,
    ...args.plot,
    interactive: type === "html",
  };
  const spec = headroomSpec(analysis, plot);
  await writeOutput(out, await renderAs(spec, type, plot.title ?? `Headroom plot of ${basename(args.file)}`), [args.file]);
  return { ...report, out };
}

/** What `chp plot` draws of its conclusions: SLA, maximum useful throughput, a pattern/headroom note; null with --no-annotate. */
export function plotAnnotations({ pattern, headroom }: Pick<AnalyzeReport, "pattern" | "headroom">, annotate = true): PlotOptions["annotations"] {
  if (!annotate || !pattern || !headroom) return null;
  return {
    sla: headroom.sla?.target ?? null,
    maxUseful: headroom.bounded ? headroom.maxUsefulThroughput : null,
    maxUsefulInterval: headroom.interval,
    note: annotationNote(pattern.label, headroom),
  };
}

/** The subtitle line: pattern and headroom. */
function annotationNote(label: string, h: HeadroomEstimate): string {
  const pct = (v: number) => `${Math.round(v * 100)}%`;
  if (h.headroomFraction === null) return `pattern: ${label}; ${h.statement}`;
  const head = h.bounded
    ? `max useful throughput ${formatNumber(h.maxUsefulThroughput)}${h.interval ? ` (95%: ${formatNumber(h.interval[0])} to ${formatNumber(h.interval[1])})` : ""}, headroom ${pct(h.headroomFraction)}`
    : `headroom at least ${pct(Math.max(0, h.headroomFraction))} (no knee observed)`;
  return `pattern: ${label}; ${head}`;
}

export async function runPlot(args: PlotArgs, io: Io): Promise<void> {
  const report = await plotCommand(args);
  printLoadWarnings(io, report.series);
  io.stdout(verdict(report.analysis, report.out, report));
}

export type { AnalyzeOptions };
