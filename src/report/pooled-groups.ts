/**
 * A series split by a label (`--by instance`) as one series of every value's rows, and which value
 * each row is: the multi-host headroom plot draws them together, coloured by value. Pooled rows are
 * per value (one host's throughput and response per step), not the total's.
 */
import type { LoadedInput } from "../load/formats/types.js";
import type { PlotGroups } from "../plot/plot-options.js";
import { escapeTerminal } from "../util/escape-terminal.js";

export function pooledGroups(input: LoadedInput & { kind: "series" }): { pooled: LoadedInput & { kind: "series" }; groups: PlotGroups; note: string } {
  const { label, groups } = input.groups!;
  const rows = groups.reduce((n, g) => n + g.series.rows, 0);
  const time = new Float64Array(rows);
  const throughput = new Float64Array(rows);
  const response = new Float64Array(rows);
  const of = new Int32Array(rows);
  let at = 0;
  groups.forEach((g, k) => {
    const s = g.series;
    if (s.time) time.set(s.time, at);
    throughput.set(s.throughput, at);
    response.set(s.response, at);
    of.fill(k, at, at + s.rows);
    at += s.rows;
  });
  const series = { ...input.series, time: groups.every((g) => g.series.time) ? time : null, throughput, response, rows, warnings: [] };
  const names = groups.map((g) => shown(g.value));
  const note = `one point per ${shown(label)} and step (${groups.length} values); each one's and the total's pattern and headroom: chp analyze --by ${shown(label)}`;
  return { pooled: { kind: "series", format: input.format, series }, groups: { title: shown(label), names, of }, note };
}

/** A value or label as a legend shows it: text from a server or a file, its control and bidi characters (line breaks too) as \uXXXX or \n. */
function shown(text: string): string {
  return escapeTerminal(text).replace(/\n/g, "\\n").replace(/\t/g, "\\t");
}
