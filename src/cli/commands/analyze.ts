/** `chp analyze FILE`: the headroom analysis as JSON (histograms, staircase, fit). */
import { loadTimeSeries, type TimeSeries } from "../../load/time-series.js";
import { analyzeHeadroom } from "../../headroom/analyze.js";
import type { AnalyzeOptions, HeadroomAnalysis } from "../../headroom/types.js";
import { toJson } from "../format.js";
import type { Io } from "../io.js";

export interface AnalyzeArgs extends Partial<AnalyzeOptions> {
  file: string;
  throughputCol?: string;
  responseCol?: string;
  timeCol?: string;
}

export interface AnalyzeReport {
  series: TimeSeries;
  analysis: HeadroomAnalysis;
}

/** Load the file and run the headroom analysis. */
export async function analyzeCommand(args: AnalyzeArgs): Promise<AnalyzeReport> {
  const series = await loadTimeSeries(args.file, args);
  const options: Partial<AnalyzeOptions> = {};
  if (args.q !== undefined) options.q = args.q;
  if (args.qx !== undefined) options.qx = args.qx;
  if (args.fit !== undefined) options.fit = args.fit;
  const analysis = analyzeHeadroom({ throughput: series.throughput, response: series.response, time: series.time, file: args.file }, options);
  return { series, analysis };
}

/** The JSON document of `chp analyze`. */
export function analysisJson({ series, analysis: a }: AnalyzeReport): string {
  return toJson({
    file: series.file,
    columns: series.columns,
    units: series.units,
    rows: a.rows,
    kept: a.kept,
    q: a.options.q,
    qx: a.options.qx,
    responseCutoff: a.responseCutoff,
    throughputCutoff: a.throughputCutoff,
    throughputHist: { breaks: a.throughputHist.breaks, counts: a.throughputHist.counts },
    responseHist: { breaks: a.responseHist.breaks, counts: a.responseHist.counts },
    maxCurve: a.maxCurve,
    fit: a.fit,
  });
}

export async function runAnalyze(args: AnalyzeArgs, io: Io): Promise<void> {
  io.stdout(analysisJson(await analyzeCommand(args)) + "\n");
}
