/**
 * The headroom plot of a headroom run, with what the run concluded drawn on it: the SLA line, the
 * maximum useful throughput over its interval band, and a pattern/headroom note. A pure function
 * of the run, like every spec here; `chp plot` and notebooks draw the same picture.
 */
import type { TopLevelSpec } from "vega-lite";
import type { HeadroomEstimate } from "../headroom/estimate-headroom.js";
import type { SeriesSource } from "../load/formats/types.js";
import type { HeadroomRun } from "../report/headroom-report.js";
import { formatNumber } from "../util/format.js";
import { headroomSpec } from "./headroom-spec.js";
import type { PlotOptions } from "./plot-options.js";

export interface RunPlotOptions extends Partial<PlotOptions> {
  /** Draw the SLA, the maximum useful throughput and the pattern note (default true). */
  annotate?: boolean;
}

/** What the plot draws of a run's conclusions; null with `annotate: false` or without an estimate. */
export function runAnnotations({ pattern, headroom }: Pick<HeadroomRun, "pattern" | "headroom">, annotate = true): PlotOptions["annotations"] {
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
export function runSpec(run: Pick<HeadroomRun, "input" | "series" | "analysis" | "pattern" | "headroom">, options: RunPlotOptions = {}): TopLevelSpec {
  const { annotate, ...plot } = options;
  const { series } = run;
  return headroomSpec(run.analysis, {
    annotations: runAnnotations(run, annotate),
    xUnit: series.units.throughput ?? null,
    yUnit: series.units.response ?? null,
    ...(run.input.kind === "intervals" ? { yLabel: `Response ${series.columns.response}` } : {}),
    ...(run.input.kind === "series" && run.input.source ? { sourceNotes: sourceNotes(run.input.source) } : {}),
    ...Object.fromEntries(Object.entries(plot).filter(([, v]) => v !== undefined)),
  });
}
