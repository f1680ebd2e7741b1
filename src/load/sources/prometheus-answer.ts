/**
 * Prometheus HTTP API answers (`/api/v1/query_range`, and the instant query of a range selector)
 * read into series, and a throughput and a response query's series joined on time into the
 * time-series shape every reader returns.
 *
 *   JSON text -> {"status":"error"} -> the server's own message
 *             -> matrix result -> one PromSeries per label set (NaN / Inf samples: missing values)
 *   two series -> same step (samples k x step apart) -> joined on time (a time one query lacks is
 *                 a missing value there) -> TimeSeries
 *
 * Pure functions of text; errors are DataErrors naming the file (or the server) and what was wrong.
 */
import { DataError } from "../../errors.js";
import { prometheusMessage as pm } from "../../messages.js";
import type { TimeSeries } from "../time-series-types.js";

/** One series of a matrix answer. */
export interface PromSeries {
  labels: Record<string, string>;
  /** Epoch seconds, ascending. */
  time: Float64Array;
  /** The sample values; NaN where the server sent NaN or an infinity. */
  values: Float64Array;
}

/** The server's error answer, when the text is one: `{"status":"error","errorType":...,"error":...}`. */
export function answerError(text: string): { errorType: string | null; error: string } | null {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof doc !== "object" || doc === null) return null;
  const d = doc as Record<string, unknown>;
  if (d.status !== "error") return null;
  return { errorType: typeof d.errorType === "string" ? d.errorType : null, error: typeof d.error === "string" ? d.error : JSON.stringify(d.error ?? null) };
}

/** `{code="200",handler="/"}` (`{}` for a series without labels). */
export function labelText(labels: Record<string, string>): string {
  return `{${Object.entries(labels)
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
    .join(",")}}`;
}

/** The series of a matrix answer (see the top of this file); `file` names the input in errors. */
export function parseMatrix(text: string, file?: string): PromSeries[] {
  const at = file === undefined ? {} : { file };
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new DataError(pm.notJson((e as Error).message), at);
  }
  if (typeof doc !== "object" || doc === null || Array.isArray(doc)) throw new DataError(pm.notAnswer("expected a JSON object with a status"), at);
  const d = doc as Record<string, unknown>;
  const error = answerError(text);
  if (error) throw new DataError(pm.serverError(error.errorType, error.error), at);
  if (d.status !== "success") throw new DataError(pm.notAnswer(`status ${JSON.stringify(d.status)}, expected "success" or "error"`), at);
  const data = d.data as Record<string, unknown> | undefined;
  if (typeof data !== "object" || data === null) throw new DataError(pm.notAnswer('no "data" object'), at);
  if (data.resultType !== "matrix") throw new DataError(pm.notMatrix(String(data.resultType)), at);
  if (!Array.isArray(data.result)) throw new DataError(pm.notAnswer('"data.result" is not a list'), at);
  return data.result.map((s: unknown, i: number) => oneSeries(s, i, at));
}

function oneSeries(s: unknown, index: number, at: { file?: string }): PromSeries {
  const r = (typeof s === "object" && s !== null ? s : {}) as Record<string, unknown>;
  const metric = r.metric ?? {};
  if (typeof metric !== "object" || metric === null || Array.isArray(metric))
    throw new DataError(pm.notAnswer(`result ${index + 1} has no "metric" object`), at);
  const labels: Record<string, string> = {};
  for (const [k, v] of Object.entries(metric)) labels[k] = String(v);
  const name = labelText(labels);
  if (!Array.isArray(r.values)) throw new DataError(pm.notAnswer(`series ${name} has no "values" list`), at);
  const n = r.values.length;
  const time = new Float64Array(n);
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const p = r.values[i] as unknown;
    if (!Array.isArray(p) || p.length !== 2 || typeof p[0] !== "number" || !Number.isFinite(p[0]) || typeof p[1] !== "string")
      throw new DataError(pm.badSample(name, i, `expected [epoch seconds, "value"], got ${JSON.stringify(p)?.slice(0, 60)}`), at);
    if (i > 0 && p[0] <= time[i - 1]) throw new DataError(pm.badSample(name, i, `time ${p[0]} is not after the sample before it (${time[i - 1]})`), at);
    const v = p[1] === "NaN" || p[1] === "+Inf" || p[1] === "-Inf" ? NaN : Number(p[1]);
    if (Number.isNaN(v) && p[1] !== "NaN" && p[1] !== "+Inf" && p[1] !== "-Inf")
      throw new DataError(pm.badSample(name, i, `${JSON.stringify(p[1])} is not a number`), at);
    time[i] = p[0];
    values[i] = v;
  }
  return { labels, time, values };
}

/** `NAME=VALUE` of --label. */
function labelSelector(label: string): [string, string] {
  const eq = label.indexOf("=");
  if (eq <= 0) throw new DataError(pm.badLabelSelector(label));
  return [
    label.slice(0, eq).trim(),
    label
      .slice(eq + 1)
      .trim()
      .replace(/^"(.*)"$/, "$1"),
  ];
}

/**
 * The one series a query gives: its only series, or with several the one --label NAME=VALUE picks
 * (a label is applied only to an answer of several series). None is the empty-result error.
 */
export function oneOf(list: readonly PromSeries[], query: string, range: string, label: string | null = null, at: { file?: string } = {}): PromSeries {
  if (list.length === 0) throw new DataError(pm.emptyResult(query, range), at);
  if (list.length === 1) return list[0];
  if (label !== null) {
    const [k, v] = labelSelector(label);
    const picked = list.filter((s) => s.labels[k] === v);
    if (picked.length === 1) return picked[0];
    if (picked.length === 0)
      throw new DataError(
        pm.noSeriesWithLabel(
          label,
          list.map((s) => labelText(s.labels)),
        ),
        at,
      );
    list = picked;
  }
  throw new DataError(
    pm.severalSeries(
      query,
      list.map((s) => labelText(s.labels)),
    ),
    at,
  );
}

/** The step of a series' samples: their smallest gap, every gap a whole multiple of it (or of `step` when given). */
export function seriesStep(s: PromSeries, what: string, step: number | null = null): number | null {
  let min = Infinity;
  for (let i = 1; i < s.time.length; i++) min = Math.min(min, s.time[i] - s.time[i - 1]);
  const grid = step ?? (Number.isFinite(min) ? min : null);
  if (grid === null) return null;
  for (let i = 1; i < s.time.length; i++) {
    const gap = s.time[i] - s.time[i - 1];
    const k = gap / grid;
    if (Math.abs(k - Math.round(k)) > 1e-6 || Math.round(k) < 1) throw new DataError(pm.stepMismatch(what, round6(gap), grid));
  }
  return grid;
}

const round6 = (v: number) => Math.round(v * 1e6) / 1e6;

/** How the two queries' series are named and what their units are, for the joined series. */
export interface JoinNames {
  file: string;
  throughput: string;
  response: string;
  units?: TimeSeries["units"];
  throughputQuery: string;
  responseQuery: string;
}

/**
 * The throughput and the response series joined on time: every time either has, ascending; a time
 * one of them lacks, or a NaN sample, is a missing value there (counted in the warnings).
 */
export function joinOnTime(throughput: PromSeries, response: PromSeries, names: JoinNames, step: number | null = null): TimeSeries {
  const a = seriesStep(throughput, `the throughput query ${names.throughputQuery}`, step);
  const b = seriesStep(response, `the response query ${names.responseQuery}`, step);
  if (a !== null && b !== null && Math.abs(a - b) > 1e-9) throw new DataError(pm.stepsDiffer(a, b));
  const grid = a ?? b;
  const times = [...new Set([...throughput.time, ...response.time])].sort((x, y) => x - y);
  if (grid !== null && times.length > 1) {
    const t0 = times[0];
    for (const t of times) {
      const k = (t - t0) / grid;
      if (Math.abs(k - Math.round(k)) > 1e-6) throw new DataError(pm.stepMismatch("the two queries' samples", round6(Math.abs(t - t0) % grid), grid));
    }
  }
  const responseTimes = new Set(response.time);
  const common = throughput.time.filter((t) => responseTimes.has(t)).length;
  if (common === 0 && throughput.time.length > 0 && response.time.length > 0) throw new DataError(pm.noCommonTimes());
  const rows = times.length;
  const index = new Map(times.map((t, i) => [t, i]));
  const fill = (s: PromSeries) => {
    const out = new Float64Array(rows).fill(NaN);
    for (let i = 0; i < s.time.length; i++) out[index.get(s.time[i])!] = s.values[i];
    return out;
  };
  const x = fill(throughput);
  const y = fill(response);
  const warnings: string[] = [];
  const missing = (v: Float64Array) => v.reduce((n, value) => n + (Number.isNaN(value) ? 1 : 0), 0);
  const mx = missing(x);
  const my = missing(y);
  if (mx === rows) throw new DataError(pm.noValues(names.throughputQuery));
  if (my === rows) throw new DataError(pm.noValues(names.responseQuery));
  if (mx > 0) warnings.push(pm.missingValues(mx, rows, "throughput"));
  if (my > 0) warnings.push(pm.missingValues(my, rows, "response"));
  return {
    file: names.file,
    header: ["time", names.throughput, names.response],
    delimiter: ",",
    columns: { time: "time", throughput: names.throughput, response: names.response },
    units: { time: "s", ...names.units },
    time: Float64Array.from(times),
    throughput: x,
    response: y,
    rows,
    warnings,
  };
}
