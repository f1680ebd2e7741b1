/**
 * The headroom report: what `chp analyze` prints and `chp plot` draws, as one library call.
 *
 *   inputs -> loadInputs (registry) -> seriesOf (intervals -> per-interval series, units)
 *          -> analyzeHeadroom trims, bins, draws the max staircase and fits the GLM
 *          -> estimateHeadroom (queueing curves, SLA, USL, bootstrap interval): for long series
 *             on a worker thread from the moment the rows are trimmed, while the analysis bins
 *             and fits and then classifies the pattern (every usable interval); the bootstrap's
 *             resamples then shared by both threads
 *          -> HeadroomReport (the JSON document)
 */
import { DataError, UsageError } from "../errors.js";
import type { PatternResult } from "../headroom/classify-pattern.js";
import { prometheusMessage as pm } from "../messages.js";
import { type AnalyzeHooks, analyzeHeadroom } from "../headroom/analyze.js";
import type { HeadroomEstimate } from "../headroom/estimate-headroom.js";
import type { AnalyzeOptions, HeadroomAnalysis } from "../headroom/types.js";
import type { LoadedInput, LoadOptions, SeriesSource } from "../load/formats/types.js";
import { loadInputs } from "../load/load-inputs.js";
import type { TimeSeries } from "../load/time-series.js";
import { responseUnitSeconds } from "../load/units.js";
import { percentileName, parseSla } from "./response-units.js";
import { seriesOf, type SeriesOptions } from "./series.js";
import { toJson } from "../util/format.js";
import { callOnSpareThread, preloadOnSpareThread, touchOnSpareThread } from "../util/spare-thread.js";
import type { HeadroomBins } from "../headroom/headroom-bins.js";

export interface HeadroomReportOptions extends LoadOptions, SeriesOptions, Partial<AnalyzeOptions> {
  /** SLA response target: "250ms", "0.25s", or a number (or numeric text) in the response's units. */
  sla?: string | number;
  /** Classify the bottleneck pattern and estimate the headroom (default true); false: the R headroom plot's work only. */
  estimate?: boolean;
  /** Classify, and estimate the headroom, on worker threads from this many rows (default 200,000; Infinity: never). */
  parallelAbove?: number;
}

/** The JSON document of `chp analyze` (numbers that are NaN or infinite print as null). */
export interface HeadroomReport {
  file: string;
  columns: TimeSeries["columns"];
  units: TimeSeries["units"];
  rows: number;
  kept: number;
  q: number;
  qx: boolean;
  responseCutoff: number | null;
  throughputCutoff: number | null;
  throughputHist: { breaks: number[]; counts: number[] };
  responseHist: { breaks: number[]; counts: number[] };
  maxCurve: HeadroomAnalysis["maxCurve"];
  fit: HeadroomAnalysis["fit"];
  pattern: { label: PatternResult["label"]; scores: PatternResult["scores"]; evidence: string[] } | null;
  headroom: ReportHeadroom | null;
  /** Where a series queried from a metrics server came from: server, queries, range, step, window, precision notes. */
  source?: SeriesSource;
  /** With --by LABEL: each value's own report (the report above is of their total), keyed by the value. */
  by?: { label: string; values: Record<string, Omit<HeadroomReport, "file">> };
}

export interface ReportHeadroom {
  maxUsefulThroughput: HeadroomEstimate["maxUsefulThroughput"];
  interval: HeadroomEstimate["interval"];
  observedPeak: HeadroomEstimate["observedPeak"];
  headroomFraction: HeadroomEstimate["headroomFraction"];
  headroomInterval: HeadroomEstimate["headroomInterval"];
  method: HeadroomEstimate["method"];
  bounded: HeadroomEstimate["bounded"];
  statement: string;
  asymptote: HeadroomEstimate["asymptote"];
  capacityCurve: Pick<HeadroomEstimate["capacityCurve"], "ok" | "r0" | "capacity" | "m">;
  mmc: Pick<HeadroomEstimate["mmc"], "ok" | "base" | "capacity" | "servers">;
  usl: Record<string, unknown> | null;
  sla: HeadroomEstimate["sla"];
  resamples: HeadroomEstimate["resamples"];
  /** Rows each bootstrap resample drew: all the fits' rows, or 50,000 of a longer series' rows (m-out-of-n). */
  resampleRows: HeadroomEstimate["resampleRows"];
}

/** Everything a headroom run computed: the report and the parts it was made from (for plots). */
export interface HeadroomRun {
  input: LoadedInput;
  series: TimeSeries;
  analysis: HeadroomAnalysis;
  /** null with `estimate: false`. */
  pattern: PatternResult | null;
  /** null with `estimate: false`. */
  headroom: HeadroomEstimate | null;
  /** Seconds per response unit used for Little's law and the SLA, and whether the unit was assumed. */
  responseUnit: { seconds: number; assumed: boolean };
  report: HeadroomReport;
}

/**
 * With a spare thread (the worker that parsed a large CSV: src/util/spare-thread.ts) and no
 * estimate on a worker of its own, the analysis has the spare fault in the pages it will fill and
 * bin the kept rows while it fits the curve.
 */
const binsModule = new URL("../headroom/headroom-bins.js", import.meta.url);
const spareThreadHooks: AnalyzeHooks = {
  touch: (regions) => void touchOnSpareThread(regions),
  bins: (x, y, known) => callOnSpareThread<HeadroomBins>(binsModule, "headroomBins", [x, y, known]),
};

/**
 * The pattern's and the estimate's code, loaded only when they are asked for (`--no-estimate`
 * runs without: ~15 ms of module loading).
 */
async function estimateModules() {
  const [{ classifyPattern }, { classifyInParallel, parallelAbove }, { parallelHeadroomAbove, startHeadroom }] = await Promise.all([
    import("../headroom/classify-pattern.js"),
    import("./parallel-pattern.js"),
    import("./parallel-headroom.js"),
  ]);
  return { classifyPattern, classifyInParallel, parallelAbove, parallelHeadroomAbove, startHeadroom };
}

/** Run the analysis on a loaded input (see the top of this file). */
export async function analyzeInput(input: LoadedInput, options: HeadroomReportOptions = {}): Promise<HeadroomRun> {
  const modules = options.estimate === false ? null : await estimateModules();
  const series = seriesOf(input, options);
  const analyzeOptions: Partial<AnalyzeOptions> = {};
  if (options.q !== undefined) analyzeOptions.q = options.q;
  if (options.qx !== undefined) analyzeOptions.qx = options.qx;
  if (options.fit !== undefined) analyzeOptions.fit = options.fit;
  const responseUnit = responseUnitSeconds(series.units.response);
  const sla = options.sla === undefined ? null : parseSla(String(options.sla), responseUnit.seconds);
  const classifyOptions = { responseUnit: responseUnit.assumed ? undefined : series.units.response };
  // The headroom estimate starts on the kept rows (on a worker for long series) while the analysis fits its curve.
  const estimating =
    modules === null
      ? null
      : modules.startHeadroom(
          {
            sla,
            responseSeconds: responseUnit.seconds,
            responseUnit: responseUnit.assumed ? null : (series.units.response ?? null),
            throughputUnit: series.units.throughput ?? null,
            responseName: percentileName(series.columns.response),
          },
          series.throughput.length,
          options.parallelAbove ?? modules.parallelHeadroomAbove,
        );
  // The pattern is read from every usable interval (trimming would cut the starved ones); the
  // headroom from the kept rows, as the fitted curve is. With the estimate on a worker, this thread
  // classifies once its analysis is done (two threads, two cores); else on a worker of its own for
  // long series.
  const pending =
    modules === null || estimating?.onWorker ? null : modules.classifyInParallel(series, classifyOptions, options.parallelAbove ?? modules.parallelAbove);
  if (!estimating?.onWorker) preloadOnSpareThread(binsModule);
  try {
    const analysis = analyzeHeadroom({ throughput: series.throughput, response: series.response, time: series.time, file: series.file }, analyzeOptions, {
      ...(estimating ? { onRows: (rows) => estimating.rows(rows) } : {}),
      ...(estimating?.onWorker ? {} : spareThreadHooks),
    });
    let pattern: PatternResult | null = null;
    if (estimating?.onWorker) {
      estimating.fit(analysis.fit);
      pattern = modules!.classifyPattern(series, classifyOptions);
    }
    const headroom = estimating === null ? null : await estimating.result(analysis);
    if (pending !== null) pattern = await pending.result();
    const run = { input, series, analysis, pattern, headroom, responseUnit };
    const report = reportOf(run);
    if (input.kind === "series" && input.groups) report.by = await groupReports(input, options);
    return { ...run, report };
  } finally {
    pending?.cancel();
    estimating?.cancel();
  }
}

/** Each value's report of a series split by a label (one after the other: each may use a second core). */
async function groupReports(input: LoadedInput & { kind: "series" }, options: HeadroomReportOptions): Promise<NonNullable<HeadroomReport["by"]>> {
  const { label, groups } = input.groups!;
  const values: Record<string, Omit<HeadroomReport, "file">> = {};
  for (const g of groups) {
    const run = await analyzeInput({ kind: "series", format: input.format, series: g.series }, options).catch((e: unknown) => {
      // Which value's series could not be analysed.
      if (e instanceof DataError) throw new DataError(pm.byInGroup(label, g.value, e.reason), e.location);
      if (e instanceof UsageError) throw new UsageError(pm.byInGroup(label, g.value, e.message));
      throw e;
    });
    const { file: _file, ...report } = run.report;
    // A value from the server or the file is data: defined as an own key whatever its text ("__proto__" included).
    Object.defineProperty(values, g.value, { value: report, enumerable: true, writable: true, configurable: true });
  }
  return { label, values };
}

/** Load the inputs and run the analysis: everything `chp analyze` and `chp plot` compute. */
export async function headroomRun(inputs: string | readonly string[] | LoadedInput, options: HeadroomReportOptions = {}): Promise<HeadroomRun> {
  const input = typeof inputs === "object" && "kind" in inputs ? inputs : await loadInputs(inputs, options);
  return analyzeInput(input, options);
}

/** The report `chp analyze` prints as JSON (`reportJson` gives the same text). */
export async function headroomReport(inputs: string | readonly string[] | LoadedInput, options: HeadroomReportOptions = {}): Promise<HeadroomReport> {
  return (await headroomRun(inputs, options)).report;
}

/** The report as `chp analyze` prints it: JSON, two-space indented, NaN and infinities as null. */
export function reportJson(report: HeadroomReport): string {
  return toJson(report);
}

function reportOf({ input, series, analysis: a, pattern, headroom: h, responseUnit }: Omit<HeadroomRun, "report">): HeadroomReport {
  return {
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
      resampleRows: h.resampleRows,
    },
    ...(input.kind === "series" && input.source ? { source: input.source } : {}),
  };
}
