/**
 * `chp model FILE`: run a response-time model (or evaluate a Guesstimate space) by Monte Carlo,
 * compare with the exact distribution, sweep hit rates, plot, and export to Guesstimate.
 */
import { basename } from "node:path";
import { DataError, UsageError } from "../../errors.js";
import { modelMessage } from "../../messages.js";
import { describe } from "../../model/distribution.js";
import { modelToSpace, spaceJson } from "../../model/guesstimate/export.js";
import { guesstimateDisplayStats } from "../../model/guesstimate/display-stats.js";
import { dataBeyondSamples, defaultEvaluateSpaceOptions, evaluateSpace, isSpace, outputMetrics, parseSpace } from "../../model/guesstimate/import.js";
import { ksDistance } from "../../model/ks.js";
import { mixtureCdf } from "../../model/mixture-cdf.js";
import { parseModel, readJsonFile } from "../../model/parse-model.js";
import { defaultSimulateOptions, simulate } from "../../model/simulate.js";
import { sweepableTiers, sweepScenarios, type Sweep } from "../../model/sweep.js";
import type { ResponseModel } from "../../model/types.js";
import { renderAs } from "../../plot/render.js";
import { responseSpec, type DistributionSeries } from "../../plot/response-spec.js";
import { quantiles as sampleQuantiles } from "../../stats/quantile.js";
import { formatNumber, formatTable, toJson } from "../../util/format.js";
import type { Io } from "../io.js";
import { assertDistinctOutputs, assertNotInput, writeOutput } from "../write-output.js";
import { outputType } from "./plot.js";
import type { TopLevelSpec } from "vega-lite";

/** "1 metric", "2 metrics", "100,000 samples". */
function plural(n: number, noun: string): string {
  return `${n.toLocaleString("en-US")} ${noun}${n === 1 ? "" : "s"}`;
}

export interface ModelArgs {
  file: string;
  samples?: number;
  seed?: number;
  /** Raw `--sweep TIER=a,b,c` values (fractions, or percentages with %). */
  sweeps?: string[];
  out?: string;
  guesstimate?: string;
  metric?: string;
  json?: boolean;
}

/**
 * One swept hit rate: a fraction in [0, 1] as the model file writes it ("0.4"), or a
 * percentage with its sign ("40%"); null for anything else ("40" could be either).
 */
export function parseHitRate(text: string): number | null {
  const t = text.trim();
  const percent = t.endsWith("%");
  const number = percent ? t.slice(0, -1).trim() : t;
  if (!/^(\d+(\.\d*)?|\.\d+)$/.test(number)) return null;
  const v = Number(number);
  if (percent) return v <= 100 ? v / 100 : null;
  return v <= 1 ? v : null;
}

/** Parse `TIER=a,b,c` (fractions, or percentages with %) against the model's tiers. */
export function parseSweeps(raw: readonly string[], model: ResponseModel): Sweep[] {
  const sweeps = raw.map((r) => {
    const m = /^([^=]+)=(.+)$/.exec(r.trim());
    if (!m) throw new UsageError(modelMessage.badSweep(r));
    const tier = m[1].trim();
    if (!sweepableTiers(model).includes(tier)) throw new UsageError(modelMessage.unknownSweepTier(tier, sweepableTiers(model)));
    const values = m[2].split(",");
    const rates = values.map(parseHitRate);
    const bad = rates.indexOf(null);
    if (bad >= 0) throw new UsageError(modelMessage.badSweep(r, values[bad].trim()));
    return { tier, hitRates: rates as number[] };
  });
  // A tier swept twice would be labelled with one sweep's rates and computed with the other's.
  sweeps.forEach((s, i) => {
    const j = sweeps.findIndex((o) => o.tier === s.tier);
    if (j < i) throw new UsageError(modelMessage.sweepTwice(s.tier, raw[j].trim(), raw[i].trim()));
  });
  const lengths = sweeps.map((s) => s.hitRates.length);
  if (new Set(lengths).size > 1) throw new UsageError(modelMessage.sweepLengths(lengths));
  return sweeps;
}

async function writePlot(out: string, spec: TopLevelSpec, inputs: string[], title: string): Promise<void> {
  const type = outputType(out);
  await writeOutput(out, await renderAs(spec, type, title), inputs);
}

const pct = (v: number) => `${(v * 100).toFixed(2)}%`;

/** The formula of a model in words: cpu + (memcached 40% ? memcached : mysql). */
export function formula(model: ResponseModel): string {
  const last = model.tiers.length - 1;
  let s = model.tiers[last].name;
  for (let i = last - 1; i >= 0; i--) s = `(${model.tiers[i].name} ${+(model.tiers[i].hitRate * 100).toPrecision(6)}% ? ${model.tiers[i].name} : ${s})`;
  return `${model.base ? `${model.base.name} + ` : ""}${s}`;
}

/** The formula without hit rates: cpu + (memcached hit ? memcached : mysql). */
export function formulaShape(model: ResponseModel): string {
  const last = model.tiers.length - 1;
  let s = model.tiers[last].name;
  for (let i = last - 1; i >= 0; i--) s = `(${model.tiers[i].name} hit ? ${model.tiers[i].name} : ${s})`;
  return `${model.base ? `${model.base.name} + ` : ""}${s}`;
}

async function runSpace(args: ModelArgs, json: unknown, io: Io): Promise<void> {
  if ((args.sweeps?.length ?? 0) > 0 || args.guesstimate) throw new UsageError(modelMessage.sweepOnSpace());
  const space = parseSpace(json, args.file);
  const n = args.samples ?? defaultEvaluateSpaceOptions.samples;
  const seed = args.seed ?? defaultEvaluateSpaceOptions.seed;
  const results = evaluateSpace(space, { samples: n, seed });
  const warn = (text: string) => io.stderr(`chp: ${args.file}: ${text}\n`);
  if (space.legacyText) warn(modelMessage.legacyInput());
  for (const m of space.metrics) for (const w of m.warnings) warn(`warning: metric ${m.readableId}: ${w}`);
  for (const d of dataBeyondSamples(space, n)) warn(modelMessage.dataBeyondSamples(d.readableId, d.values, n));
  const outputs = outputMetrics(space);
  const stats = space.metrics.map((m, i) => {
    const r = results[i];
    const kept = r.filtered ? r.samples.filter((_, k) => !r.filtered?.[k]) : r.samples;
    const [p5, p50, p95, p99] = kept.length ? sampleQuantiles(kept, [0.05, 0.5, 0.95, 0.99]) : [NaN, NaN, NaN, NaN];
    const mean = kept.length ? kept.reduce((a, b) => a + b, 0) / kept.length : NaN;
    return {
      id: m.id,
      readableId: m.readableId,
      name: m.name,
      type: m.type,
      output: outputs.includes(i),
      samples: kept.length,
      mean,
      p5,
      p50,
      p95,
      p99,
      guesstimate: guesstimateDisplayStats(r.samples, r.filtered),
      error: r.error,
      warnings: m.warnings,
    };
  });
  let plotIndex = outputs[0] ?? 0;
  if (args.metric !== undefined) {
    plotIndex = space.metrics.findIndex((m) => m.readableId === args.metric || m.id === args.metric);
    if (plotIndex < 0)
      throw new UsageError(
        modelMessage.unknownMetric(
          args.metric,
          space.metrics.map((m) => m.readableId),
        ),
      );
  }
  const errors = stats.filter((s) => s.error !== null);
  if (args.out) {
    const m = space.metrics[plotIndex];
    const r = results[plotIndex];
    if (r.error !== null || r.samples.length === 0) throw new DataError(modelMessage.nothingToPlot(m.readableId, r.error), { file: args.file });
    const spec = responseSpec([{ label: m.name, values: r.filtered ? r.samples.filter((_, k) => !r.filtered?.[k]) : r.samples }], {
      title: `${space.name || basename(args.file)}: ${m.name}`,
      subtitle: `${stats[plotIndex].samples.toLocaleString("en-US")} Monte Carlo samples of metric ${m.readableId} (seed ${seed})`,
      // A Guesstimate metric is any quantity (a population, a cost), not a response time of requests.
      valueTitle: m.name,
      counted: "samples",
    });
    await writePlot(args.out, spec, [args.file], m.name);
  }
  if (args.json) io.stdout(toJson({ space: space.name, style: space.style, samples: n, seed, metrics: stats }) + "\n");
  else {
    const lines = [
      `${args.file}: Guesstimate space ${JSON.stringify(space.name)} (${plural(space.metrics.length, "metric")}, "${space.style}" style), ${plural(n, "sample")} (seed ${seed})`,
    ];
    const g = (s: (typeof stats)[number], k: "mean" | "p5" | "p50" | "p95") => (s.guesstimate ? formatNumber(s.guesstimate[k]) : "");
    lines.push(
      formatTable(
        ["name", "id", "type", "samples", "mean", "p5", "median", "p95", "p99", "G mean", "G p5", "G p50", "G p95"],
        stats.map((s) =>
          s.error !== null
            ? [s.name, s.readableId + (s.output ? " *" : ""), s.type, "error", "", "", "", "", "", "", "", "", ""]
            : [
                s.name,
                s.readableId + (s.output ? " *" : ""),
                s.type,
                String(s.samples),
                formatNumber(s.mean),
                formatNumber(s.p5),
                formatNumber(s.p50),
                formatNumber(s.p95),
                formatNumber(s.p99),
                g(s, "mean"),
                g(s, "p5"),
                g(s, "p50"),
                g(s, "p95"),
              ],
        ),
      ),
    );
    lines.push(
      "percentiles: R type 7 over every sample; G columns: what Guesstimate displays (mean of every sample, percentiles sorted(first 2000 samples)[floor(2000 p)])",
    );
    if (outputs.length) lines.push("* output: a FUNCTION no other metric uses");
    for (const e of errors) lines.push(`error: metric ${e.readableId}: ${e.error}`);
    if (args.out) lines.push(`wrote ${args.out} (metric ${space.metrics[plotIndex].readableId})`);
    io.stdout(lines.join("\n") + "\n");
  }
  if (errors.length) throw new DataError(modelMessage.metricErrors(`metric ${errors[0].readableId}: ${errors[0].error}`, errors.length), { file: args.file });
}

/** Run the command; all output through io. */
export async function runModel(args: ModelArgs, io: Io): Promise<void> {
  assertDistinctOutputs([
    ["-o", args.out],
    ["--guesstimate", args.guesstimate],
  ]);
  for (const o of [args.out, args.guesstimate]) if (o) assertNotInput(o, [args.file]);
  if (args.out) outputType(args.out);
  const json = await readJsonFile(args.file);
  if (isSpace(json)) return runSpace(args, json, io);
  // The model's data files are inputs too: no output may replace them.
  const inputs = [args.file];
  const model = await parseModel(json, { file: args.file, onDataFile: (p) => inputs.push(p) });
  for (const o of [args.out, args.guesstimate]) if (o) assertNotInput(o, inputs);
  const sweeps = parseSweeps(args.sweeps ?? [], model);
  const samples = args.samples ?? defaultSimulateOptions.samples;
  const seed = args.seed ?? defaultSimulateOptions.seed;
  const unit = model.unit ?? null;
  const u = unit ? ` ${unit}` : "";
  const lines: string[] = [];
  let result: unknown;
  let spec: TopLevelSpec | null = null;

  if (sweeps.length === 0) {
    const sim = simulate(model, { samples, seed });
    const exact = mixtureCdf(model);
    const ks = ksDistance(sim.sorted, exact.cdf, exact.closedForm && samples <= 200_000 ? 0 : 2000);
    const q = sim.quantiles.map((x) => ({ p: x.p, simulated: x.value, exact: exact.quantile(x.p) }));
    result = {
      model: model.name,
      unit,
      samples,
      seed,
      formula: formula(model),
      mean: { simulated: sim.mean, exact: exact.mean },
      quantiles: q,
      tiers: model.tiers.map((t, i) => ({
        name: t.name,
        hitRate: i === model.tiers.length - 1 ? null : t.hitRate,
        share: sim.tiers[i].share,
        exactShare: sim.tiers[i].exactShare,
        mean: sim.tiers[i].mean,
      })),
      ks,
      exactMethod: exact.closedForm ? "closed form" : "numeric convolution over 1000 base quantiles",
    };
    lines.push(`${model.name}: response = ${formula(model)}${unit ? `  [${unit}]` : ""}`);
    lines.push(`${samples.toLocaleString("en-US")} simulated requests (seed ${seed})`, "");
    const rows = [];
    if (model.base) rows.push([model.base.name, "(every request)", "", "", "", describe(model.base.latency, (v) => formatNumber(v))]);
    model.tiers.forEach((t, i) =>
      rows.push([
        t.name,
        i === model.tiers.length - 1 ? "(the rest)" : pct(t.hitRate),
        pct(sim.tiers[i].share),
        pct(sim.tiers[i].exactShare),
        formatNumber(sim.tiers[i].mean),
        describe(t.latency, (v) => formatNumber(v)),
      ]),
    );
    lines.push(formatTable(["component", "hit rate", "served (sim)", "served (exact)", `mean response${u}`, "latency"], rows), "");
    lines.push(
      formatTable(
        [`response${u}`, "simulated", "exact"],
        [
          ["mean", formatNumber(sim.mean), formatNumber(exact.mean)],
          ...q.map((x) => [`p${+(x.p * 100).toPrecision(4)}`, formatNumber(x.simulated), formatNumber(x.exact)]),
        ],
      ),
    );
    lines.push(
      `Kolmogorov-Smirnov distance, simulated vs exact: ${ks.toFixed(4)} (${exact.closedForm ? "exact CDF in closed form" : "exact CDF by numeric convolution"})`,
    );
    spec = responseSpec([{ label: model.name, values: sim.samples, tier: sim.tier, tierNames: model.tiers.map((t) => t.name) }], {
      title: `${model.name}: response time by serving tier`,
      subtitle: `${formula(model)}; ${samples.toLocaleString("en-US")} simulated requests (seed ${seed})`,
      unit,
    });
  } else {
    const scenarios = sweepScenarios(model, sweeps);
    const series: DistributionSeries[] = [];
    const out = scenarios.map((s) => {
      const sim = simulate(s.model, { samples, seed });
      const exact = mixtureCdf(s.model);
      series.push({ label: s.label, values: sim.samples });
      return {
        label: s.label,
        hitRates: Object.fromEntries(s.model.tiers.slice(0, -1).map((t) => [t.name, t.hitRate])),
        shares: Object.fromEntries(s.model.tiers.map((t, i) => [t.name, sim.tiers[i].exactShare])),
        simulatedShares: Object.fromEntries(s.model.tiers.map((t, i) => [t.name, sim.tiers[i].share])),
        mean: sim.mean,
        exactMean: exact.mean,
        quantiles: sim.quantiles.map((x) => ({ p: x.p, simulated: x.value, exact: exact.quantile(x.p) })),
      };
    });
    result = { model: model.name, unit, samples, seed, scenarios: out };
    lines.push(`${model.name}: response = ${formula(model)}${unit ? `  [${unit}]` : ""}`);
    lines.push(
      `what-if: ${scenarios.length} scenarios, ${samples.toLocaleString("en-US")} simulated requests each (seed ${seed}); share of requests served by each tier (exact)`,
      "",
    );
    lines.push(
      formatTable(
        ["scenario", ...model.tiers.map((t) => t.name), `mean${u}`, "p50", "p90", "p99"],
        out.map((s) => [
          s.label,
          ...model.tiers.map((t) => pct(s.shares[t.name])),
          formatNumber(s.mean),
          ...[0.5, 0.9, 0.99].map((p) => formatNumber(s.quantiles.find((x) => x.p === p)?.simulated ?? NaN)),
        ]),
      ),
    );
    spec = responseSpec(series, {
      title: `${model.name}: what-if hit rates`,
      subtitle: `${formulaShape(model)}; ${samples.toLocaleString("en-US")} simulated requests per scenario (seed ${seed})`,
      unit,
    });
  }
  if (args.out && spec) {
    await writePlot(args.out, spec, inputs, model.name);
    lines.push(`wrote ${args.out}`);
  }
  if (args.guesstimate) {
    const space = modelToSpace(model, { generator: `chp model ${basename(args.file)}`, seed });
    await writeOutput(args.guesstimate, spaceJson(space), inputs);
    lines.push(`wrote ${args.guesstimate} (Guesstimate space, ${plural(space.space.graph.metrics.length, "metric")})`);
  }
  if (args.json) io.stdout(toJson(result) + "\n");
  else io.stdout(lines.join("\n") + "\n");
}
