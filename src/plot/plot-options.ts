/** Options of the headroom plot and their defaults. */
import { UsageError } from "../errors.js";

/** How `headroomSpec` draws the headroom plot. Every field has a default in `defaultPlotOptions`. */
export interface PlotOptions {
  /** Title above the plot. */
  title: string;
  /**
   * Lines under the title. `null` (the default) writes one from the analysis: rows kept,
   * the trim cut-off, and how many points the scatter draws.
   */
  subtitle: string | string[] | null;
  /** Name of the throughput axis (x of the scatter, y of the time panel). */
  xLabel: string;
  /** Name of the response axis. */
  yLabel: string;
  /** Unit appended to the throughput label: "Throughput (req/s)". `null` = none. */
  xUnit: string | null;
  /** Unit appended to the response label: "Response (ms)". `null` = none. */
  yUnit: string | null;
  /** Width of the whole figure in pixels, axes and titles included (approximate: text is measured by Vega). */
  width: number;
  /** Height of the whole figure in pixels, axes, titles and legends included (approximate). */
  height: number;
  /**
   * 0 = off. N > 0 cuts the kept rows, in input (time) order, into N segments of equal
   * row count (as many rows as possible per segment: rows floor(k n / N) .. floor((k+1) n / N) - 1)
   * and gives each segment its own colour in the time panel and the scatter.
   */
  splits: number;
  /**
   * Colour the points by group instead (`--by instance`: one colour per host), with one line per
   * group in the time panel: `names` are the legend's entries, `of[r]` the group of input row r.
   * null (the default): none. Not with `splits`.
   */
  groups: PlotGroups | null;
  /** Draw the max-response staircase (green): the largest response in each throughput bin. */
  showMax: boolean;
  /** Draw the fitted inverse-Gaussian GLM curve (red) when the fit is valid. */
  showFit: boolean;
  /**
   * Most scatter points drawn. Above this many kept rows the scatter draws a deterministic,
   * density-preserving sample (see `thinScatter`); histograms, staircase and fit always use every row.
   */
  maxPoints: number;
  /**
   * Add the interactive parts for the HTML page: an interval brush on the time panel that keeps
   * the scatter points of the brushed time range coloured (the others turn grey).
   * Leave false for SVG/PNG.
   */
  interactive: boolean;
  /**
   * What the analysis concluded, drawn on the scatter: the SLA response (a dashed horizontal
   * rule), the estimated maximum useful throughput (a dashed vertical rule over a band for its
   * interval) and the pattern label. `null` (the default) draws none.
   */
  annotations: PlotAnnotations | null;
  /** Lines under the subtitle saying where the data came from and how precise it is (a queried server's queries). */
  sourceNotes: string[];
  /** Font of all text. Must match the font the PNG renderer loads ("DejaVu Sans", shipped by npm `dejavu-fonts-ttf`). */
  font: string;
}

/** The groups the points are coloured by (see `PlotOptions.groups`). */
export interface PlotGroups {
  /** The legend's title (the label's name). */
  title: string;
  /** Each group's name, as shown (text from a file or a server: escaped by the caller). */
  names: string[];
  /** The index into `names` of each input row. */
  of: ArrayLike<number>;
}

/** Conclusions drawn on the headroom plot (see `PlotOptions.annotations`). */
export interface PlotAnnotations {
  /** SLA response target, in response units. */
  sla: number | null;
  /** Estimated maximum useful throughput. */
  maxUseful: number | null;
  /** Its interval [lo, hi]. */
  maxUsefulInterval: [number, number] | null;
  /** A line for the subtitle, e.g. the pattern and the headroom. */
  note: string | null;
  /**
   * The response curve whose limit is the maximum useful throughput (the M/M/c or capacity
   * curve the estimate chose), drawn beside the GLM; null or absent: none.
   */
  limitCurve?: LimitCurve | null;
}

/** A response curve that rises without bound at a throughput limit. */
export interface LimitCurve {
  /** Its legend entry. */
  label: string;
  /** Response at throughput x (in the plot's units), for x below `limit`. */
  response: (x: number) => number;
  /** The throughput where the response grows without bound. */
  limit: number;
}

/** The defaults of every `PlotOptions` field. */
export const defaultPlotOptions: Readonly<PlotOptions> = Object.freeze({
  title: "Headroom Plot",
  subtitle: null,
  sourceNotes: [],
  xLabel: "Throughput",
  yLabel: "Response",
  xUnit: null,
  yUnit: null,
  width: 720,
  height: 600,
  splits: 0,
  groups: null,
  showMax: true,
  showFit: true,
  maxPoints: 10_000,
  interactive: false,
  annotations: null,
  font: "DejaVu Sans",
});

/** Largest `splits` accepted (more colours than this cannot be told apart). */
export const maxSplits = 20;

/** Fill in defaults and check ranges; throws `UsageError` for a value that cannot be drawn. */
export function resolvePlotOptions(options: Partial<PlotOptions> = {}): PlotOptions {
  const defined = Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as Partial<PlotOptions>;
  const o: PlotOptions = { ...defaultPlotOptions, ...defined };
  if (!Number.isFinite(o.width) || o.width < 200) {
    throw new UsageError(`plot width must be a number >= 200 pixels, got ${o.width}`);
  }
  if (!Number.isFinite(o.height) || o.height < 200) {
    throw new UsageError(`plot height must be a number >= 200 pixels, got ${o.height}`);
  }
  if (!Number.isInteger(o.splits) || o.splits < 0 || o.splits > maxSplits) {
    throw new UsageError(`splits must be an integer from 0 to ${maxSplits}, got ${o.splits}`);
  }
  if (o.groups !== null && o.splits > 0) throw new UsageError("splits and groups both colour the points: give one of them");
  if (!Number.isInteger(o.maxPoints) || o.maxPoints < 100) {
    throw new UsageError(`maxPoints must be an integer >= 100, got ${o.maxPoints}`);
  }
  return o;
}
