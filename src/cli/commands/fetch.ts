/**
 * `chp fetch --prometheus URL ... -o FILE.csv`: the queried series as a time-series CSV, and its
 * provenance in FILE.csv.json; with --by LABEL a long CSV (a LABEL column; the total's rows with it empty).
 */
import { UsageError } from "../../errors.js";
import { prometheusMessage as pm } from "../../messages.js";
import { inputWarnings, loadInputs } from "../../load/load-inputs.js";
import type { PrometheusQuery } from "../../load/sources/prometheus.js";
import { longSeriesCsv, seriesCsv } from "../../load/sources/series-csv.js";
import { toJson } from "../../util/format.js";
import type { Io } from "../io.js";
import { printLoadWarnings } from "../load-warnings.js";
import { writeOutput } from "../write-output.js";

export async function runFetch(query: PrometheusQuery, out: string | undefined, io: Io): Promise<void> {
  if (out === undefined) throw new UsageError(pm.fetchNeedsOut());
  if (!out.toLowerCase().endsWith(".csv")) throw new UsageError(pm.fetchNotCsv(out));
  const sidecar = `${out}.json`;
  const input = await loadInputs([], { prometheus: query });
  printLoadWarnings(io, inputWarnings(input));
  if (input.kind !== "series") throw new Error("a Prometheus query gives a time series");
  const { series, source } = input;
  const { groups } = input;
  const about = {
    source,
    columns: series.columns,
    units: series.units,
    rows: series.rows,
    ...(groups ? { by: { label: groups.label, values: groups.groups.map((g) => ({ value: g.value, rows: g.series.rows })) } } : {}),
    fetched: new Date().toISOString(),
  };
  await writeOutput(out, groups ? longSeriesCsv(series, groups.label, groups.groups) : seriesCsv(series));
  await writeOutput(sidecar, toJson(about) + "\n");
  const rows = series.rows + (groups?.groups.reduce((n, g) => n + g.series.rows, 0) ?? 0);
  const again = groups ? `chp analyze ${out} --by ${groups.label}` : `chp analyze ${out}`;
  io.stdout(`wrote ${out} (${rows} rows) and ${sidecar} (server, queries, range and step); ${again} repeats the analysis\n`);
}
