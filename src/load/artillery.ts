/**
 * Artillery's JSON report (`artillery run --output report.json`), both shapes:
 *
 * 1.x: `intermediate[]`, one entry per 10 s report, each with the raw `latencies` of its requests
 *      (nanoseconds: plain numbers, or [start ms, id, latency ns, status code] in older 1.x) and its
 *      own summary `latency` {min, max, median, p95, p99} in ms; `aggregate` the same for the run.
 *      -> interval histograms, exact: each entry's latencies into one HdrHistogram (microseconds,
 *      unit ms). An entry ends at its `timestamp` and starts where the one before ended (the first:
 *      one entry's length before its end). Its `errors` {code: count} are the requests that got no
 *      response (counted as errors); every response counts, whatever its status code, as in
 *      Artillery's own latency figures and `requestsCompleted`.
 * 2.x: `intermediate[]` entries with `period` (the 10 s bucket's start, epoch ms), `counters`
 *      ("errors.ETIMEDOUT": n, ...) and `summaries["http.response_time"]` {min, max, count, mean,
 *      p50, median, p75, p90, p95, p99, p999} in ms -> a time series: throughput = count / the
 *      bucket's length (the first and last over the part firstMetricAt..lastMetricAt covers),
 *      response = one of the summary's statistics (`--response`, default p50: early 2.x summaries
 *      have no mean); the run's totals from `aggregate`.
 *      Per endpoint (`--label NAME`): the metrics-by-endpoint plugin adds, in the same places, a
 *      summary `<namespace>.response_time.<endpoint>` (the same first-byte time as
 *      http.response_time) and counters `<namespace>.<endpoint>.codes.<status>` and
 *      `<namespace>.<endpoint>.errors.<code>`; the namespace is `plugins.metrics-by-endpoint` unless
 *      its `metricsNamespace` option names another, and the endpoint is the URL path, or
 *      "path (name)", or the request's name. The label reads that endpoint's summaries the same way.
 */
import { DataError } from "../errors.js";
import { reportMessage as rm } from "../messages.js";
import { HdrHistogram } from "./hdr/histogram.js";
import { IntervalSetBuilder, type IntervalSet, type ResponseStat } from "./intervals.js";
import { numberAt, objectAt, readJsonInput } from "./json-input.js";
import { parseIsoSeconds } from "./parse-cell.js";
import type { TimeSeries } from "./time-series-types.js";
import type { ToolTotals } from "./formats/types.js";

/** Histogram values are ms latencies times this (microseconds). */
const scale = 1000;

/** Artillery's default report period (seconds), for a report of one entry. */
const defaultPeriod = 10;

/** The report's `intermediate` entries; a DataError when there are none. */
function entriesOf(root: Record<string, unknown> | undefined, file: string, version: string): Record<string, unknown>[] {
  const list = root?.intermediate;
  if (!Array.isArray(list)) throw new DataError(rm.artilleryNoIntermediate(version), { file });
  return list.map((e, i) => {
    const o = objectAt(e);
    if (o === undefined) throw new DataError(rm.artilleryBadEntry(i, "not an object"), { file });
    return o;
  });
}

/** The sum of an errors object's counts ({"ECONNREFUSED": 3}), or of counters named "errors.*". */
function errorCount(errors: unknown, prefix = ""): number {
  const o = objectAt(errors);
  if (o === undefined) return 0;
  let n = 0;
  for (const [k, v] of Object.entries(o)) if (k.startsWith(prefix) && typeof v === "number" && Number.isFinite(v)) n += v;
  return n;
}

/** One 1.x latency in ns: a number, or the third item of [start, id, latency, code]. */
function latencyNs(x: unknown): number | undefined {
  return Array.isArray(x) ? numberAt(x[2]) : numberAt(x);
}

/** An Artillery 1.x report as interval histograms (see the top of this file). */
export async function readArtillery1(source: AsyncIterable<Buffer | string>, file: string): Promise<IntervalSet> {
  const root = objectAt(await readJsonInput(source, file, "an Artillery report"));
  const entries = entriesOf(root, file, "1.x");
  if (entries.length === 0) throw new DataError(rm.artilleryNoIntermediate("1.x"), { file });
  const ends = entries.map((e, i) => {
    const t = typeof e.timestamp === "string" ? parseIsoSeconds(e.timestamp) : NaN;
    if (Number.isNaN(t)) throw new DataError(rm.artilleryBadEntry(i, `timestamp ${JSON.stringify(e.timestamp)} is not an ISO date-time`), { file });
    if (i > 0 && !(t >= 0)) throw new DataError(rm.artilleryBadEntry(i, "no timestamp"), { file });
    return t;
  });
  const template = new HdrHistogram({ lowestDiscernibleValue: 1, highestTrackableValue: 3_600_000_000_000, significantDigits: 3 });
  const builder = new IntervalSetBuilder(scale);
  builder.total = template.emptyCopy();
  const firstLength = entries.length > 1 ? ends[1] - ends[0] : defaultPeriod;
  entries.forEach((e, i) => {
    if (i > 0 && ends[i] < ends[i - 1]) throw new DataError(rm.artilleryBadEntry(i, "its timestamp is before the entry's before it"), { file });
    const raw = e.latencies;
    const completed = numberAt(e.requestsCompleted) ?? 0;
    if (!Array.isArray(raw)) {
      if (completed > 0) throw new DataError(rm.artilleryNoLatencies(i, completed), { file });
    }
    const h = template.emptyCopy();
    let maxNs = 0;
    for (const [k, x] of (Array.isArray(raw) ? raw : []).entries()) {
      const ns = latencyNs(x);
      if (ns === undefined || ns < 0) throw new DataError(rm.artilleryBadEntry(i, `latencies[${k}] is ${JSON.stringify(x)}, not a latency in ns`), { file });
      h.record(Math.round(ns / 1000));
      if (ns > maxNs) maxNs = ns;
    }
    // the entry's own summary is in ms: raw values that disagree by orders of magnitude are not ns
    const max = numberAt(objectAt(e.latency)?.max);
    if (max !== undefined && h.totalCount > 0 && Math.abs(maxNs / 1e6 - max) > 1 + max * 0.01) {
      throw new DataError(rm.artilleryUnitMismatch(i, maxNs, max), { file });
    }
    const length = i === 0 ? firstLength : ends[i] - ends[i - 1];
    const start = ends[i] - length;
    builder.add({ tag: null, start: Math.round(start * 1e6) / 1e6, length: Math.round(length * 1e6) / 1e6, histogram: h, errors: errorCount(e.errors) });
  });
  return {
    file,
    format: "artillery1",
    unit: "ms",
    scale,
    startTime: builder.intervals[0].start,
    intervals: builder.intervals,
    total: builder.total,
    totalErrors: builder.totalErrors,
    tags: [],
  };
}

/** The summary statistic of a ResponseStat. */
const summaryKey: Record<ResponseStat, string> = { mean: "mean", p50: "p50", p90: "p90", p95: "p95", p99: "p99", p999: "p999", max: "max" };

/** The run's response-time metric of a 2.x report. */
const allRequests = "http.response_time";

/** A summary metric's name of one endpoint (metrics-by-endpoint): namespace and endpoint. */
const endpointMetric = /^(.+?)\.response_time\.(.+)$/;

/** A response-time summary of a 2.x entry (`summaries`, or `histograms` in some 2.x). */
function responseSummary(e: Record<string, unknown>, metric = allRequests): Record<string, unknown> | undefined {
  return objectAt(objectAt(e.summaries)?.[metric]) ?? objectAt(objectAt(e.histograms)?.[metric]);
}

/**
 * The per-endpoint response-time metrics of the report's entries and aggregate, by endpoint name.
 * Artillery's own `http.response_time.2xx` (by status class) is not an endpoint's.
 */
function endpointMetrics(entries: readonly Record<string, unknown>[]): Map<string, { metric: string; namespace: string }> {
  const out = new Map<string, { metric: string; namespace: string }>();
  for (const e of entries)
    for (const group of [e.summaries, e.histograms]) {
      const o = objectAt(group);
      if (o === undefined) continue;
      for (const metric of Object.keys(o)) {
        const m = endpointMetric.exec(metric);
        if (m === null || m[1] === "http" || out.has(m[2])) continue;
        out.set(m[2], { metric, namespace: m[1] });
      }
    }
  return out;
}

/** The epoch ms of a 2.x `period` (a number, or its digits as a string). */
function periodMs(v: unknown): number | undefined {
  if (typeof v === "string" && /^\d+$/.test(v)) return Number(v);
  return numberAt(v);
}

/** An Artillery 2.x report as a time series (see the top of this file). */
export async function readArtillery2(
  source: AsyncIterable<Buffer | string>,
  file: string,
  o: { response?: ResponseStat; label?: string | null } = {},
): Promise<{ series: TimeSeries; totals: ToolTotals; response: ResponseStat }> {
  const stat = o.response ?? "p50";
  const key = summaryKey[stat];
  const root = objectAt(await readJsonInput(source, file, "an Artillery report"));
  const entries = entriesOf(root, file, "2.x");
  const aggregate = objectAt(root?.aggregate);
  let metric = allRequests;
  let errorPrefix = "errors.";
  if (o.label != null) {
    const endpoints = endpointMetrics(aggregate === undefined ? entries : [aggregate, ...entries]);
    const chosen = endpoints.get(o.label);
    if (chosen === undefined) throw new DataError(rm.artilleryNoEndpoint(o.label, [...endpoints.keys()]), { file });
    metric = chosen.metric;
    errorPrefix = `${chosen.namespace}.${o.label}.errors.`;
  }
  const rows = entries
    .map((e, i) => {
      const at = periodMs(e.period);
      if (at === undefined) throw new DataError(rm.artilleryBadEntry(i, `period ${JSON.stringify(e.period)} is not epoch milliseconds`), { file });
      return { e, i, at: at / 1000 };
    })
    .sort((a, b) => a.at - b.at);
  if (rows.length === 0) throw new DataError(rm.artilleryNoIntermediate("2.x"), { file });
  let spacing = Infinity;
  for (let k = 1; k < rows.length; k++) if (rows[k].at > rows[k - 1].at) spacing = Math.min(spacing, rows[k].at - rows[k - 1].at);
  if (!Number.isFinite(spacing)) spacing = defaultPeriod;
  const n = rows.length;
  const time = new Float64Array(n);
  const throughput = new Float64Array(n);
  const response = new Float64Array(n);
  rows.forEach(({ e, i, at }, k) => {
    const s = responseSummary(e, metric);
    const count = s === undefined ? 0 : numberAt(s.count);
    if (count === undefined || count < 0) throw new DataError(rm.artilleryBadEntry(i, `${metric} count is ${JSON.stringify(s?.count)}`), { file });
    // the first and last buckets are partial: their rate over the part the run covers
    let length = spacing;
    const first = numberAt(e.firstMetricAt);
    const last = numberAt(e.lastMetricAt);
    if (k === 0 && first !== undefined && first / 1000 > at && first / 1000 < at + spacing) length = at + spacing - first / 1000;
    if (k === n - 1 && last !== undefined && last / 1000 > at && last / 1000 < at + length)
      length = last / 1000 - Math.max(at, k === 0 && first !== undefined ? first / 1000 : at);
    time[k] = at;
    throughput[k] = length > 0 ? count / length : NaN;
    const v = s === undefined || count === 0 ? undefined : s[key] === undefined && key === "p50" ? s.median : s[key];
    if (count > 0 && v === undefined) throw new DataError(rm.artilleryNoStat(i, metric, stat), { file });
    if (v !== undefined && (numberAt(v) === undefined || (v as number) < 0))
      throw new DataError(rm.artilleryBadEntry(i, `${metric} ${key} is ${JSON.stringify(v)}`), { file });
    response[k] = v === undefined ? NaN : (v as number);
  });
  const a = aggregate === undefined ? undefined : responseSummary(aggregate, metric);
  const num = (k: string) => numberAt(a?.[k]) ?? null;
  const totals: ToolTotals = {
    source: `Artillery's aggregate ${metric} summary and ${errorPrefix}* counters`,
    unit: "ms",
    count: num("count"),
    errors: aggregate === undefined ? null : errorCount(aggregate.counters, errorPrefix),
    min: num("min"),
    max: num("max"),
    mean: num("mean"),
    p50: num("p50") ?? num("median"),
  };
  const series: TimeSeries = {
    file,
    header: ["period", `${metric} count / s`, `${metric} ${key}`],
    delimiter: ",",
    columns: { time: "period", throughput: `${metric} count / s`, response: `${metric} ${key}` },
    units: { time: "s", throughput: "req/s", response: "ms" },
    time,
    throughput,
    response,
    rows: n,
  };
  return { series, totals, response: stat };
}
