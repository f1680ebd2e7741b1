/**
 * `chp plot FILE...` for interval formats (.hlog, JTL, hey, per-request CSVs):
 *
 *   intervals -> time series (time, throughput = count/s, response = --response
 *   statistic per interval, in --unit) -> headroom analysis -> headroom plot
 *
 * and, for files holding one distribution (.hgrm, spigo), the distribution plot
 * (log-scale histogram and percentile curve on the 1/(1-p) axis).
 */
import { basename } from "node:path";
import { intervalsToTimeSeries, type IntervalSet } from "../../load/intervals.js";
import type { TimeSeries } from "../../load/time-series.js";
import { headroomSpec } from "../../plot/headroom-spec.js";
import { distributionSpec } from "../../plot/distribution-spec.js";
import type { PlotOptions } from "../../plot/plot-options.js";
import { renderAs } from "../../plot/render.js";
import type { Io } from "../io.js";
import { UsageError } from "../../errors.js";
import { histogramMessage } from "../../messages.js";
import { assertNotInput, writeOutput } from "../write-output.js";
import { loadHistogramInputs, unitFactor, type HistogramArgs } from "./histogram-input.js";
import { outputType, plotAnnotations, verdict } from "./plot.js";
import { analyzeSeries, analysisJson } from "./analyze.js";

export interface IntervalPlotArgs {
  out?: string;
  q?: number;
  qx?: boolean;
  fit?: boolean;
  sla?: string;
  estimate?: boolean;
  annotate?: boolean;
  plot: Partial<PlotOptions>;
}

/** `<input without .hlog/.jtl/.csv/.gz>.headroom.png` (or `.distribution.png`), in the current folder. */
export function defaultHistogramOutput(file: string, kind: "headroom" | "distribution"): string {
  const name = file === "-" ? "stdin" : basename(file).replace(/\.gz$/i, "").replace(/\.(hlog|hdr|jtl|csv|tsv|txt|hgrm)$/i, "");
  return `${name}.${kind}.png`;
}

/** The intervals as a time series: throughput and the --response statistic per interval, in --unit. */
function intervalSeries(set: IntervalSet, a: HistogramArgs): { series: TimeSeries; unit: string | null } {
  const { factor, unit } = unitFactor(set.unit, a, set.file);
  const series = intervalsToTimeSeries(set, a.response);
  if (factor !== 1) for (let i = 0; i < series.response.length; i++) series.response[i] *= factor;
  if (unit) series.units.response = unit;
  return { series, unit };
}

/** `chp analyze FILE...` for interval formats: the intervals as a time series, then the same analysis JSON. */
export async function runIntervalAnalyze(files: readonly string[], a: HistogramArgs, args: Omit<IntervalPlotArgs, "out" | "plot" | "annotate">, io: Io): Promise<void> {
  const loaded = await loadHistogramInputs(files, a, io);
  if (loaded.kind === "distribution") throw new UsageError(histogramMessage.analyzeNeedsIntervals(files[0]));
  const { series } = intervalSeries(loaded.set, a);
  io.stdout(analysisJson(await analyzeSeries(series, { file: loaded.set.file, ...args })) + "\n");
}

export async function runIntervalPlot(files: readonly string[], a: HistogramArgs, args: IntervalPlotArgs, io: Io): Promise<void> {
  // A given output is checked before a large input is read.
  if (args.out !== undefined) {
    assertNotInput(args.out, files);
    outputType(args.out);
  }
  const loaded = await loadHistogramInputs(files, a, io);
  const first = files[0];
  if (loaded.kind === "distribution") {
    const d = loaded.dist;
    const out = args.out ?? defaultHistogramOutput(first, "distribution");
    assertNotInput(out, files);
    const type = outputType(out);
    const { factor, unit } = unitFactor(d.unit, a, d.file);
    const spec = distributionSpec(d, { factor, unit, title: args.plot.title, width: args.plot.width, height: args.plot.height });
    await writeOutput(out, await renderAs(spec, type, `Distribution of ${basename(first)}`), files);
    io.stdout(`wrote ${out}\n`);
    return;
  }
  const set = loaded.set;
  const out = args.out ?? defaultHistogramOutput(first, "headroom");
  assertNotInput(out, files);
  const type = outputType(out);
  const { series, unit } = intervalSeries(set, a);
  const report = await analyzeSeries(series, { file: set.file, q: args.q, qx: args.qx, fit: args.fit, sla: args.sla, estimate: args.estimate });
  const { analysis } = report;
  const plot: Partial<PlotOptions> = {
    annotations: plotAnnotations(report, args.annotate),
    xUnit: series.units.throughput ?? null,
    yUnit: unit,
    yLabel: `Response ${a.response}`,
    ...Object.fromEntries(Object.entries(args.plot).filter(([, v]) => v !== undefined)),
    interactive: type === "html",
  };
  const spec = headroomSpec(analysis, plot);
  await writeOutput(out, await renderAs(spec, type, plot.title ?? `Headroom plot of ${basename(first)}`), files);
  io.stdout(verdict(analysis, out, report));
}
