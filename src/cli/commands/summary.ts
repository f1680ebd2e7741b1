/** `chp summary FILE...`: R's summary() of a time series; the total and every interval of histogram and log files. */
import { loadInputs, inputWarnings } from "../../load/load-inputs.js";
import { samplesFor, summarizeInput, summaryJson, summaryText, type SummaryOptions } from "../../report/summary-report.js";
import type { Io } from "../io.js";
import { printLoadWarnings, rethrowWithSkipHint, progressOption } from "../load-warnings.js";

export interface SummaryArgs extends SummaryOptions {
  json?: boolean;
}

export async function runSummary(files: readonly string[], { json, ...options }: SummaryArgs, io: Io): Promise<void> {
  const samples = samplesFor(options);
  const input = await loadInputs(files, { ...options, ...progressOption(io), samples }).catch(rethrowWithSkipHint);
  printLoadWarnings(io, inputWarnings(input));
  const report = summarizeInput(input, options, samples);
  io.stdout(json ? summaryJson(report) + "\n" : summaryText(report));
}
