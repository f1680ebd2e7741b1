/**
 * A Prometheus-compatible server (Prometheus, Thanos, Mimir, Cortex, VictoriaMetrics: the same
 * HTTP query API) as a source of the time series every reader returns.
 *
 *   --metric NAME   -> NAME_count exists? (series API) -> scrape interval from NAME_count's raw
 *                      samples -> window w = max(step, 4 x scrape interval) -> the two queries:
 *                      throughput sum(rate(NAME_count[w])); response the mean
 *                      sum(rate(NAME_sum[w])) / sum(rate(NAME_count[w])) or a percentile
 *                      histogram_quantile(q, sum by (le) (rate(NAME_bucket[w])))
 *   --throughput Q --response Q -> as given
 *   --by LABEL      -> the same queries aggregated `sum by (LABEL)` (`sum by (LABEL, le)` under
 *                      histogram_quantile): one series per value, and their total (prometheus-by.ts)
 *   each query -> /api/v1/query_range over [start, end] at step, in chunks of at most 10,000
 *                 points (the server refuses more than 11,000 per series) -> one series per label
 *                 set -> joined on time (prometheus-answer.ts) -> LoadedInput (kind "series")
 *
 * HTTP with Node's fetch: http or https, a timeout, a bearer token or basic auth (the caller passes
 * them; the CLI reads CHP_PROMETHEUS_TOKEN, CHP_PROMETHEUS_USER and CHP_PROMETHEUS_PASSWORD).
 * Every failure is one DataError (unreachable, HTTP status, the server's PromQL error, empty result).
 */
import { DataError, UsageError } from "../../errors.js";
import { prometheusMessage as pm } from "../../messages.js";
import type { LoadedInput, SeriesGroups, SeriesSource } from "../formats/types.js";
import type { TimeSeries } from "../time-series-types.js";
import { answerError, joinOnTime, labelText, oneOf, parseMatrix, type JoinNames, type PromSeries } from "./prometheus-answer.js";
import { checkByLabel, checkSameValues, groupByLabel, summedThroughput, weightedMeanResponse } from "./prometheus-by.js";
import type { PrometheusQuery } from "./prometheus-query.js";
import { defaultStep, parsePromTime, promDuration, splitRange } from "./prometheus-time.js";

export type { PrometheusQuery } from "./prometheus-query.js";

/** The statistics --response takes with --metric, and the quantile each is. */
const quantiles: Readonly<Record<string, number>> = { p50: 0.5, p90: 0.9, p95: 0.95, p99: 0.99, p999: 0.999 };

/** The default --timeout, seconds. */
export const defaultTimeout = 30;

/** A server and how to talk to it. */
interface Client {
  base: string;
  timeout: number;
  headers: Record<string, string>;
}

function client(q: PrometheusQuery): Client {
  let url: URL;
  try {
    url = new URL(q.url);
  } catch {
    throw new UsageError(pm.badUrl(q.url));
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new UsageError(pm.badUrl(q.url));
  const headers: Record<string, string> = { accept: "application/json", "content-type": "application/x-www-form-urlencoded" };
  if (q.auth?.token) headers.authorization = `Bearer ${q.auth.token}`;
  else if (q.auth?.user !== undefined && q.auth.user !== "")
    headers.authorization = `Basic ${Buffer.from(`${q.auth.user}:${q.auth.password ?? ""}`).toString("base64")}`;
  return { base: url.href.replace(/\/+$/, ""), timeout: q.timeout ?? defaultTimeout, headers };
}

/** POST a form to an API path; the answer's text. `query` names the PromQL in a rejected query's error. */
async function post(c: Client, path: string, form: Record<string, string>, query: string | null): Promise<string> {
  const url = `${c.base}${path}`;
  let res: Response;
  let text: string;
  try {
    res = await fetch(url, { method: "POST", headers: c.headers, body: new URLSearchParams(form), signal: AbortSignal.timeout(c.timeout * 1000) });
    text = await res.text();
  } catch (e) {
    const err = e as Error & { cause?: { message?: string; code?: string } };
    if (err.name === "TimeoutError" || err.name === "AbortError") throw new DataError(pm.timeout(c.base, c.timeout));
    throw new DataError(pm.unreachable(c.base, err.cause?.message ?? err.cause?.code ?? err.message));
  }
  if (!res.ok) {
    const e = answerError(text);
    if (e && query !== null && (res.status === 400 || res.status === 422)) throw new DataError(pm.queryError(query, e.error));
    throw new DataError(pm.httpStatus(url, res.status, res.statusText, e ? e.error : text));
  }
  const e = answerError(text);
  if (e) throw new DataError(query !== null ? pm.queryError(query, e.error) : pm.serverError(e.errorType, e.error));
  return text;
}

/** The range as messages show it. */
const rangeText = (start: number, end: number, step: number) =>
  `${new Date(start * 1000).toISOString()} to ${new Date(end * 1000).toISOString()} (step ${promDuration(step)})`;

/** Every series a range query gives, the chunks of a long range joined per label set. */
async function queryRange(c: Client, query: string, start: number, end: number, step: number): Promise<PromSeries[]> {
  const byLabels = new Map<string, { labels: Record<string, string>; time: number[]; values: number[] }>();
  for (const [from, to] of splitRange(start, end, step)) {
    const text = await post(c, "/api/v1/query_range", { query, start: String(from), end: String(to), step: String(step) }, query);
    for (const s of parseMatrix(text, c.base)) {
      const key = labelText(s.labels);
      const into = byLabels.get(key) ?? { labels: s.labels, time: [], values: [] };
      byLabels.set(key, into);
      for (let i = 0; i < s.time.length; i++) {
        if (into.time.length > 0 && s.time[i] <= into.time[into.time.length - 1]) continue; // a chunk's first point repeating the last
        into.time.push(s.time[i]);
        into.values.push(s.values[i]);
      }
    }
  }
  return [...byLabels.values()].map((s) => ({ labels: s.labels, time: Float64Array.from(s.time), values: Float64Array.from(s.values) }));
}

/** Whether the server has a series of this name in the range. */
async function hasSeries(c: Client, name: string, start: number, end: number): Promise<boolean> {
  const text = await post(c, "/api/v1/series", { "match[]": name, start: String(start), end: String(end) }, null);
  let doc: { data?: unknown };
  try {
    doc = JSON.parse(text) as { data?: unknown };
  } catch (e) {
    throw new DataError(pm.notJson((e as Error).message), { file: c.base });
  }
  return Array.isArray(doc.data) && doc.data.length > 0;
}

/** The scrape interval of `name`: the median gap of its raw samples in the last minutes of the range (or its first). */
async function scrapeInterval(c: Client, name: string, start: number, end: number): Promise<number | null> {
  // Three minutes hold a few samples even at a 1 m scrape interval, and few enough of a server's many series.
  const look = Math.max(1, Math.min(end - start, 180));
  for (const time of [end, Math.min(end, start + look)]) {
    const query = `${name}[${promDuration(look)}]`;
    const text = await post(c, "/api/v1/query", { query, time: String(time) }, query);
    const gaps: number[] = [];
    for (const s of parseMatrix(text, c.base)) for (let i = 1; i < s.time.length; i++) gaps.push(s.time[i] - s.time[i - 1]);
    if (gaps.length > 0) {
      gaps.sort((a, b) => a - b);
      return Math.round(gaps[Math.floor(gaps.length / 2)] * 1000) / 1000;
    }
  }
  return null;
}

/** The unit a metric name states by Prometheus' naming conventions (base units, suffixed), for the response. */
function unitOfQuery(query: string): string | undefined {
  if (/_seconds(_sum|_count|_bucket)?\b/.test(query)) return "s";
  if (/_milliseconds(_sum|_count|_bucket)?\b/.test(query)) return "ms";
  return undefined;
}

/** The two queries and what the series' columns are called. */
interface Queries {
  throughput: string;
  response: string;
  /** With --by and a percentile: the total's response, from the buckets summed over every value. */
  totalResponse?: string;
  names: { throughput: string; response: string };
  units: TimeSeries["units"];
  window: SeriesSource["window"];
}

/** Build the queries of --metric NAME (see the top of this file). */
async function metricQueries(c: Client, q: PrometheusQuery, name: string, start: number, end: number, step: number, by: string | null): Promise<Queries> {
  const base = /^(.*)_(count|sum|bucket)$/.exec(name);
  if (base) throw new UsageError(pm.metricSuffix(name, base[1]));
  const stat = q.response ?? "mean";
  if (stat !== "mean" && !Object.hasOwn(quantiles, stat)) throw new UsageError(pm.metricResponse(stat));
  const needed = [`${name}_count`, ...(stat === "mean" ? [`${name}_sum`] : [`${name}_bucket`])];
  for (const series of needed) if (!(await hasSeries(c, series, start, end))) throw new DataError(pm.noMetric(series, c.base));
  const scrape = await scrapeInterval(c, `${name}_count`, start, end);
  if (scrape === null) throw new DataError(pm.noScrapeInterval(`${name}_count`));
  const seconds = Math.max(step, 4 * scrape);
  const reason =
    seconds === step && step > 4 * scrape
      ? `the step (${promDuration(step)}), longer than 4 x the scrape interval (${promDuration(scrape)})`
      : `4 x the scrape interval of ${name}_count (${promDuration(scrape)})`;
  const w = promDuration(seconds);
  const sum = (e: string) => (by === null ? `sum(${e})` : `sum by (${by}) (${e})`);
  const count = sum(`rate(${name}_count[${w}])`);
  const quantile = (le: string) => `histogram_quantile(${quantiles[stat]}, sum by (${le}) (rate(${name}_bucket[${w}])))`;
  const response = stat === "mean" ? `${sum(`rate(${name}_sum[${w}])`)} / ${count}` : quantile(by === null ? "le" : `${by}, le`);
  const unit = unitOfQuery(name) ?? q.inputUnit ?? undefined;
  return {
    throughput: count,
    response,
    ...(by !== null && stat !== "mean" ? { totalResponse: quantile("le") } : {}),
    names: { throughput: "throughput_rps", response: `response_${stat}${unit ? `_${unit}` : ""}` },
    units: { throughput: "req/s", ...(unit ? { response: unit } : {}) },
    window: { seconds, reason },
  };
}

/** The given queries: their response unit from the metric names in it (or --input-unit). */
function givenQueries(q: PrometheusQuery, by: string | null): Queries {
  if (q.throughput === undefined || q.response === undefined) throw new UsageError(pm.needsQueries());
  // The total's response is then the parts' throughput-weighted mean: right for a mean only.
  if (by !== null && (!/_sum\b/.test(q.response) || /quantile/.test(q.response))) throw new UsageError(pm.byPercentileQuery());
  const unit = q.inputUnit ?? unitOfQuery(q.response);
  const perSecond = /\bi?rate\s*\(/.test(q.throughput);
  return {
    throughput: q.throughput,
    response: q.response,
    names: { throughput: perSecond ? "throughput_per_s" : "throughput", response: unit ? `response_${unit}` : "response" },
    units: { ...(perSecond ? { throughput: "/s" } : {}), ...(unit ? { response: unit } : {}) },
    window: null,
  };
}

/** The range and step asked for: start aligned down to the step, so saved and repeated queries fall on one grid. */
export function queryRangeOf(q: Pick<PrometheusQuery, "start" | "end" | "step" | "now">): { start: number; end: number; step: number } {
  const now = q.now ?? Date.now() / 1000;
  const end = parsePromTime(q.end ?? "now", now);
  if (end === null) throw new UsageError(pm.badTime("--end", q.end ?? ""));
  const start = q.start === undefined ? end - 3600 : parsePromTime(q.start, now);
  if (start === null) throw new UsageError(pm.badTime("--start", q.start ?? ""));
  if (!(start < end)) throw new UsageError(pm.startAfterEnd(start, end));
  const step = q.step ?? defaultStep(end - start);
  if (!(step >= 1)) throw new UsageError(pm.badStep(String(q.step)));
  return { start: Math.floor(start / step) * step, end, step };
}

/** Query the server (see the top of this file): the series, with its provenance in `source`. */
export async function loadPrometheus(q: PrometheusQuery): Promise<LoadedInput & { kind: "series" }> {
  const c = client(q);
  if (q.metric !== undefined && q.throughput !== undefined) throw new UsageError(pm.metricWithQuery());
  const by = q.by ? checkByLabel(q.by) : null;
  if (by !== null && q.label) throw new UsageError(pm.byWithLabel());
  if (q.metric !== undefined && q.label) throw new UsageError(pm.labelWithMetric());
  if (q.metric === undefined && (q.throughput === undefined || q.response === undefined)) throw new UsageError(pm.needsQueries());
  const { start, end, step } = queryRangeOf(q);
  const queries = q.metric !== undefined ? await metricQueries(c, q, q.metric, start, end, step, by) : givenQueries(q, by);
  const range = rangeText(start, end, step);
  const label = q.label ?? null;
  const names = {
    file: c.base,
    throughput: queries.names.throughput,
    response: queries.names.response,
    units: queries.units,
    throughputQuery: queries.throughput,
    responseQuery: queries.response,
  };
  const notes = /\bhistogram_quantile\s*\(/.test(queries.response) ? [pm.quantileNote()] : [];
  const source: SeriesSource = {
    kind: "prometheus",
    server: c.base,
    queries: { throughput: queries.throughput, response: queries.response },
    start,
    end,
    step,
    window: queries.window,
    notes,
  };
  if (by !== null)
    return { kind: "series", format: "prometheus", ...(await byValue(c, queries, by, names, start, end, step, range)), source: withBy(source, by, queries) };
  const throughput = oneOf(await queryRange(c, queries.throughput, start, end, step), queries.throughput, range, label);
  const response = oneOf(await queryRange(c, queries.response, start, end, step), queries.response, range, label);
  const series = joinOnTime(throughput, response, names, step);
  return { kind: "series", format: "prometheus", series, source };
}

/** The source's record of --by: the label, and how the total was made. */
function withBy(source: SeriesSource, label: string, queries: Queries): SeriesSource {
  const total = {
    throughput: `the sum over ${label} of ${queries.throughput}`,
    response: queries.totalResponse ?? `the mean over ${label} of ${queries.response}, weighted by the throughput`,
  };
  return { ...source, by: { label, total } };
}

/** One series per value of the label, and their total (./prometheus-by.ts). */
async function byValue(
  c: Client,
  queries: Queries,
  label: string,
  names: JoinNames,
  start: number,
  end: number,
  step: number,
  range: string,
): Promise<{ series: TimeSeries; groups: SeriesGroups }> {
  const answer = async (query: string) => {
    const list = await queryRange(c, query, start, end, step);
    if (list.length === 0) throw new DataError(pm.emptyResult(query, range));
    return groupByLabel(list, label, query);
  };
  const throughput = await answer(queries.throughput);
  const response = await answer(queries.response);
  checkSameValues(label, throughput, response);
  const groups = [...throughput].map(([value, x]) => {
    try {
      return { value, series: joinOnTime(x, response.get(value)!, names, step) };
    } catch (e) {
      if (e instanceof DataError) throw new DataError(pm.byInGroup(label, value, e.reason));
      throw e;
    }
  });
  const parts = groups.map((g) => g.series);
  const totalThroughput = summedThroughput(parts);
  const totalResponse =
    queries.totalResponse === undefined
      ? weightedMeanResponse(parts)
      : oneOf(await queryRange(c, queries.totalResponse, start, end, step), queries.totalResponse, range);
  const series = joinOnTime(totalThroughput, totalResponse, { ...names, responseQuery: queries.totalResponse ?? names.responseQuery }, step);
  return { series, groups: { label, groups } };
}
