/**
 * What a notebook shows for a value: a Jupyter MIME bundle, several representations of the same
 * thing in ONE output, from which each frontend picks the richest it can draw.
 *
 * ```
 * Vega-Lite spec | headroom analysis | histogram
 *     -> application/vnd.vegalite.v5+json  (live chart: JupyterLab, VS Code)
 *      + image/png, drawn at 2x             (classic Notebook, nbconvert HTML, GitHub)
 *      + image/svg+xml                      (only with {svg: true}; see below)
 *      + text/plain                         (a one-line description)
 * summary | {name: summary} | rows of objects | {name: number}
 *     -> text/html (a <table>) + text/plain (the same table aligned)
 * ```
 *
 * The static fallback is a PNG, not an SVG, because an SVG is not shown where it matters most:
 * Debian 12's nbconvert 6.5.3 runs SVG outputs through lxml's HTML cleaner, which strips every
 * element inside <svg> (nbconvert 7.2.3 and later keep it), and it prefers SVG to PNG when
 * both are present; the classic Notebook does not draw SVG (or HTML styles) of an untrusted
 * notebook — every freshly cloned one. A PNG is drawn everywhere.
 *
 * Pure apart from rendering: never prints, never touches the notebook (`show` does that).
 */
import type { TopLevelSpec } from "vega-lite";
import { UsageError } from "../errors.js";
import type { HeadroomAnalysis, Histogram } from "../headroom/types.js";
import { notebookMessage } from "../messages.js";
import { headroomSpec } from "../plot/headroom-spec.js";
import type { PlotOptions } from "../plot/plot-options.js";
import { renderSvg, svgToPng } from "../plot/render.js";
import type { Summary } from "../stats/summary.js";
import { histogramSpec, type HistogramSpecOptions } from "./histogram-spec.js";
import { recordsTable, summaryTable, tableHtml, tableText, type Cell, type Table } from "./table.js";

/** The MIME type JupyterLab's built-in Vega extension renders as a live Vega-Lite chart. */
export const vegaLiteMime = "application/vnd.vegalite.v5+json";

/** A Jupyter `display_data` content: data by MIME type, and per-MIME metadata. */
export interface MimeBundle {
  data: Record<string, unknown>;
  metadata: Record<string, unknown>;
}

/** Options of `mimeBundle` and `show`. Every field has a default in `defaultShowOptions`. */
export interface ShowOptions {
  /** Options of the headroom plot drawn for a headroom analysis (see `headroomSpec`). */
  plot: Partial<PlotOptions>;
  /** Options of the chart drawn for a histogram (see `histogramSpec`). */
  histogram: Partial<HistogramSpecOptions>;
  /** Include the live Vega-Lite spec. */
  vegaLite: boolean;
  /**
   * Include the PNG drawing, shown where Vega-Lite is not (classic Notebook, nbconvert HTML,
   * GitHub). A number is the pixel density; it is displayed at the chart's own size.
   */
  png: boolean | number;
  /** Also include the SVG drawing (nbconvert 6.5 then shows a broken SVG instead of the PNG). */
  svg: boolean;
  /** Caption above a table. */
  caption: string | undefined;
  /** Significant digits of numbers in tables (R's summary() uses 4). */
  digits: number;
}

export const defaultShowOptions: Readonly<ShowOptions> = Object.freeze({
  plot: {},
  histogram: {},
  vegaLite: true,
  png: 2,
  svg: false,
  caption: undefined,
  digits: 4,
});

/** Anything `show` and `mimeBundle` can display. */
export type Showable =
  | TopLevelSpec
  | HeadroomAnalysis
  | Histogram
  | Summary
  | Readonly<Record<string, Summary>>
  | readonly Readonly<Record<string, Cell>>[]
  | Readonly<Record<string, Cell>>
  | Table;

/** A plain object (not an array, typed array, Map, Date...). */
const isObject = (v: unknown): v is Record<string, unknown> => {
  if (typeof v !== "object" || v === null) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
};
const isCell = (v: unknown): v is Cell => v === null || v === undefined || ["string", "number", "boolean"].includes(typeof v);

const specKeys = ["mark", "layer", "concat", "hconcat", "vconcat", "facet", "repeat"];
export function isVegaLiteSpec(v: unknown): v is TopLevelSpec {
  if (!isObject(v)) return false;
  if (typeof v.$schema === "string") return v.$schema.includes("vega-lite");
  return specKeys.some((k) => k in v);
}
export function isHeadroomAnalysis(v: unknown): v is HeadroomAnalysis {
  return isObject(v) && isObject(v.throughputHist) && isObject(v.responseHist) && Array.isArray(v.maxCurve) && isObject(v.fit);
}
export function isHistogram(v: unknown): v is Histogram {
  return isObject(v) && Array.isArray(v.breaks) && Array.isArray(v.counts) && v.breaks.length === v.counts.length + 1;
}
export function isSummary(v: unknown): v is Summary {
  return isObject(v) && ["n", "min", "q1", "median", "mean", "q3", "max"].every((k) => typeof v[k] === "number");
}
function isTable(v: unknown): v is Table {
  return isObject(v) && Array.isArray(v.columns) && Array.isArray(v.rows) && v.rows.every(Array.isArray);
}
function isRecords(v: unknown): v is Record<string, Cell>[] {
  return Array.isArray(v) && v.length > 0 && v.every((r) => isObject(r) && Object.values(r).every(isCell));
}

/** A short name of what `value` is, for the "cannot display" message. */
function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return value.length === 0 ? "an empty array" : "an array of " + describe(value[0]).replace(/^an? /, "") + "s";
  if (ArrayBuffer.isView(value)) return `a ${value.constructor.name} (wrap it: {name: summary(values)} or histogram(values))`;
  if (isObject(value)) {
    const keys = Object.keys(value);
    return `an object with keys ${keys.slice(0, 5).join(", ")}${keys.length > 5 ? ", ..." : ""}`;
  }
  return `a ${typeof value}`;
}

function specTitle(spec: TopLevelSpec): string {
  const title = (spec as { title?: unknown }).title;
  if (typeof title === "string") return title;
  if (isObject(title) && typeof title.text === "string") return title.text;
  return "chart";
}

/** Width and height of the root <svg> element, in pixels. */
function svgSize(svg: string): { width: number; height: number } | null {
  const root = /<svg\b[^>]*>/.exec(svg)?.[0] ?? "";
  const width = Number(/\bwidth="([\d.]+)"/.exec(root)?.[1]);
  const height = Number(/\bheight="([\d.]+)"/.exec(root)?.[1]);
  return width > 0 && height > 0 ? { width, height } : null;
}

/** A chart's bundle: the live spec, its drawing (from `staticSpec`, default the same spec) as PNG and/or SVG. */
async function chartBundle(spec: TopLevelSpec, o: ShowOptions, staticSpec: TopLevelSpec = spec): Promise<MimeBundle> {
  const data: Record<string, unknown> = {};
  const metadata: Record<string, unknown> = {};
  if (o.vegaLite) data[vegaLiteMime] = spec;
  if (o.svg || o.png) {
    const svg = await renderSvg(staticSpec);
    if (o.png) {
      const png = svgToPng(svg, { scale: typeof o.png === "number" ? o.png : 1 });
      data["image/png"] = Buffer.from(png.buffer, png.byteOffset, png.byteLength).toString("base64");
      // Display a 2x PNG at the chart's own size (Jupyter's width/height image metadata).
      const size = svgSize(svg);
      if (size) metadata["image/png"] = size;
    }
    if (o.svg) data["image/svg+xml"] = svg;
  }
  data["text/plain"] = `<Vega-Lite chart: ${specTitle(spec)}>`;
  return { data, metadata };
}

function tableBundle(table: Table, o: ShowOptions): MimeBundle {
  const t = o.caption === undefined ? table : { ...table, caption: o.caption };
  return { data: { "text/html": tableHtml(t, o.digits), "text/plain": tableText(t, o.digits) }, metadata: {} };
}

/**
 * The MIME bundle a notebook shows for `value`. Charts: Vega-Lite + PNG (+ SVG) + text; a headroom
 * analysis is drawn with `headroomSpec` (the live chart gets the time brush, the SVG does not).
 * Tables: HTML + aligned text. Throws `UsageError` for a value it cannot display.
 */
export async function mimeBundle(value: Showable, options: Partial<ShowOptions> = {}): Promise<MimeBundle> {
  const o: ShowOptions = { ...defaultShowOptions, ...options };
  if (isHeadroomAnalysis(value)) {
    const live = headroomSpec(value, { interactive: true, ...o.plot });
    const still = headroomSpec(value, { ...o.plot, interactive: false });
    return chartBundle(live, o, still);
  }
  if (isVegaLiteSpec(value)) return chartBundle(value, o);
  if (isHistogram(value)) return chartBundle(histogramSpec(value, o.histogram), o);
  if (isTable(value)) return tableBundle(value, o);
  if (isSummary(value)) return tableBundle(summaryTable({ value }), o);
  if (isObject(value)) {
    const entries = Object.entries(value);
    if (entries.length > 0 && entries.every(([, v]) => isSummary(v))) {
      return tableBundle(summaryTable(value as Record<string, Summary>), o);
    }
    if (entries.length > 0 && entries.every(([, v]) => isCell(v))) {
      return tableBundle({ columns: ["", "value"], rows: entries.map(([k, v]) => [k, v as Cell]) }, o);
    }
  }
  if (isRecords(value)) return tableBundle(recordsTable(value), o);
  throw new UsageError(notebookMessage.cannotShow(describe(value)));
}
