/**
 * `--by LABEL`: a query's series split by one label's values, and the total of the parts.
 *
 *   answer (one series per value) -> grouped by the label's value (each series must carry it,
 *       at most one series per value, at most maxGroups values) -> throughput and response joined
 *       per value on time (prometheus-answer.ts) -> the total: the throughput summed per time; the
 *       response the throughput-weighted mean of the parts' (a mean's total) or a queried series
 *       (a percentile's total, from the summed buckets: percentiles of parts do not merge)
 *
 * Pure functions of parsed answers; errors are DataErrors naming the query and the label.
 */
import { DataError, UsageError } from "../../errors.js";
import { prometheusMessage as pm } from "../../messages.js";
import type { TimeSeries } from "../time-series-types.js";
import { labelText, type PromSeries } from "./prometheus-answer.js";

/** The most values --by takes: more series than a legend's colours can tell apart, or a report can show. */
export const maxGroups = 50;

/** A Prometheus label name (the data model's rule); it goes into the PromQL as written. */
export function checkByLabel(label: string): string {
  if (!/^[a-zA-Z_][a-zA-Z0-9_]*$/.test(label)) throw new UsageError(pm.byBadLabel(label));
  return label;
}

/** Each value of `label` and its one series, sorted by value (see the top of this file). */
export function groupByLabel(list: readonly PromSeries[], label: string, query: string): Map<string, PromSeries> {
  const groups = new Map<string, PromSeries>();
  for (const s of list) {
    const value = s.labels[label];
    // Prometheus drops a label with an empty value: a series without it was not split by it.
    if (value === undefined || value === "")
      throw new DataError(
        pm.byLabelMissing(
          query,
          label,
          list.map((x) => labelText(x.labels)),
        ),
      );
    if (groups.has(value)) throw new DataError(pm.byDuplicate(query, label, value));
    groups.set(value, s);
  }
  if (groups.size > maxGroups) throw new DataError(pm.byTooMany(query, label, groups.size, maxGroups));
  return new Map([...groups].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** The values one grouping has and the other lacks: an error naming them. */
export function checkSameValues(label: string, throughput: Map<string, PromSeries>, response: Map<string, PromSeries>): void {
  const onlyThroughput = [...throughput.keys()].filter((v) => !response.has(v));
  const onlyResponse = [...response.keys()].filter((v) => !throughput.has(v));
  if (onlyThroughput.length > 0 || onlyResponse.length > 0) throw new DataError(pm.byValuesDiffer(label, onlyThroughput, onlyResponse));
}

/** The throughput summed over the parts per time: a time no part has a number for is NaN (missing). */
export function summedThroughput(parts: readonly TimeSeries[]): PromSeries {
  const times = unionTimes(parts);
  const index = new Map(times.map((t, i) => [t, i]));
  const values = new Float64Array(times.length).fill(NaN);
  for (const p of parts) {
    for (let i = 0; i < p.rows; i++) {
      const v = p.throughput[i];
      if (Number.isNaN(v)) continue;
      const k = index.get(p.time![i])!;
      values[k] = Number.isNaN(values[k]) ? v : values[k] + v;
    }
  }
  return { labels: {}, time: Float64Array.from(times), values };
}

/**
 * The parts' mean responses weighted by their throughputs, per time: the mean of every request at
 * that time. A part with no throughput there weighs nothing; a part with a throughput but no
 * response makes the total unknown there (NaN).
 */
export function weightedMeanResponse(parts: readonly TimeSeries[]): PromSeries {
  const times = unionTimes(parts);
  const index = new Map(times.map((t, i) => [t, i]));
  const weighted = new Float64Array(times.length);
  const weights = new Float64Array(times.length);
  const unknown = new Uint8Array(times.length);
  for (const p of parts) {
    for (let i = 0; i < p.rows; i++) {
      const x = p.throughput[i];
      const y = p.response[i];
      const k = index.get(p.time![i])!;
      if (Number.isNaN(x) || x === 0) continue;
      if (Number.isNaN(y)) unknown[k] = 1;
      weighted[k] += x * y;
      weights[k] += x;
    }
  }
  const values = new Float64Array(times.length);
  for (let k = 0; k < times.length; k++) values[k] = unknown[k] === 1 || weights[k] === 0 ? NaN : weighted[k] / weights[k];
  return { labels: {}, time: Float64Array.from(times), values };
}

/** Every time any part has, ascending. */
function unionTimes(parts: readonly TimeSeries[]): number[] {
  const set = new Set<number>();
  for (const p of parts) for (let i = 0; i < p.rows; i++) set.add(p.time![i]);
  return [...set].sort((a, b) => a - b);
}
