/** `chp analyze FILE`: the headroom analysis as JSON (histograms, staircase, fit). */
import { loadTimeSeries, type TimeSeries } from "../../load/time-series.js";
import { analyzeHeadroom } from "../../headroom/analyze.js";
import type { PatternResult } from "../../headroom/classify-pattern.js";
import { classifyInParallel } from "../parallel-pattern.js";
import { estimateHeadroom, type HeadroomEstimate } from "../../headroom/estimate-headroom.js";
import { UsageError } from "../../errors.js";
import { message } from "../../messages.js";
import type { AnalyzeOptions, HeadroomAnalysis } from "../../headroom/types.js";
import { toJson } from "../../util/format.js";
import type { Io } from "../io.js";
import { printLoadWarnings, rethrowWithSkipHint } from "../load-warnings.js";

export interface AnalyzeArgs extends Partial<AnalyzeOptions> {
  file: string;
  /** SLA response target as given: "250ms", "0.25s", "250" (response units). */
  sla?: string;
  throughputCol?: string;
  responseCol?: string;
  timeCol?: string;
  /** Skip unreadable rows (counted, reported on stderr) instead of failing. */
  skipBadRows?: boolean;
  /** Classify the bottleneck pattern and estimate the headroom (default true); false: the R headroom plot's work only. */
  estimate?: boolean;
}

export interface AnalyzeReport {
  series: TimeSeries;
  analysis: HeadroomAnalysis;
  /** null with `estimate: false`. */
  pattern: PatternResult | null;
  /** null with `estimate: false`. */
  headroom: HeadroomEstimate | null;
  /** Seconds per response unit used for Little's law and the SLA, and whether the unit was assumed. */
  responseUnit: { seconds: number; assumed: boolean };
}

const unitSeconds: Record<string, number> = { ns: 1e-9, us: 1e-6, ms: 1e-3, s: 1, sec: 1, min: 60 };

/** Seconds per response unit: from the column's unit, else milliseconds (assumed, and said so). */
export function responseUnitSeconds(unit: string | undefined): { seconds: number; assumed: boolean } {
  const s = unit !== undefined ? unitSeconds[unit] : undefined;
  return s !== undefined ? { seconds: s, assumed: false } : { seconds: 1e-3, assumed: true };
}

/** "p99" when the response column holds a per-interval percentile (p99, p95_ms, latency_p99.9, 99th), else null. */
export function percentileName(column: string): string | null {
  const m = /(?:^|[^a-z0-9])p(\d{1,2}(?:[._]\d+)?|99\d)(?![0-9])/i.exec(column) ?? /(?:^|[^a-z0-9])(\d{1,2}(?:\.\d+)?)(?:th|pct|%)/i.exec(column);
  if (!m) return null;
  const p = m[1].replace("_", ".");
  return `p${/^99\d$/.test(p) ? `99.${p[2]}` : p}`;
}

/** --sla "250ms" | "0.25s" | "250": a positive duration, converted to response units. */
export function parseSla(raw: string, responseSeconds: number): number {
  const m = /^\s*([0-9]*\.?[0-9]+(?:e[-+]?[0-9]+)?)\s*(ns|us|µs|ms|s|sec|min)?\s*$/i.exec(raw);
  const v = m ? Number(m[1]) : NaN;
  if (!m || !(v > 0) || !Number.isFinite(v)) throw new UsageError(message.badNumberOption("--sla", raw, "a positive response time such as 250ms, 0.25s or 250 (in the response's units)"));
  if (!m[2]) return v;
  const unit = m[2].toLowerCase().replace("µ", "u");
  return (v * unitSeconds[unit]) / responseSeconds;
}

/** The analysis, pattern and headroom of a loaded series (any format that gives throughput and response per interval). */
export async function analyzeSeries(series: TimeSeries, args: Omit<AnalyzeArgs, "throughputCol" | "responseCol" | "timeCol">): Promise<AnalyzeReport> {
  const options: Partial<AnalyzeOptions> = {};
  if (args.q !== undefined) options.q = args.q;
  if (args.qx !== undefined) options.qx = args.qx;
  if (args.fit !== undefined) options.fit = args.fit;
  const responseUnit = responseUnitSeconds(series.units.response);
  const sla = args.sla !== undefined ? parseSla(args.sla, responseUnit.seconds) : null;
  // The pattern is read from every usable interval (trimming would cut the starved ones), on a
  // second core for long series; the headroom from the kept rows, as the fitted curve is.
  const pending = args.estimate === false ? null : classifyInParallel(series, { responseUnit: responseUnit.assumed ? undefined : series.units.response });
  try {
    const analysis = analyzeHeadroom({ throughput: series.throughput, response: series.response, time: series.time, file: args.file }, options);
    if (pending === null) return { series, analysis, pattern: null, headroom: null, responseUnit };
    const headroom = estimateHeadroom(analysis, { sla, responseSeconds: responseUnit.seconds, responseName: percentileName(series.columns.response) });
    return { series, analysis, pattern: await pending.result(), headroom, responseUnit };
  } finally {
    pending?.cancel();
  }
}

/** Load the file and run the headroom analysis. */
export async function analyzeCommand(args: AnalyzeArgs): Promise<AnalyzeReport> {
  return await analyzeSeries(await loadTimeSeries(args.file, args).catch(rethrowWithSkipHint), args);
}

/** The JSON document of `chp analyze`. */
export function analysisJson({ series, analysis: a, pattern, headroom: h, responseUnit }: AnalyzeReport): string {
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
    pattern: pattern && { label: pattern.label, scores: pattern.scores, evidence: pattern.evidence },
    headroom: h && {
      maxUsefulThroughput: h.maxUsefulThroughput,
      interval: h.interval,
      observedPeak: h.observedPeak,
      headroomFraction: h.headroomFraction,
      headroomInterval: h.headroomInterval,
      method: h.method,
      bounded: h.bounded,
      statement: h.statement,
      asymptote: h.asymptote,
      capacityCurve: { ok: h.capacityCurve.ok, r0: h.capacityCurve.r0, capacity: h.capacityCurve.capacity, m: h.capacityCurve.m },
      mmc: { ok: h.mmc.ok, base: h.mmc.base, capacity: h.mmc.capacity, servers: h.mmc.servers },
      usl: h.usl && {
        ok: h.usl.ok,
        lambda: h.usl.lambda,
        sigma: h.usl.sigma,
        kappa: h.usl.kappa,
        nStar: h.usl.nStar,
        xMax: h.usl.xMax,
        concurrency: h.usl.concurrency,
        responseUnitSeconds: responseUnit.seconds,
        responseUnitAssumed: responseUnit.assumed,
      },
      sla: h.sla,
      resamples: h.resamples,
    },
  });
}

export async function runAnalyze(args: AnalyzeArgs, io: Io): Promise<void> {
  const report = await analyzeCommand(args);
  printLoadWarnings(io, report.series);
  io.stdout(analysisJson(report) + "\n");
}
