/**
 * Several interval logs of one run (one per host of a distributed load test)
 * merged interval by interval, aligned on time:
 *
 *   every file's intervals -> slot floor((midpoint - t0) / L) -> Histogram.add per slot
 *   -> one interval per slot (start t0 + k L, length L) -> IntervalSet
 *
 * t0 is the first file's first interval start, L the median of its interval
 * lengths (to the millisecond). Memory holds every interval of every file in its
 * encoded form (about a kilobyte each, compressed; they are merged once L is
 * known): each is decoded while the files are read (so a bad one fails there),
 * and again, slot by slot, into reused histograms when the slots are merged.
 *
 * Several per-request logs (one per load generator) are merged at the row level
 * instead, which is exact and streams:
 *
 *   every file's parser -> one shared IntervalSlots (one grid, one interval length
 *   chosen from the combined run, or --interval) -> IntervalSet
 *
 * The files are read together, always pulling the next chunk from the file whose
 * last completion time is the earliest, so the open intervals stay those around
 * the common "now" (memory as for one file). The result equals reading one log
 * holding all the rows (the first file's first row sets the grid's origin).
 */
import { DataError } from "../errors.js";
import { histogramMessage as hm } from "../messages.js";
import type { HdrHistogram } from "./hdr/histogram.js";
import { scanHistogramLogReusing, type HistogramLogOptions, type IntervalWhere } from "./hdr/interval-log.js";
import { decodeHistogram } from "./hdr/encoding.js";
import { IntervalSetBuilder, type IntervalSet } from "./intervals.js";
import { addSkipped, type SkippedRows } from "./series-checks.js";
import type { IntervalSlots } from "./interval-slots.js";
import {
  defaultRequestLogOptions,
  readError,
  requestLogParser,
  requestLogSet,
  requestLogSlots,
  type RequestLogOptions,
  type RequestLogPart,
  type RequestLogSet,
} from "./request-log.js";
import { requestLogKindName, type RequestLogParserFactory } from "./request-sink.js";
import { requestLogMergeMessage as mm } from "../messages.js";

export async function readMergedHistogramLogs(
  inputs: readonly { file: string; source: AsyncIterable<Buffer | string> }[],
  options: Partial<HistogramLogOptions> = {},
): Promise<IntervalSet> {
  type Kept = { start: number; length: number; bytes: Uint8Array; where: IntervalWhere };
  const perFile: Kept[][] = [];
  const tags = new Set<string>();
  let startTime: number | null = null;
  let skipped: SkippedRows | undefined;
  for (const { file, source } of inputs) {
    const got: Kept[] = [];
    const info = await scanHistogramLogReusing(
      source,
      file,
      options,
      (i, _line, bytes, where) => got.push({ start: i.start, length: i.length, bytes, where }),
      true,
    );
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
  const slots = new Map<number, Kept[]>();
  for (const got of perFile) {
    for (const i of got) {
      // the slot holding the interval's midpoint: robust to an odd short or long interval and to host offsets below L/2
      const k = Math.floor((i.start + i.length / 2 - t0) / length);
      const slot = slots.get(k);
      if (slot === undefined) slots.set(k, [i]);
      else slot.push(i);
    }
  }
  // Each slot: its first interval's histogram plus the others, in file order (Histogram.add).
  // The builder keeps statistics and the total only, so two histograms' storage serves every slot.
  const builder = new IntervalSetBuilder(1);
  const keys = [...slots.keys()].sort((a, b) => a - b);
  let base: HdrHistogram | undefined;
  let other: HdrHistogram | undefined;
  for (const k of keys) {
    const [first, ...rest] = slots.get(k)!;
    base = decodeHistogram(first.bytes, first.where, base);
    for (const i of rest) {
      other = decodeHistogram(i.bytes, i.where, other);
      base.add(other);
    }
    builder.add({ tag: options.tag ?? null, start: Math.round((t0 + k * length) * 1e6) / 1e6, length, histogram: base, errors: 0 });
  }
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

/**
 * Several per-request logs of one run merged row by row onto one interval grid (see the top of this file);
 * `factories` make each input's push parser (default: the CSV one).
 */
export async function readMergedRequestLogs(
  inputs: readonly { file: string; source: AsyncIterable<Buffer | string> }[],
  options: Partial<RequestLogOptions> = {},
  factories: readonly RequestLogParserFactory[] = inputs.map(() => requestLogParser),
): Promise<RequestLogSet> {
  const o = { ...defaultRequestLogOptions, ...options };
  let slots: IntervalSlots | null = null;
  let first: { file: string; scale: number; unit: string | null; what: string } | null = null;
  const parsers = inputs.map(({ file }, i) =>
    factories[i](file, o, (scale, unit, kind, line) => {
      const what = `${requestLogKindName[kind]} values in ${unit ?? "an unknown unit"}`;
      if (first === null) {
        first = { file, scale, unit, what };
        slots = requestLogSlots(o, scale);
      } else if (scale !== first.scale || unit !== first.unit) {
        // logs of different kinds merge when their values are held alike (e.g. hey and a seconds CSV)
        throw new DataError(mm.unitMismatch(file, what, first.file, first.what), { file, line });
      }
      return slots!;
    }),
  );
  const its = inputs.map((i) => i.source[Symbol.asyncIterator]());
  const done = inputs.map(() => false);
  for (;;) {
    let k = -1;
    for (let i = 0; i < parsers.length; i++) if (!done[i] && (k < 0 || parsers[i].last < parsers[k].last)) k = i;
    if (k < 0) break;
    try {
      const r = await its[k].next();
      if (r.done) {
        done[k] = true;
        parsers[k].end();
      } else parsers[k].push(r.value);
    } catch (e) {
      await Promise.all(its.map((it, i) => (done[i] ? undefined : it.return?.().catch(() => undefined))));
      throw readError(e, inputs[k].file);
    }
  }
  const parts: RequestLogPart[] = parsers.map((p) => p.finish());
  const absolute = (p: RequestLogPart) => p.minTime > 1e8;
  const odd = parts.find((p) => absolute(p) !== absolute(parts[0]));
  if (odd) throw new DataError(mm.timeMismatch(odd.file, parts[0].file), { file: odd.file });
  const s = slots!;
  return requestLogSet(parts, s, s.finish());
}
