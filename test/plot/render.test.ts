import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { Resvg } from "@resvg/resvg-js";
import * as vega from "vega";
import { headroomSpec, renderHtml, renderPng, renderSvg, specJson, svgToPng, fontFiles, runtimeFiles } from "../../src/plot/index.js";
import { dejaVuTextWidth } from "../../src/plot/render.js";
import { loadFontMetrics } from "../../src/plot/font-metrics.js";
import { makeAnalysis } from "./fixture.js";
import { decodePng, pngSignature, pngSize } from "./png.js";

const analysis = makeAnalysis({ n: 1000, seed: 1 });
const spec = headroomSpec(analysis, { xUnit: "req/s", yUnit: "ms", splits: 3 });

function svgSize(svg: string): { width: number; height: number } {
  const m = /<svg[^>]*\swidth="([\d.]+)"[^>]*\sheight="([\d.]+)"/.exec(svg);
  assert.ok(m, "svg has width and height");
  return { width: Number(m[1]), height: Number(m[2]) };
}

describe("renderSvg", () => {
  test("draws the title, axis titles and panel titles as text", async () => {
    const svg = await renderSvg(spec);
    assert.ok(svg.startsWith("<svg"));
    for (const text of ["Headroom Plot", "Throughput (req/s)", "Response (ms)", "Count", "Throughput over time", "Time segment"]) {
      assert.ok(svg.includes(`>${text}</text>`), `missing text ${text}`);
    }
    assert.ok(svg.includes('font-family="DejaVu Sans"'));
  });

  test("the figure is the requested size (text measured in DejaVu Sans), within a few pixels", async () => {
    for (const [width, height] of [
      [720, 600],
      [1000, 800],
    ]) {
      const size = svgSize(await renderSvg(headroomSpec(analysis, { width, height, xUnit: "req/s", yUnit: "ms" })));
      assert.ok(Math.abs(size.width - width) <= 8, `width ${size.width} for ${width}`);
      assert.ok(Math.abs(size.height - height) <= 8, `height ${size.height} for ${height}`);
    }
  });

  test("puts Vega's text measurer back after rendering", async () => {
    const metrics = (vega as unknown as { textMetrics: { width: unknown } }).textMetrics;
    const before = metrics.width;
    await Promise.all([renderSvg(spec), renderSvg(spec)]);
    assert.equal(metrics.width, before);
  });
});

describe("renderPng (resvg, fonts from dejavu-fonts-ttf)", () => {
  test("PNG signature, the SVG's size times scale, byte-identical twice", async () => {
    const svg = await renderSvg(spec);
    const size = svgSize(svg);
    const one = await renderPng(spec);
    const two = await renderPng(spec);
    assert.deepEqual(one.subarray(0, 8), pngSignature);
    assert.deepEqual(pngSize(one), { width: Math.round(size.width), height: Math.round(size.height) });
    assert.ok(Buffer.from(one).equals(Buffer.from(two)), "two renders are byte-identical");
    const double = await renderPng(spec, { scale: 2 });
    assert.deepEqual(pngSize(double), { width: Math.round(size.width * 2), height: Math.round(size.height * 2) });
  });

  test("text is drawn (the font loads): the title area has dark pixels", async () => {
    const png = decodePng(await renderPng(spec));
    // The title "Headroom Plot" sits in the top-left corner (padding 10, 17px bold).
    let dark = 0;
    for (let y = 8; y < 34; y++) {
      for (let x = 8; x < 160; x++) {
        const i = 4 * (y * png.width + x);
        if (png.rgba[i] < 80 && png.rgba[i + 1] < 80 && png.rgba[i + 2] < 80) dark++;
      }
    }
    assert.ok(dark > 200, `dark title pixels: ${dark}`);
  });

  test("a bad scale is refused", () => {
    assert.throws(() => svgToPng("<svg xmlns='http://www.w3.org/2000/svg' width='10' height='10'/>", { scale: 0 }), RangeError);
  });
});

describe("DejaVu Sans text widths (font-metrics.ts) agree with resvg's drawing", () => {
  const [regularPath] = fontFiles();
  const regular = loadFontMetrics(regularPath);
  for (const text of ["Throughput (req/s)", "Headroom Plot 1,000", "μ = 1/√(a + b·x) – Nov 15"]) {
    test(JSON.stringify(text), () => {
      const size = 100;
      // Text drawn between two 1-px markers at x = 0 and x = predicted width: the ink bbox must fit inside.
      const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="4000" height="200"><text x="0" y="150" font-family="DejaVu Sans" font-size="${size}">${text.replace(/&/g, "&amp;").replace(/</g, "&lt;")}</text></svg>`;
      const bbox = new Resvg(svg, { font: { loadSystemFonts: false, fontFiles: fontFiles(), defaultFontFamily: "DejaVu Sans" } }).getBBox();
      assert.ok(bbox);
      const predicted = regular.widthEm(text) * size;
      // Ink width is the advance width minus side bearings (and kerning): within 4 %.
      assert.ok(Math.abs(bbox.x + bbox.width - predicted) / predicted < 0.04, `ink ${bbox.x + bbox.width}, advance ${predicted}`);
    });
  }

  test("Vega's rules: default size 11, trimming, limit truncation with an ellipsis", () => {
    assert.equal(dejaVuTextWidth({}, "  ab "), regular.widthEm("ab") * 11);
    const long = "a very long legend label that will not fit";
    const w = dejaVuTextWidth({ fontSize: 10, limit: 100 }, long);
    assert.ok(w <= 100 && w > 80, `truncated width ${w}`);
    assert.ok(dejaVuTextWidth({ fontSize: 10, fontWeight: "bold" }, "Plot") > dejaVuTextWidth({ fontSize: 10 }, "Plot"));
  });
});

describe("specJson and renderHtml", () => {
  test("specJson is the spec as JSON", () => {
    const json = specJson(spec);
    assert.deepEqual(JSON.parse(json), JSON.parse(JSON.stringify(spec)));
    assert.ok(json.endsWith("\n"));
  });

  test("one self-contained page: vega and vega-lite inlined, no external scripts or links", async () => {
    const html = await renderHtml(headroomSpec(analysis, { interactive: true }));
    assert.ok(html.startsWith("<!DOCTYPE html>"));
    assert.ok(!/<script[^>]+src=/i.test(html), "no script src");
    assert.ok(!/<link\b/i.test(html), "no link elements");
    assert.ok(
      !/https?:\/\/(?!vega\.github\.io\/schema|www\.w3\.org)/.test(html.replace(/<script>[\s\S]*?<\/script>/g, "")),
      "no URLs outside the inlined code",
    );
    assert.ok(html.includes("vegaLite") && html.length > 700_000, "runtime inlined");
    assert.ok(runtimeFiles().vega.endsWith("vega.min.js"));
  });

  test("a hostile title is escaped in <title>, in the embedded spec and cannot close the script", async () => {
    const hostile = "</script><script>alert(1)</script>";
    const html = await renderHtml(headroomSpec(analysis, { title: hostile, interactive: true }));
    assert.equal(html.split(hostile).length, 1, "the raw title never appears");
    assert.ok(html.includes("<title>&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;</title>"));
    const m = /<script type="application\/json" id="chp-spec">([\s\S]*?)<\/script>/.exec(html);
    assert.ok(m);
    assert.ok(!m[1].includes("<"));
    assert.equal(JSON.parse(m[1]).title.text, hostile);
    // Exactly the expected script elements: spec, vega, vega-lite, page script.
    assert.equal(html.match(/<script\b/g)?.length, 4);
    assert.equal(html.match(/<\/script>/g)?.length, 4);
  });

  test("the title option overrides the spec's title", async () => {
    const html = await renderHtml(spec, { title: "web-steady.csv" });
    assert.ok(html.includes("<title>web-steady.csv</title>"));
  });
});

describe("large inputs: render time (reported, not asserted)", () => {
  for (const n of [1_000, 100_000, 1_000_000]) {
    test(`${n.toLocaleString("en-US")} rows`, async (t) => {
      const a = makeAnalysis({ n, seed: 11 });
      const t0 = performance.now();
      const s = headroomSpec(a, { splits: 3 });
      const t1 = performance.now();
      const svg = await renderSvg(s);
      const t2 = performance.now();
      const png = svgToPng(svg);
      const t3 = performance.now();
      assert.deepEqual(png.subarray(0, 8), pngSignature);
      assert.ok(svg.length < 5_000_000, `SVG ${svg.length} bytes`);
      t.diagnostic(
        `n=${n}: spec ${(t1 - t0).toFixed(0)} ms, SVG ${(t2 - t1).toFixed(0)} ms (${(svg.length / 1024).toFixed(0)} KiB), PNG ${(t3 - t2).toFixed(0)} ms (${(png.length / 1024).toFixed(0)} KiB)`,
      );
    });
  }
});
