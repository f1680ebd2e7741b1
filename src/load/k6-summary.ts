/**
 * k6's end-of-test summary as JSON: `--summary-export FILE`, or `handleSummary` returning
 * JSON.stringify(data). One distribution (ms) of one trend, as k6 computed it:
 *
 *   {"metrics": {"http_req_duration": {"type": "trend", "contains": "time",
 *                 "values": {"avg", "min", "med", "max", "p(90)", "p(95)"}},      (handleSummary)
 *               "http_req_duration": {"avg", "min", "med", "max", "p(90)", "p(95)"}, (--summary-export)
 *               "http_reqs": {"values": {"count", "rate"}},
 *               "http_req_failed": {"values": {"rate", "passes", "fails"}}}}
 *
 * The trend is http_req_duration (or --metric NAME); its `{expected_response:true}` submetric
 * (successful requests only, as chp's histograms are) is read instead when the file holds it, and
 * the distribution's name says which was read. A k6 Rate counts non-zero values as `passes`: the
 * failed requests are http_req_failed's passes. The count is of successful requests: http_reqs'
 * count minus them (iterations' count for iteration_duration; unknown for other trends). The
 * percentiles are those k6 lists (summaryTrendStats: p(90) and p(95) by default), exactly.
 */
import { DataError } from "../errors.js";
import { reportMessage as rm } from "../messages.js";
import type { FileDistribution } from "./distribution.js";
import { defaultK6Metric } from "./k6-output.js";
import { numberAt, objectAt, readJsonInput } from "./json-input.js";

/** A metric's values in either shape (under "values", or the metric's own keys). */
function valuesOf(m: unknown): Record<string, unknown> | undefined {
  const o = objectAt(m);
  return o === undefined ? undefined : (objectAt(o.values) ?? o);
}

/** The trends of the summary (for the message when the asked one is not there). */
function trends(metrics: Record<string, unknown>): string[] {
  return Object.keys(metrics).filter((k) => {
    const o = objectAt(metrics[k]);
    return o !== undefined && (o.type === "trend" || (o.type === undefined && valuesOf(o)?.med !== undefined));
  });
}

/** The counter a trend's count comes from. */
function counterOf(metric: string): string | null {
  if (metric.startsWith("http_req_")) return "http_reqs";
  if (metric === "iteration_duration") return "iterations";
  return null;
}

export async function readK6Summary(source: AsyncIterable<Buffer | string>, file: string, o: { metric?: string | null } = {}): Promise<FileDistribution> {
  const root = objectAt(await readJsonInput(source, file, "a k6 summary"));
  const metrics = objectAt(root?.metrics);
  const asked = o.metric ?? defaultK6Metric;
  if (metrics === undefined) throw new DataError(rm.k6SummaryNoMetric(asked, []), { file });
  const successful = `${asked}{expected_response:true}`;
  const name = metrics[successful] !== undefined ? successful : asked;
  const v = valuesOf(metrics[name]);
  const type = objectAt(metrics[name])?.type;
  if (v === undefined || (type !== undefined && type !== "trend")) throw new DataError(rm.k6SummaryNoMetric(asked, trends(metrics)), { file });
  const stat = (key: string): number | null => {
    if (v[key] === undefined) return null;
    const n = numberAt(v[key]);
    if (n === undefined || n < 0) throw new DataError(rm.k6SummaryBadTrend(name, `${key} is ${JSON.stringify(v[key])}, not a duration in ms`), { file });
    return n;
  };
  const curve: { fraction: number; value: number }[] = [];
  for (const key of Object.keys(v)) {
    const p = /^p\((\d+(?:\.\d+)?)\)$/.exec(key);
    const fraction = p ? Number(p[1]) / 100 : key === "med" ? 0.5 : null;
    if (fraction === null || fraction > 1) continue;
    const value = stat(key);
    if (value !== null && !curve.some((c) => c.fraction === fraction)) curve.push({ fraction, value });
  }
  curve.sort((a, b) => a.fraction - b.fraction);
  const at = (fraction: number) => curve.find((c) => Math.abs(c.fraction - fraction) < 1e-12)?.value ?? null;
  if (curve.length === 0 && stat("avg") === null) throw new DataError(rm.k6SummaryBadTrend(name, "no avg, med or p(N) values"), { file });

  const failed = numberAt(valuesOf(metrics.http_req_failed)?.passes);
  const errors = asked.startsWith("http_req_") ? (failed ?? null) : null;
  const counter = counterOf(asked);
  const total = counter === null ? undefined : numberAt(valuesOf(metrics[counter])?.count);
  const count = total === undefined ? NaN : total - (errors ?? 0);
  return {
    file,
    format: "k6-summary",
    name,
    unit: "ms",
    stats: {
      count,
      min: stat("min"),
      max: stat("max"),
      mean: stat("avg"),
      stdDeviation: null,
      p50: at(0.5),
      p90: at(0.9),
      p95: at(0.95),
      p99: at(0.99),
      p999: at(0.999),
    },
    errors,
    bins: [],
    percentiles: curve,
    truncated: false,
    derived: [],
  };
}
