/**
 * Several interval logs of one run (one per host of a distributed load test)
 * merged interval by interval, aligned on time:
 *
 *   every file's intervals -> slot floor((midpoint - t0) / L) -> Histogram.add per slot
 *   -> one interval per slot (start t0 + k L, length L) -> IntervalSet
 *
 * t0 is the first file's first interval start, L the median of its interval
 * lengths (to the millisecond). Memory holds every interval histogram of every
 * file (they are merged once L is known).
 */
import { DataError } from "../errors.js";
import { histogramMessage as hm } from "../messages.js";
import type { HdrHistogram } from "./hdr/histogram.js";
import { scanHistogramLog, type HistogramLogOptions } from "./hdr/interval-log.js";
import { IntervalSetBuilder, type IntervalSet } from "./intervals.js";
import { addSkipped, type SkippedRows } from "./series-checks.js";

export async function readMergedHistogramLogs(
  inputs: readonly { file: string; source: AsyncIterable<Buffer | string> }[],
  options: Partial<HistogramLogOptions> = {},
): Promise<IntervalSet> {
  const perFile: { start: number; length: number; h: HdrHistogram }[][] = [];
  const tags = new Set<string>();
  let startTime: number | null = null;
  let skipped: SkippedRows | undefined;
  for (const { file, source } of inputs) {
    const got: { start: number; length: number; h: HdrHistogram }[] = [];
    const info = await scanHistogramLog(source, file, options, (i) => got.push({ start: i.start, length: i.length, h: i.histogram }));
    info.tags.forEach((t) => tags.add(t));
    skipped = addSkipped(skipped, info.skipped, file);
    if (got.length === 0) throw new DataError(hm.hlogNoIntervals(options.tag ?? null, info.tags), { file });
    if (startTime === null) startTime = info.startTime;
    perFile.push(got);
  }
  // The grid: the first file's first start, and the median of its interval lengths (to the ms).
  const lengths = perFile[0].map((i) => i.length).sort((a, b) => a - b);
  const length = Math.max(0.001, Math.round(lengths[Math.floor(lengths.length / 2)] * 1000) / 1000);
  const t0 = perFile[0][0].start;
  const slots = new Map<number, { h: HdrHistogram }>();
  for (const got of perFile) {
    for (const i of got) {
      // the slot holding the interval's midpoint: robust to an odd short or long interval and to host offsets below L/2
      const k = Math.floor((i.start + i.length / 2 - t0) / length);
      const slot = slots.get(k);
      if (slot === undefined) slots.set(k, { h: i.h });
      else slot.h.add(i.h);
    }
  }
  const builder = new IntervalSetBuilder(1);
  const keys = [...slots.keys()].sort((a, b) => a - b);
  for (const k of keys) builder.add({ tag: options.tag ?? null, start: Math.round((t0 + k * length) * 1e6) / 1e6, length, histogram: slots.get(k)!.h, errors: 0 });
  return {
    file: inputs.map((i) => i.file).join(" + "),
    format: "hlog",
    unit: null,
    scale: 1,
    startTime,
    intervals: builder.intervals,
    total: builder.total!,
    totalErrors: 0,
    tags: [...tags],
    ...(skipped ? { skipped } : {}),
  };
}
