/** `chp analyze FILE...`: the headroom report as JSON (histograms, staircase, fit, pattern, headroom). */
import { loadInputs, inputWarnings } from "../../load/load-inputs.js";
import { headroomRun, reportJson, type HeadroomReportOptions } from "../../report/headroom-report.js";
import type { Io } from "../io.js";
import { printLoadWarnings, rethrowWithSkipHint, progressOption } from "../load-warnings.js";

export type AnalyzeArgs = HeadroomReportOptions;

export async function runAnalyze(files: readonly string[], args: AnalyzeArgs, io: Io): Promise<void> {
  const input = await loadInputs(files, { ...args, ...progressOption(io) }).catch(rethrowWithSkipHint);
  printLoadWarnings(io, inputWarnings(input));
  const run = await headroomRun(input, args);
  io.stdout(reportJson(run.report) + "\n");
}
