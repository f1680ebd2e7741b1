/** `chp modes FILE`: fit a mixture of lognormals to measured latencies and name the tier hit rates it implies. */
import { basename } from "node:path";
import { DataError } from "../../errors.js";
import { modelMessage } from "../../messages.js";
import { fitLognormalMixture, MixtureInputError, quantizedBuckets, type MixtureFit, type MixtureInput } from "../../model/lognormal-mixture.js";
import { modelToSpace, modesToModel, spaceJson } from "../../model/guesstimate/export.js";
import { readLatencies } from "../../model/read-latencies.js";
import { renderAs } from "../../plot/render.js";
import { modesSpec } from "../../plot/response-spec.js";
import { formatNumber, formatTable, toJson } from "../../util/format.js";
import { formatCount } from "../../plot/messages.js";
import type { Io } from "../io.js";
import { assertDistinctOutputs, assertNotInput, writeOutput } from "../write-output.js";
import { outputType } from "./plot.js";

export interface ModesArgs {
  file: string;
  column?: string;
  modes?: number;
  seed?: number;
  out?: string;
  /** Write the mixture as a Guesstimate space here. */
  guesstimate?: string;
  json?: boolean;
}

/** The JSON of a fit: `{"modes": [{"weight","median","p5","p95"}], "hitRates": [...], "bic"}`. */
export function modesJson(fit: MixtureFit): { modes: { weight: number; median: number; p5: number; p95: number }[]; hitRates: number[]; bic: number } {
  return { modes: fit.modes.map((m) => ({ weight: m.weight, median: m.median, p5: m.p5, p95: m.p95 })), hitRates: fit.hitRates, bic: fit.bic };
}

export async function runModes(args: ModesArgs, io: Io): Promise<void> {
  assertDistinctOutputs([
    ["-o", args.out],
    ["--guesstimate", args.guesstimate],
  ]);
  if (args.out) {
    assertNotInput(args.out, [args.file]);
    outputType(args.out);
  }
  if (args.guesstimate) assertNotInput(args.guesstimate, [args.file]);
  const data = await readLatencies(args.file, { column: args.column });
  const e = data.empirical;
  const input: MixtureInput = e.kind === "samples" ? { values: e.sorted } : { buckets: e.buckets };
  let fit: MixtureFit;
  try {
    fit = fitLognormalMixture(input, { modes: args.modes, seed: args.seed });
  } catch (err) {
    if (err instanceof MixtureInputError) {
      throw new DataError(
        err.reason === "nonPositive"
          ? modelMessage.nonPositive(err.count, `column ${JSON.stringify(data.column)}`)
          : modelMessage.tooFewForModes(err.count, args.modes ?? 1),
        { file: args.file },
      );
    }
    throw err;
  }
  const lines: string[] = [];
  const inUnit = data.unit ? `, in ${data.unit}` : ", unit not stated";
  const what =
    e.kind === "samples"
      ? `${formatCount(e.sorted.length)} latencies (column ${JSON.stringify(data.column)}${inUnit})`
      : `${formatCount(e.buckets.length)} buckets, ${formatCount(fit.n)} counts${inUnit}`;
  lines.push(`${args.file}: ${what}`);
  if (fit.step !== null) lines.push(`values on a ${formatNumber(fit.step)} step (the recording resolution): read as buckets of that width`);
  lines.push(
    `${fit.modes.length} lognormal mode${fit.modes.length === 1 ? "" : "s"}${
      args.modes === undefined ? ` (chosen by BIC from 1 to ${fit.bicByModes.length} among fits whose modes are separate peaks)` : ""
    }, fastest first:`,
    "",
  );
  lines.push(
    formatTable(
      ["mode", "weight", "median", "p5", "p95", "implied hit rate"],
      fit.modes.map((m, i) => [
        String(i + 1),
        `${(m.weight * 100).toFixed(1)}%`,
        formatNumber(m.median),
        formatNumber(m.p5),
        formatNumber(m.p95),
        i === fit.modes.length - 1 ? "(the rest)" : `${(fit.hitRates[i] * 100).toFixed(1)}%`,
      ]),
    ),
  );
  lines.push(
    "",
    `implied hit rates: h1 = w1, h2 = w2 / (1 - w1), ...; log-likelihood ${formatNumber(fit.logLik, 8)}, BIC ${formatNumber(fit.bic, 8)}${fit.converged ? "" : " (EM did not converge)"}`,
  );
  if (fit.bicByModes.length) {
    lines.push(
      `BIC by number of modes: ${fit.bicByModes.map((b) => `${b.modes}: ${formatNumber(b.bic, 8)}${b.separate ? "" : " (not separate modes)"}`).join(", ")}`,
    );
  }
  if (args.out) {
    const q = e.kind === "samples" ? quantizedBuckets(e.sorted) : null;
    const shown = q ? { buckets: q } : e.kind === "samples" ? { values: e.sorted } : { buckets: e.buckets };
    const spec = modesSpec(shown, fit.modes, {
      unit: data.unit ?? null,
      title: `${basename(args.file)}: ${fit.modes.length} lognormal mode${fit.modes.length === 1 ? "" : "s"}`,
      subtitle: `EM on log latency; implied hit rates ${
        fit.hitRates
          .slice(0, -1)
          .map((h) => `${(h * 100).toFixed(1)}%`)
          .join(", ") || "(one mode)"
      }`,
    });
    const type = outputType(args.out);
    await writeOutput(args.out, await renderAs(spec, type, "Modes"), [args.file]);
    lines.push(`wrote ${args.out}`);
  }
  if (args.guesstimate) {
    const model = modesToModel(basename(args.file), fit.modes, fit.hitRates);
    const space = modelToSpace(model, { generator: `chp modes ${basename(args.file)}`, seed: args.seed });
    await writeOutput(args.guesstimate, spaceJson(space), [args.file]);
    lines.push(`wrote ${args.guesstimate} (Guesstimate space, ${space.space.graph.metrics.length} metrics: the modes as tiers)`);
  }
  if (args.json) io.stdout(toJson(modesJson(fit)) + "\n");
  else io.stdout(lines.join("\n") + "\n");
}

/** Exposed for `--modes` validation in the CLI. */
export const maxModes = 6;
