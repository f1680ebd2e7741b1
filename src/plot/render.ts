/**
 * Rendering a Vega-Lite spec: SVG (Vega, no browser), PNG (resvg with the DejaVu fonts shipped
 * by npm `dejavu-fonts-ttf`, so PNGs are identical on every machine), a self-contained
 * interactive HTML page (Vega and Vega-Lite inlined, works offline) and the spec as JSON.
 *
 * ```
 * spec --vegaLite.compile--> vega spec --vega.parse--> View(renderer "none") --toSVG--> SVG
 * SVG  --resvg (fonts from dejavu-fonts-ttf)--> PNG
 * spec --JSON, "<" escaped--> <script type="application/json"> + vega/vega-lite builds --> HTML
 * ```
 */
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { Resvg } from "@resvg/resvg-js";
import type { TopLevelSpec } from "vega-lite";
import { loadFontMetrics, type FontMetrics } from "./font-metrics.js";

const require = createRequire(import.meta.url);

/** Files of the DejaVu Sans family used by the PNG renderer (regular and bold). */
export function fontFiles(): string[] {
  return [require.resolve("dejavu-fonts-ttf/ttf/DejaVuSans.ttf"), require.resolve("dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf")];
}

type Vega = typeof import("vega");
let modules: Promise<{ vega: Vega; vegaLite: typeof import("vega-lite") }> | null = null;

/**
 * Vega and Vega-Lite, loaded at the first render: loading them takes a few tenths of a second of
 * CPU, which a program that imports chp for anything else should not pay.
 */
function vegaModules() {
  modules ??= Promise.all([import("vega"), import("vega-lite")]).then(([vega, vegaLite]) => ({ vega, vegaLite }));
  return modules;
}

/** The part of a Vega text item that decides its width. */
interface TextItem {
  fontSize?: number | string;
  fontWeight?: number | string;
  limit?: number;
  ellipsis?: string;
}
type WidthFunction = (item: TextItem, text: unknown) => number;
/** vega-scenegraph's text measurer, re-exported by vega (not in vega's typings). */
const textMetricsOf = (vega: Vega) => (vega as unknown as { textMetrics: { width: WidthFunction } }).textMetrics;

let dejaVu: { regular: FontMetrics; bold: FontMetrics } | null = null;

/**
 * Text width in pixels with DejaVu Sans advance widths (the font resvg draws with), following
 * Vega's own rules: text trimmed, font size 11 when unset, `limit` truncation with "…".
 */
export function dejaVuTextWidth(item: TextItem, text: unknown): number {
  if (!dejaVu) {
    const [regular, bold] = fontFiles();
    dejaVu = { regular: loadFontMetrics(regular), bold: loadFontMetrics(bold) };
  }
  const size = item.fontSize != null ? Number(item.fontSize) || 0 : 11;
  if (size <= 0) return 0;
  const weight = item.fontWeight;
  const isBold = weight === "bold" || weight === "bolder" || Number(weight) >= 600;
  const font = isBold ? dejaVu.bold : dejaVu.regular;
  const str = text == null ? "" : String(text).trim();
  const width = (s: string) => font.widthEm(s) * size;
  const full = width(str);
  const limit = Number(item.limit);
  if (!(limit > 0) || full < limit || str.length === 0) return full;
  // Vega's truncate(): the longest prefix that fits limit - width(ellipsis), then the ellipsis.
  const ellipsis = item.ellipsis ?? "\u2026";
  const room = limit - width(ellipsis);
  let lo = 0;
  let hi = str.length;
  while (lo < hi) {
    const mid = 1 + ((lo + hi) >>> 1);
    if (width(str.slice(0, mid)) < room) lo = mid;
    else hi = mid - 1;
  }
  return width(str.slice(0, lo)) + width(ellipsis);
}

let measuring = 0;
let savedWidth: WidthFunction | null = null;

/**
 * Run `work` with Vega measuring text in DejaVu Sans. `textMetrics.width` is Vega's documented
 * hook for this (vl-convert uses it too); it is global, so it is put back when the last
 * overlapping render ends.
 */
async function withDejaVuMetrics<T>(vega: Vega, work: () => Promise<T>): Promise<T> {
  const textMetrics = textMetricsOf(vega);
  if (measuring++ === 0) {
    savedWidth = textMetrics.width;
    textMetrics.width = dejaVuTextWidth;
  }
  try {
    return await work();
  } finally {
    if (--measuring === 0 && savedWidth) {
      textMetrics.width = savedWidth;
      savedWidth = null;
    }
  }
}

/** The spec drawn as an SVG document (a string), text measured in DejaVu Sans. */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const { vega, vegaLite } = await vegaModules();
  // Warnings go nowhere (library code never prints).
  const view = new vega.View(vega.parse(vegaLite.compile(spec, { logger: vega.logger(vega.None) }).spec), { renderer: "none", logLevel: 0 });
  try {
    return await withDejaVuMetrics(vega, () => view.toSVG());
  } finally {
    view.finalize();
  }
}

/** Options of `renderPng`. */
export interface PngOptions {
  /** Pixel density: 2 draws every SVG pixel as 2 x 2 PNG pixels. Default 1. */
  scale?: number;
}

/** The spec drawn as PNG bytes, `scale` times the SVG size, with the DejaVu Sans fonts. */
export async function renderPng(spec: TopLevelSpec, options: PngOptions = {}): Promise<Uint8Array> {
  return svgToPng(await renderSvg(spec), options);
}

/** An SVG document drawn as PNG bytes with the DejaVu Sans fonts shipped by `dejavu-fonts-ttf`. */
export function svgToPng(svg: string, { scale = 1 }: PngOptions = {}): Uint8Array {
  if (!(Number.isFinite(scale) && scale > 0 && scale <= 16)) {
    throw new RangeError(`PNG scale must be a number in (0, 16], got ${scale}`);
  }
  const resvg = new Resvg(svg, {
    fitTo: { mode: "zoom", value: scale },
    background: "white",
    font: {
      loadSystemFonts: false,
      fontFiles: fontFiles(),
      defaultFontFamily: "DejaVu Sans",
      sansSerifFamily: "DejaVu Sans",
    },
  });
  const png = resvg.render().asPng();
  return new Uint8Array(png.buffer, png.byteOffset, png.byteLength);
}

/** The spec as pretty JSON for a `.vl.json` file (ends with a newline). */
export function specJson(spec: TopLevelSpec): string {
  return `${JSON.stringify(spec, null, 2)}\n`;
}

/** Options of `renderHtml`. */
export interface HtmlOptions {
  /** Text of the page's `<title>`. Default: the spec's title, else "Headroom Plot". */
  title?: string;
}

/** JSON that is safe inside a `<script>` element: no "<" (so no "</script>" or "<!--"), no U+2028/2029. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/>/g, "\\u003e")
    .replace(/&/g, "\\u0026")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

/** Text safe as HTML element content or a quoted attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}

/** Paths of the browser builds of vega and vega-lite in node_modules. */
export function runtimeFiles(): { vega: string; vegaLite: string } {
  // "vega" resolves to build/vega.module.js, "vega-lite" to build/index.js; the UMD builds sit beside them.
  return {
    vega: join(dirname(require.resolve("vega")), "vega.min.js"),
    vegaLite: join(dirname(require.resolve("vega-lite")), "vega-lite.min.js"),
  };
}

let runtimeCache: Promise<string> | null = null;

/** The vega + vega-lite browser builds as inline `<script>` elements (read once). */
function inlineRuntime(): Promise<string> {
  runtimeCache ??= (async () => {
    const files = runtimeFiles();
    const [vega, vegaLite] = await Promise.all([readFile(files.vega, "utf8"), readFile(files.vegaLite, "utf8")]);
    // A literal "</script" inside the code would end the element; "<\/" means the same in JS strings and regexes.
    const safe = (code: string) => code.replace(/<\/(script)/gi, "<\\/$1");
    return `<script>${safe(vega)}</script>\n<script>${safe(vegaLite)}</script>`;
  })();
  runtimeCache.catch(() => {
    runtimeCache = null;
  });
  return runtimeCache;
}

function specTitle(spec: TopLevelSpec): string | undefined {
  const title = (spec as { title?: unknown }).title;
  if (typeof title === "string") return title;
  if (title && typeof title === "object" && "text" in title) {
    const text = (title as { text: unknown }).text;
    if (typeof text === "string") return text;
    if (Array.isArray(text)) return text.join(" ");
  }
  return undefined;
}

/** The page script: compile, draw with the SVG renderer, plain-text tooltips. No HTML from data reaches the DOM. */
const pageScript = `
(function () {
  var spec = JSON.parse(document.getElementById("chp-spec").textContent);
  var tip = document.getElementById("chp-tooltip");
  function tooltip(handler, event, item, value) {
    if (value == null || value === "") { tip.style.display = "none"; return; }
    tip.textContent = "";
    if (typeof value === "object") {
      Object.keys(value).forEach(function (key) {
        var line = document.createElement("div");
        var name = document.createElement("b");
        name.textContent = key + ": ";
        line.appendChild(name);
        line.appendChild(document.createTextNode(String(value[key])));
        tip.appendChild(line);
      });
    } else {
      tip.textContent = String(value);
    }
    tip.style.display = "block";
    var x = event.clientX + 14, y = event.clientY + 14;
    var w = tip.offsetWidth, h = tip.offsetHeight;
    if (x + w > window.innerWidth) x = Math.max(0, event.clientX - w - 14);
    if (y + h > window.innerHeight) y = Math.max(0, event.clientY - h - 14);
    tip.style.left = x + "px";
    tip.style.top = y + "px";
  }
  // The page fills its window's width: every view's width is scaled by f (heights and fonts
  // stay), f found from two measured renders (the width is c + f * V: axes, legends and padding
  // c do not scale). Redrawn when the window is resized.
  var box = document.getElementById("chp-plot");
  var viewKeys = ["mark", "layer", "hconcat", "vconcat", "concat", "$schema", "encoding"];
  function scaled(node, f) {
    if (Array.isArray(node)) return node.map(function (x) { return scaled(x, f); });
    if (node === null || typeof node !== "object") return node;
    var isView = viewKeys.some(function (k) { return k in node; });
    var out = {};
    Object.keys(node).forEach(function (k) {
      out[k] = k === "width" && isView && typeof node[k] === "number" ? node[k] * f : k === "datasets" || k === "data" ? node[k] : scaled(node[k], f);
    });
    return out;
  }
  var view = null;
  function draw(f) {
    if (view) view.finalize();
    box.textContent = "";
    view = new vega.View(vega.parse(vegaLite.compile(scaled(spec, f)).spec), { renderer: "svg", container: "#chp-plot", hover: true });
    view.tooltip(tooltip);
    window.chpView = view;
    return view.runAsync().then(function () {
      var svg = box.querySelector("svg");
      return svg ? svg.getBoundingClientRect().width : 0;
    });
  }
  function fit() {
    var avail = box.clientWidth;
    return draw(1).then(function (w0) {
      if (!(w0 > 0) || Math.abs(avail - w0) < 8) return;
      var f1 = avail / w0;
      return draw(f1).then(function (w1) {
        var v = (w1 - w0) / (f1 - 1);
        if (!(v > 0)) return;
        var f = Math.max(0.3, (avail - (w0 - v)) / v);
        if (Math.abs(w1 - avail) >= 2) return draw(f);
      });
    });
  }
  try {
    fit().then(
      function () { document.body.setAttribute("data-chp-ready", "true"); },
      function (err) { box.textContent = "Could not draw the plot: " + (err && err.message ? err.message : String(err)); document.body.setAttribute("data-chp-ready", "error"); },
    );
    var timer = null;
    window.addEventListener("resize", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { document.body.removeAttribute("data-chp-ready"); fit().then(function () { document.body.setAttribute("data-chp-ready", "true"); }); }, 150);
    });
  } catch (err) {
    var box = document.getElementById("chp-plot");
    box.textContent = "Could not draw the plot: " + (err && err.message ? err.message : String(err));
    document.body.setAttribute("data-chp-ready", "error");
  }
})();
`;

/**
 * One self-contained HTML page that draws the spec interactively and works offline: the vega
 * and vega-lite browser builds are inlined, the spec is embedded as escaped JSON, the title as
 * escaped text. Build the spec with `headroomSpec(analysis, {interactive: true})` for the time brush.
 */
export async function renderHtml(spec: TopLevelSpec, options: HtmlOptions = {}): Promise<string> {
  const title = options.title ?? specTitle(spec) ?? "Headroom Plot";
  const runtime = await inlineRuntime();
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline' 'unsafe-eval'; style-src 'unsafe-inline'; img-src data:">
<title>${escapeHtml(title)}</title>
<style>
  body { margin: 16px; font-family: "DejaVu Sans", Verdana, Arial, sans-serif; background: #fff; color: #222; }
  #chp-plot { width: 100%; }
  #chp-plot svg { display: block; }
  #chp-tooltip { position: fixed; display: none; pointer-events: none; z-index: 10; max-width: 360px;
    padding: 6px 8px; background: rgba(255, 255, 255, 0.96); border: 1px solid #bbb; border-radius: 3px;
    box-shadow: 0 1px 4px rgba(0, 0, 0, 0.2); font-size: 12px; line-height: 1.45; }
  #chp-tooltip b { font-weight: 600; color: #444; }
  .chp-help { font-size: 12px; color: #666; margin: 8px 0 0; }
</style>
</head>
<body>
<div id="chp-plot"></div>
<p class="chp-help">Drag across the time panel (top right) to highlight those intervals in the scatter; double-click to clear. Hover a point for its values.</p>
<div id="chp-tooltip" role="tooltip"></div>
<script type="application/json" id="chp-spec">${scriptJson(spec)}</script>
${runtime}
<script>${pageScript}</script>
</body>
</html>
`;
}

/** The output formats a spec is rendered to. */
export type OutputFormat = "png" | "svg" | "html" | "vl.json";

/** Render `spec` as `format`: PNG bytes, an SVG document, a self-contained HTML page (`title`) or the spec as JSON. */
export async function renderAs(spec: TopLevelSpec, format: OutputFormat, title: string): Promise<string | Uint8Array> {
  if (format === "png") return renderPng(spec);
  if (format === "svg") return renderSvg(spec);
  if (format === "html") return renderHtml(spec, { title });
  return specJson(spec);
}
