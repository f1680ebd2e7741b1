/**
 * `chp plot FILE...`: the headroom plot (PNG, SVG, HTML or a Vega-Lite spec) and what it shows;
 * for a file holding one distribution (.hgrm, spigo) the distribution plot (log-scale histogram and
 * the percentile curve on the 1/(1-p) axis).
 */
import { basename } from "node:path";
import { UsageError } from "../../errors.js";
import { message, prometheusMessage as pm } from "../../messages.js";
import { loadInputs, inputWarnings } from "../../load/load-inputs.js";
import { distributionSpec } from "../../plot/distribution-spec.js";
import { plotColors } from "../../plot/headroom-spec.js";
import { headroomTitle } from "../../plot/messages.js";
import type { PlotOptions } from "../../plot/plot-options.js";
import { renderAs, type OutputFormat } from "../../plot/render.js";
import { runSpec, sourceNotes } from "../../plot/report-plot.js";
import { pooledGroups } from "../../report/pooled-groups.js";
import { analyzeInput, type HeadroomReportOptions } from "../../report/headroom-report.js";
import { unitConversion } from "../../report/series.js";
import { verdictText } from "../../report/verdict.js";
import type { Io } from "../io.js";
import { printLoadWarnings, rethrowWithSkipHint, progressOption } from "../load-warnings.js";
import { assertNotInput, writeOutput } from "../write-output.js";

export interface PlotArgs extends HeadroomReportOptions {
  out?: string;
  /** Draw the SLA, the maximum useful throughput and the pattern on the plot (default true). */
  annotate?: boolean;
  plot: Partial<PlotOptions>;
}

/** The output type from a file name's extension. */
export function outputType(path: string): OutputFormat {
  const lower = path.toLowerCase();
  if (lower.endsWith(".vl.json") || lower.endsWith(".json")) return "vl.json";
  if (lower.endsWith(".png")) return "png";
  if (lower.endsWith(".svg")) return "svg";
  if (lower.endsWith(".html") || lower.endsWith(".htm")) return "html";
  throw new UsageError(message.unknownOutputType(path));
}

/** `<input without .gz and its extension>.headroom.png` (or `.distribution.png`), in the current folder; stdin is "stdin". */
export function defaultOutput(file: string, kind: "headroom" | "distribution"): string {
  const name =
    file === "-"
      ? "stdin"
      : basename(file)
          .replace(/\.gz$/i, "")
          .replace(/\.(hlog|hdr|jtl|csv|tsv|txt|hgrm)$/i, "");
  return `${name}.${kind}.png`;
}

export async function runPlot(files: readonly string[], args: PlotArgs, io: Io): Promise<void> {
  // A given output is checked before a large input is read.
  if (args.out !== undefined) {
    assertNotInput(args.out, files);
    outputType(args.out);
  }
  const input = await loadInputs(files, { ...args, ...progressOption(io) }).catch(rethrowWithSkipHint);
  printLoadWarnings(io, inputWarnings(input));
  // A queried server has no file name: the default output is prometheus.headroom.png, the title names the server.
  const first = files[0] ?? "prometheus";
  const shown = files[0] ?? (input.kind === "series" ? input.series.file : first);
  if (input.kind === "distribution") {
    const d = input.dist;
    const out = args.out ?? defaultOutput(first, "distribution");
    assertNotInput(out, files);
    const { factor, unit } = unitConversion(d.unit, args, d.file);
    const spec = distributionSpec(d, { factor, unit, title: args.plot.title, width: args.plot.width, height: args.plot.height });
    await writeOutput(out, await renderAs(spec, outputType(out), `Distribution of ${basename(first)}`), files);
    io.stdout(`wrote ${out}\n`);
    return;
  }
  const out = args.out ?? defaultOutput(first, "headroom");
  assertNotInput(out, files);
  const type = outputType(out);
  if (input.kind === "series" && input.groups) {
    // --by LABEL: every value's points in one plot, coloured by value (pooled: no pattern or headroom of their own).
    if (input.groups.groups.length > plotColors.splits.length)
      throw new UsageError(pm.byTooManyToPlot(input.groups.label, input.groups.groups.length, plotColors.splits.length));
    const { pooled, groups, note } = pooledGroups(input);
    const run = await analyzeInput(pooled, { ...args, estimate: false, sla: undefined });
    const notes = [note, ...(input.source ? sourceNotes(input.source) : [])];
    const spec = runSpec(run, { ...args.plot, annotate: false, interactive: type === "html", groups, sourceNotes: notes });
    await writeOutput(out, await renderAs(spec, type, args.plot.title ?? headroomTitle(files[0] === undefined ? shown : basename(first))), files);
    io.stdout(`wrote ${out}\n${note}\n` + verdictText(run.analysis, run));
    return;
  }
  const run = await analyzeInput(input, args);
  const spec = runSpec(run, { ...args.plot, annotate: args.annotate, interactive: type === "html" });
  await writeOutput(out, await renderAs(spec, type, args.plot.title ?? headroomTitle(files[0] === undefined ? shown : basename(first))), files);
  io.stdout(`wrote ${out}\n` + verdictText(run.analysis, run));
}
