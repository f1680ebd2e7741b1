/** `chp export guesstimate FILE`: measured latencies as a Guesstimate space with a DATA metric. */
import { basename } from "node:path";
import { UsageError } from "../../errors.js";
import { modelMessage } from "../../messages.js";
import { empiricalQuantile } from "../../model/empirical.js";
import { samplesToSpace, spaceJson } from "../../model/guesstimate/export.js";
import { maxDataSamples } from "../../model/guesstimate/space.js";
import { readLatencies } from "../../model/read-latencies.js";
import { seededRandom } from "../../util/random.js";
import type { Io } from "../io.js";
import { assertNotInput, writeOutput } from "../write-output.js";

export interface ExportArgs {
  format: string;
  file: string;
  column?: string;
  out?: string;
  seed?: number;
}

/** `<input name without extension>.guess.json` in the current folder. */
export function defaultGuessOutput(file: string): string {
  return basename(file).replace(/\.[^.]+$/, "") + ".guess.json";
}

export async function runExport(args: ExportArgs, io: Io): Promise<void> {
  if (args.format !== "guesstimate") throw new UsageError(modelMessage.unknownExportFormat(args.format));
  const out = args.out ?? defaultGuessOutput(args.file);
  assertNotInput(out, [args.file]);
  const data = await readLatencies(args.file, { column: args.column, refuseNegative: true });
  let values: ArrayLike<number>;
  if (data.values) values = data.values;
  else {
    const rng = seededRandom(args.seed ?? 1);
    values = Float64Array.from({ length: maxDataSamples }, () => empiricalQuantile(data.empirical, rng.uniform()));
  }
  const space = samplesToSpace(basename(args.file), [{ name: `${basename(args.file)} ${data.column}`, values }], {
    generator: `chp export guesstimate ${basename(args.file)}`,
    seed: args.seed,
  });
  await writeOutput(out, spaceJson(space), [args.file]);
  const g = space.space.graph.guesstimates[0];
  io.stdout(`wrote ${out}: DATA metric ${space.space.graph.metrics[0].readableId} with ${g.data!.length} values (${g.description})\n`);
}
