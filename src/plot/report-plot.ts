/**
 * The headroom plot of a headroom run, with what the run concluded drawn on it: the SLA line, the
 * maximum useful throughput over its interval band, and a pattern/headroom note. A pure function
 * of the run, like every spec here; `chp plot` and notebooks draw the same picture.
 */
import { basename } from "node:path";
import type { TopLevelSpec } from "vega-lite";
import type { HeadroomEstimate } from "../headroom/estimate-headroom.js";
import type { SeriesSource } from "../load/formats/types.js";
import type { HeadroomRun } from "../report/headroom-report.js";
import { capacityCurve } from "../stats/capacity-curve.js";
import { mmcResponse } from "../stats/mmc-fit.js";
import { withUnit } from "../headroom/headroom-messages.js";
import { formatFigure, formatPercent } from "../util/format.js";
import { expressionSafeTitle } from "./expression-safe-title.js";
import { headroomSpec } from "./headroom-spec.js";
import { headroomTitle, limitCurveLegend, throughputUnitLabel, responseUnitLabel } from "./messages.js";
import type { LimitCurve, PlotOptions } from "./plot-options.js";

export interface RunPlotOptions extends Partial<PlotOptions> {
  /** Draw the SLA, the maximum useful throughput and the pattern note (default true). */
  annotate?: boolean;
}

/** What the plot draws of a run's conclusions; null with `annotate: false` or without an estimate. */
export function runAnnotations(
  { pattern, headroom, responseUnit, series }: Pick<HeadroomRun, "pattern" | "headroom"> & Partial<Pick<HeadroomRun, "responseUnit" | "series">>,
  annotate = true,
): PlotOptions["annotations"] {
  if (!annotate || !pattern || !headroom) return null;
  return {
    sla: headroom.sla?.target ?? null,
    maxUseful: headroom.bounded ? headroom.maxUsefulThroughput : null,
    maxUsefulInterval: headroom.interval,
    note: annotationNote(pattern.label, headroom, series?.units.throughput ?? null),
    limitCurve: limitCurveOf(headroom, responseUnit?.seconds ?? 1e-3),
  };
}

/** The queueing curve whose saturation is the quoted maximum useful throughput, or null for another method. */
export function limitCurveOf(h: HeadroomEstimate, responseSeconds: number): LimitCurve | null {
  const { mmc, capacityCurve: cc } = h;
  if (h.method === "mmc" && mmc.ok && mmc.base !== null && mmc.capacity !== null && mmc.servers !== null) {
    const [base, capacity, servers] = [mmc.base, mmc.capacity, mmc.servers];
    return { label: limitCurveLegend("mmc", servers), limit: capacity, response: (x) => mmcResponse(base, capacity, servers, x, responseSeconds) };
  }
  if (h.method === "capacity-curve" && cc.ok && cc.r0 !== null && cc.capacity !== null && cc.m !== null) {
    const [r0, capacity, m] = [cc.r0, cc.capacity, cc.m];
    return { label: limitCurveLegend("capacity-curve", m), limit: capacity, response: (x) => capacityCurve(r0, capacity, m, x) };
  }
  return null;
}

/**
 * The subtitle line: pattern and headroom, its figures printed as the headroom statement prints
 * them (formatFigure, formatPercent), against the same peak: that of every usable interval.
 */
export function annotationNote(label: string, h: HeadroomEstimate, rate: string | null = null): string {
  if (h.headroomFraction === null) return `pattern: ${label}; ${h.statement}`;
  const peak = withUnit(h.observedPeak, rate);
  if (!h.bounded) return `pattern: ${label}; no knee observed: max useful throughput at least the peak ${peak}, headroom not known`;
  // The unit once, after the estimate: the line must fit the figure's width.
  const interval = h.interval ? ` (95%: ${formatFigure(h.interval[0])} to ${formatFigure(h.interval[1])})` : "";
  const bare = formatFigure(h.observedPeak);
  const left = h.headroomFraction >= 0 ? `headroom ${formatPercent(h.headroomFraction)} at the peak ${bare}` : `the peak ${bare} is past it: no headroom`;
  return `pattern: ${label}; max useful throughput ${withUnit(h.maxUsefulThroughput, rate)}${interval}, ${left}`;
}

/** Where a queried series came from (server, queries, step), and the precision notes, for the subtitle. */
export function sourceNotes(s: SeriesSource): string[] {
  const cut = (q: string) => (q.length > 110 ? `${q.slice(0, 110)}...` : q);
  const lines: string[] = [];
  if (s.server !== null && s.queries.throughput !== null && s.queries.response !== null) {
    lines.push(`${s.server}, step ${s.step} s${s.window ? `, rate window ${s.window.seconds} s` : ""}`);
    lines.push(`throughput: ${cut(s.queries.throughput)}`, `response: ${cut(s.queries.response)}`);
  }
  return [...lines, ...s.notes];
}

/** The headroom plot of a run: units from the series, the interval statistic as the response label, the run's annotations. */
export function runSpec(
  run: Pick<HeadroomRun, "input" | "series" | "analysis" | "pattern" | "headroom"> & Partial<Pick<HeadroomRun, "responseUnit">>,
  options: RunPlotOptions = {},
): TopLevelSpec {
  const { annotate, ...plot } = options;
  const { series } = run;
  return headroomSpec(run.analysis, {
    annotations: runAnnotations(run, annotate),
    title: expressionSafeTitle(headroomTitle(series.file === "-" ? "stdin" : basename(series.file))),
    xUnit: throughputUnitLabel(series.units.throughput),
    yUnit: responseUnitLabel(series.units.response, run.input.kind === "intervals"),
    ...(run.input.kind === "intervals" ? { yLabel: `Response ${series.columns.response}` } : {}),
    ...(run.input.kind === "series" && run.input.source ? { sourceNotes: sourceNotes(run.input.source) } : {}),
    ...Object.fromEntries(Object.entries(plot).filter(([, v]) => v !== undefined)),
  });
}
