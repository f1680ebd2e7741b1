/**
 * `chp summary FILE...`: R's summary() of a time series; the total and every interval of histogram
 * and log files. Several files of one merge group (HdrHistogram logs; per-request logs) are merged
 * into one summary; files of no merge group (time series, distributions) are summarised one
 * after the other.
 */
import { loadInputs, inputWarnings, openInputs } from "../../load/load-inputs.js";
import { samplesFor, summarizeInput, summaryJson, summaryText, type SummaryOptions } from "../../report/summary-report.js";
import { toJson } from "../../util/format.js";
import type { Io } from "../io.js";
import { printLoadWarnings, rethrowWithSkipHint, progressOption } from "../load-warnings.js";

export interface SummaryArgs extends SummaryOptions {
  json?: boolean;
}

/**
 * Whether several files are summarised one by one: none of them belongs to a merge group (time
 * series, distributions). Files of a merge group are merged, and mixing groups stays an error.
 */
async function oneByOne(files: readonly string[], options: SummaryOptions): Promise<boolean> {
  const opened = await openInputs(files, options);
  return opened.every((o) => o.format.mergeGroup === undefined && !o.format.unsupported);
}

async function summaryOf(files: readonly string[], options: SummaryOptions, io: Io) {
  const samples = samplesFor(options);
  const input = await loadInputs(files, { ...options, ...progressOption(io), samples }).catch(rethrowWithSkipHint);
  printLoadWarnings(io, inputWarnings(input));
  return summarizeInput(input, options, samples);
}

export async function runSummary(files: readonly string[], { json, ...options }: SummaryArgs, io: Io): Promise<void> {
  // Stdin is read once, so it is never opened twice to find the merge group.
  if (files.length > 1 && !files.includes("-") && (await oneByOne(files, options))) {
    const reports = [];
    for (const file of files) reports.push(await summaryOf([file], options, io));
    // JSON: one object per file, in order, its file first.
    io.stdout(json ? toJson(reports.map((r, i) => ({ file: files[i], ...JSON.parse(summaryJson(r)) }))) + "\n" : reports.map((r) => summaryText(r)).join("\n"));
    return;
  }
  const report = await summaryOf(files, options, io);
  io.stdout(json ? summaryJson(report) + "\n" : summaryText(report));
}
