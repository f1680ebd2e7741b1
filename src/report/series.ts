/**
 * From any loaded input to the time-series shape the headroom analysis takes:
 *
 *   series      -> as read (a response unit only from its column's name, or the format's);
 *                  `response` only where the reader applied it (LoadedInput.response)
 *   intervals   -> time = interval start, throughput = count / length, response = the chosen
 *                  statistic (mean, p50 ... max) of each interval's histogram, in --unit
 *   distribution-> no time axis: an error (summary and the distribution plot show it)
 */
import { UsageError } from "../errors.js";
import { formatMessage, histogramMessage as hm, loadToolMessage as lm } from "../messages.js";
import type { LoadedInput } from "../load/formats/types.js";
import { intervalsToTimeSeries, type ResponseStat } from "../load/intervals.js";
import { asTimeUnit, timeUnitSeconds, type TimeUnit } from "../load/units.js";
import type { TimeSeries } from "../load/time-series.js";

/** How values are converted and which interval statistic is the response. */
export interface SeriesOptions {
  /** The per-interval statistic taken as the response (interval inputs; default "mean"). */
  response?: ResponseStat;
  /** Convert the values to this unit (interval and distribution inputs). */
  unit?: TimeUnit | null;
  /** The unit of the file's values when the format does not state it. */
  inputUnit?: TimeUnit | null;
}

/** The factor from the file's unit to `unit` (1 when no unit is asked for), and the unit the values end in. */
export function unitConversion(fileUnit: string | null, o: SeriesOptions, file: string): { factor: number; unit: string | null } {
  const from = (o.inputUnit ?? fileUnit) as TimeUnit | null;
  if (o.unit === undefined || o.unit === null) return { factor: 1, unit: from };
  if (from === null || !(from in timeUnitSeconds)) throw new UsageError(hm.unknownInputUnit(file));
  return { factor: timeUnitSeconds[from] / timeUnitSeconds[o.unit], unit: o.unit };
}

/**
 * `value * factor`, exactly when the factor is a power of ten: the decimal point of the value's
 * shortest decimal form moves (1.803550719 ms -> 1803.550719 us, where the float product gives
 * 1803.5507189999998); other factors multiply.
 */
export function scaleValue(value: number, factor: number): number {
  if (factor === 1 || !Number.isFinite(value)) return value;
  const k = Math.round(Math.log10(factor));
  if (Math.abs(10 ** k / factor - 1) > 1e-12) return value * factor;
  const [mantissa, exponent = "0"] = String(value).split("e");
  return Number(`${mantissa}e${Number(exponent) + k}`);
}

/** The usage error for interval options given with a time-series input (they would be ignored). */
function rejectIntervalOptions(o: SeriesOptions, file: string, describe: string): void {
  if (o.response !== undefined) throw new UsageError(formatMessage.optionNotForFormat("response", file, describe));
}

/**
 * A time series with its response converted to `o.unit`: its unit is the one its column's name
 * states (latency_ms) or its format's (Locust: ms); a usage error saying so when it has none.
 */
export function convertSeries(series: TimeSeries, o: Pick<SeriesOptions, "unit">): TimeSeries {
  if (o.unit === undefined || o.unit === null) return series;
  const from = asTimeUnit(series.units.response);
  if (from === null) throw new UsageError(hm.seriesUnitUnknown(series.file, series.columns.response));
  const factor = timeUnitSeconds[from] / timeUnitSeconds[o.unit];
  const response = series.response.map((v) => scaleValue(v, factor));
  return { ...series, response, units: { ...series.units, response: o.unit } };
}

/** The time series of a loaded input (see the top of this file). */
export function seriesOf(input: LoadedInput, o: SeriesOptions = {}): TimeSeries {
  if (input.kind === "series") {
    // A reader that chose the response itself (a Locust history's percentile column) has applied
    // `response` already: the series passes through, unless it was read with another statistic.
    if (input.response !== undefined) {
      if (o.response !== undefined && o.response !== input.response)
        throw new UsageError(lm.responseAlreadyRead(input.series.file, input.response, o.response));
      return convertSeries(input.series, o);
    }
    rejectIntervalOptions(o, input.series.file, "a time-series CSV");
    return convertSeries(input.series, o);
  }
  if (input.kind === "distribution") throw new UsageError(hm.analyzeNeedsIntervals(input.dist.file));
  const set = input.set;
  const { factor, unit } = unitConversion(set.unit, o, set.file);
  const series = intervalsToTimeSeries(set, o.response ?? "mean");
  if (factor !== 1) for (let i = 0; i < series.response.length; i++) series.response[i] = scaleValue(series.response[i], factor);
  if (unit) series.units.response = unit;
  return { ...series, warnings: set.warnings, skipped: set.skipped };
}
