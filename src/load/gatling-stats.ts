/**
 * The statistics JSON of a Gatling HTML report (`js/global_stats.json`, or `js/stats.json` with
 * every request's statistics under `contents`): one distribution (ms), as Gatling computed it.
 *
 *   {"name": "Global Information", "numberOfRequests": {"total": 245, "ok": 245, "ko": 0},
 *    "minResponseTime": {...}, "maxResponseTime": {...}, "meanResponseTime": {...},
 *    "standardDeviation": {...}, "percentiles1": {...} ... "percentiles4": {...}, ...}
 *   stats.json: {"type": "GROUP", "name": "All Requests", "stats": {as above},
 *                "contents": {"req_...": {"type": "REQUEST", "name": "...", "stats": {...}}, ...}}
 *
 * The `ok` column is read (chp's count is of successful requests; Gatling's ok statistics are over
 * them), `ko` is the errors. percentiles1..4 are Gatling's p50, p75, p95 and p99: the defaults of
 * gatling.conf's charting.indicators (percentile1..4), which the file does not state. Older Gatling
 * writes the numbers as strings, and "-" where there is none. `--label NAME` picks a request (or
 * group) of a stats.json by name.
 */
import { DataError } from "../errors.js";
import { histogramMessage as hm, reportMessage as rm } from "../messages.js";
import type { FileDistribution } from "./distribution.js";
import { objectAt, readJsonInput } from "./json-input.js";

/** The percentiles percentiles1..4 stand for (gatling.conf charting.indicators defaults). */
const gatlingPercentiles = [0.5, 0.75, 0.95, 0.99];

/** Every named statistics block of a stats.json tree (the root's, then its contents'), by name. */
function blocks(node: Record<string, unknown>, out: Map<string, Record<string, unknown>>): void {
  const stats = objectAt(node.stats);
  if (stats !== undefined && typeof node.name === "string" && !out.has(node.name)) out.set(node.name, stats);
  const contents = objectAt(node.contents);
  if (contents !== undefined) for (const child of Object.values(contents)) if (objectAt(child)) blocks(objectAt(child)!, out);
}

export async function readGatlingStats(source: AsyncIterable<Buffer | string>, file: string, o: { label?: string | null } = {}): Promise<FileDistribution> {
  const root = objectAt(await readJsonInput(source, file, "a Gatling statistics JSON"));
  if (root === undefined) throw new DataError(rm.gatlingStatsNotStats(), { file });
  let stats: Record<string, unknown> | undefined;
  let name: string | null = null;
  if (objectAt(root.stats) !== undefined) {
    const all = new Map<string, Record<string, unknown>>();
    blocks(root, all);
    const label = o.label ?? null;
    stats = label === null ? objectAt(root.stats) : all.get(label);
    if (stats === undefined) throw new DataError(hm.noLabel(label!, [...all.keys()]), { file });
    name = label;
  } else {
    if (o.label != null) throw new DataError(rm.gatlingStatsNoLabels(o.label), { file });
    stats = root;
  }
  if (objectAt(stats.numberOfRequests) === undefined) throw new DataError(rm.gatlingStatsNotStats(), { file });
  /** A statistic's ok (or ko) value: a number, its digits as a string, or null for "-" or absent. */
  const value = (key: string, column: "ok" | "ko" = "ok"): number | null => {
    const v = objectAt(stats![key])?.[column];
    if (v === undefined || v === "-" || v === null) return null;
    const n = typeof v === "number" ? v : typeof v === "string" && v.trim() !== "" ? Number(v) : NaN;
    if (!Number.isFinite(n) || n < 0) throw new DataError(rm.gatlingStatsBad(`${key}.${column}`, JSON.stringify(v)), { file });
    return n;
  };
  const count = value("numberOfRequests");
  if (count === null) throw new DataError(rm.gatlingStatsBad("numberOfRequests.ok", "absent"), { file });
  const some = count > 0;
  const curve = gatlingPercentiles
    .map((fraction, k) => ({ fraction, value: some ? value(`percentiles${k + 1}`) : null }))
    .filter((p): p is { fraction: number; value: number } => p.value !== null);
  const at = (fraction: number) => curve.find((p) => p.fraction === fraction)?.value ?? null;
  return {
    file,
    format: "gatling-stats",
    name,
    unit: "ms",
    stats: {
      count,
      min: some ? value("minResponseTime") : null,
      max: some ? value("maxResponseTime") : null,
      mean: some ? value("meanResponseTime") : null,
      stdDeviation: some ? value("standardDeviation") : null,
      p50: at(0.5),
      p90: null,
      p95: at(0.95),
      p99: at(0.99),
      p999: null,
    },
    errors: value("numberOfRequests", "ko"),
    bins: [],
    percentiles: curve,
    truncated: false,
    derived: [],
  };
}
