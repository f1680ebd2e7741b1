/**
 * The notebook display helpers: which MIME bundle each kind of value becomes, the HTML/text
 * tables, and `show` sending ONE display_data with every MIME type through a (fake) tslab
 * kernel laid out as tslab 1.0.22 is (dist/public.js requiring ./jupyter).
 */
import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { after, test } from "node:test";
import { UsageError } from "../../src/errors.js";
import { analyzeHeadroom } from "../../src/headroom/analyze.js";
import { notebookMessage } from "../../src/messages.js";
import { headroomSpec } from "../../src/plot/headroom-spec.js";
import { histogram } from "../../src/stats/histogram.js";
import { summary } from "../../src/stats/summary.js";
import { histogramSpec } from "../../src/notebook/histogram-spec.js";
import { mimeBundle, vegaLiteMime, type MimeBundle } from "../../src/notebook/mime-bundle.js";
import { show } from "../../src/notebook/show.js";
import { recordsTable, summaryTable, tableHtml, tableText } from "../../src/notebook/table.js";
import { seededRandom } from "../../src/util/random.js";
import { tmpDir } from "../helpers/tmp.js";

const rnd = seededRandom(7);
const x = Float64Array.from({ length: 200 }, (_, i) => 10 + i * 4 + rnd.normal());
const y = Float64Array.from(x, (v) => (20 / (1 - v / 1000)) * Math.exp(0.1 * rnd.normal()));
const analysis = analyzeHeadroom({ throughput: x, response: y });

const pngSignature = (base64: string) => [...Buffer.from(base64, "base64").subarray(1, 4)];

test("a headroom analysis becomes live Vega-Lite + PNG + text in one bundle", async () => {
  const b = await mimeBundle(analysis, { plot: { title: "T", width: 640, height: 520 } });
  assert.deepEqual(Object.keys(b.data).sort(), [vegaLiteMime, "image/png", "text/plain"].sort());
  assert.deepEqual(pngSignature(b.data["image/png"] as string), [0x50, 0x4e, 0x47], "PNG signature");
  // Drawn at 2x, displayed at the chart's own size (the SVG's width and height).
  const size = (b.metadata["image/png"] ?? {}) as { width?: number; height?: number };
  assert.ok(size.width! > 500 && size.width! < 800 && size.height! > 400 && size.height! < 700, JSON.stringify(size));
  assert.equal(b.data["text/plain"], "<Vega-Lite chart: T>");
  // The live chart gets the time brush, the SVG is drawn from the static spec.
  const live = JSON.stringify(b.data[vegaLiteMime]);
  assert.ok(live.includes('"params"'), "the live spec has the brush");
  assert.deepEqual(b.data[vegaLiteMime], headroomSpec(analysis, { title: "T", width: 640, height: 520, interactive: true }));
});

test("svg: true adds the SVG to the same bundle; png: false and vegaLite: false leave them out", async () => {
  const spec = histogramSpec(histogram(y));
  const both = await mimeBundle(spec, { svg: true });
  assert.match(both.data["image/svg+xml"] as string, /^<svg/);
  assert.ok("image/png" in both.data);
  assert.deepEqual(both.data[vegaLiteMime], spec);
  const svgOnly = await mimeBundle(spec, { svg: true, png: false, vegaLite: false });
  assert.deepEqual(Object.keys(svgOnly.data).sort(), ["image/svg+xml", "text/plain"]);
  const png1 = await mimeBundle(spec, { png: 1 });
  assert.ok((png1.data["image/png"] as string).length < (both.data["image/png"] as string).length, "1x is smaller than 2x");
});

test("histogramSpec draws R's bins: one bar per (breaks[i], breaks[i+1]] with its count", () => {
  const h = histogram([1, 2, 2, 3, 3, 3, 4, 9]);
  const spec = histogramSpec(h, { title: "H" }) as { data: { values: { lo: number; hi: number; n: number }[] } };
  assert.deepEqual(
    spec.data.values.map((v) => [v.lo, v.hi, v.n]),
    h.counts.map((n, i) => [h.breaks[i], h.breaks[i + 1], n]),
  );
});

test("summaries become R-style tables (HTML and aligned text), numbers to 4 significant digits", async () => {
  const s = summary([1, 2, 3, 4, 100]);
  const b = await mimeBundle({ response: s, other: summary([5, 6]) });
  assert.deepEqual(Object.keys(b.data), ["text/html", "text/plain"]);
  const text = b.data["text/plain"] as string;
  assert.match(text, /^ +response +other\n/);
  assert.match(text, /\nMean +22 +5\.5\n/);
  assert.match(text, /\n1st Qu\. +2 +5\.25\n/);
  assert.match(b.data["text/html"] as string, /<th style="text-align:left">Median<\/th><td style="text-align:right">3<\/td>/);
  // One summary alone: one column named "value".
  assert.match((await mimeBundle(s)).data["text/plain"] as string, /^ +value\n/);
});

test("rows of objects become a table; cells are escaped; null prints NA", async () => {
  const rows = [
    { q: 0.9, name: "<b>x</b>" },
    { q: 1, extra: null },
  ];
  const t = recordsTable(rows);
  assert.deepEqual(t.columns, ["q", "name", "extra"]);
  const html = tableHtml(t);
  assert.ok(html.includes("&lt;b&gt;x&lt;/b&gt;") && !html.includes("<b>x"));
  assert.equal(tableText(t), ["q        name  extra", "0.9  <b>x</b>     NA", "1          NA     NA"].join("\n"));
  const b = await mimeBundle(rows, { caption: "cap" });
  assert.match(b.data["text/html"] as string, /<caption>cap<\/caption>/);
  assert.equal(
    tableText(summaryTable({ a: summary([1]) }))
      .split("\n")
      .at(-1),
    "n          1",
  );
});

test("an object of numbers is a two-column table", async () => {
  const b = await mimeBundle({ rows: 1440, unit: "ms", fit: true });
  assert.equal(b.data["text/plain"], ["      value", "rows   1440", "unit     ms", "fit    true"].join("\n"));
});

test("values show() cannot display give a UsageError that says what was passed", async () => {
  for (const [value, what] of [
    [new Float64Array(3), "a Float64Array"],
    [[], "an empty array"],
    [42, "a number"],
  ] as const) {
    await assert.rejects(mimeBundle(value as never), (e: unknown) => {
      assert.ok(e instanceof UsageError);
      assert.ok(e.message.startsWith(notebookMessage.cannotShow(what).split(":")[0]), e.message);
      return true;
    });
  }
});

test("show() outside a tslab kernel throws UsageError (library code never prints)", async () => {
  assert.equal((globalThis as { __tslab__?: unknown }).__tslab__, undefined);
  await assert.rejects(show({ a: 1 }), new UsageError(notebookMessage.notInNotebook()));
});

// --- a fake tslab kernel: dist/public.js (display.raw) requiring ./jupyter (lastWriteDisplayData) ---
function fakeKernel() {
  const dist = join(tmpDir(), "fake-tslab", "dist");
  mkdirSync(dist, { recursive: true });
  writeFileSync(join(dist, "jupyter.js"), "exports.lastWriteDisplayData = null;\n");
  writeFileSync(
    join(dist, "public.js"),
    'const jupyter = require("./jupyter");\nexports.raws = [];\nexports.display = { raw(type, b) { exports.raws.push([type, b]); } };\n',
  );
  const req = createRequire(import.meta.url);
  const pub = req(join(dist, "public.js")) as { raws: [string, unknown][] };
  const jupyter = req(join(dist, "jupyter.js")) as { lastWriteDisplayData: unknown };
  (globalThis as { __tslab__?: unknown }).__tslab__ = { require: (id: string) => (id === "tslab" ? pub : req(id)) };
  return { pub, jupyter };
}
after(() => {
  delete (globalThis as { __tslab__?: unknown }).__tslab__;
});

test("show() in tslab sends ONE display_data carrying Vega-Lite and PNG together", async () => {
  const { pub, jupyter } = fakeKernel();
  const sent: [MimeBundle & { transient: object }, boolean][] = [];
  jupyter.lastWriteDisplayData = (content: MimeBundle & { transient: object }, update: boolean) => sent.push([content, update]);
  const result = await show(histogram(y));
  assert.equal(result, undefined, "resolves to nothing, so tslab prints nothing after it");
  assert.equal(sent.length, 1);
  const [content, update] = sent[0];
  assert.equal(update, false);
  assert.deepEqual(Object.keys(content.data).sort(), [vegaLiteMime, "image/png", "text/plain"].sort());
  assert.ok("image/png" in content.metadata, "the PNG's display size travels with it");
  assert.deepEqual(pub.raws, [], "display.raw (one MIME type per output) was not used");
});

test("show() falls back to one output of the best single MIME type when the writer is missing", async () => {
  const { pub, jupyter } = fakeKernel();
  jupyter.lastWriteDisplayData = null;
  pub.raws.length = 0;
  await show(histogram(y));
  await show({ a: 1 });
  assert.deepEqual(
    pub.raws.map(([type]) => type),
    ["image/png", "text/html"],
  );
  assert.ok(pub.raws[0][1] instanceof Uint8Array, "the PNG goes to display.raw as bytes");
});
