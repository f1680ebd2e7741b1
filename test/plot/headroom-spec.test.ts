import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { describe, test } from "node:test";
import { UsageError } from "../../src/errors.js";
import type { HeadroomAnalysis } from "../../src/headroom/types.js";
import {
  brushParam,
  datasetNames,
  defaultPlotOptions,
  headroomSpec,
  plotColors,
  type BarDatum,
  type PointDatum,
  type StepDatum,
} from "../../src/plot/index.js";
import { fitLegend, fitOmittedNote, maxLegend, sampleNote, splitsLegendTitle } from "../../src/plot/messages.js";
import { makeAnalysis } from "./fixture.js";
import { validateJsonSchema } from "./json-schema.js";

/* The spec is plain JSON; tests read it through this loose view. */
// biome-ignore lint/suspicious/noExplicitAny: the spec is walked as untyped JSON
type Json = any;

function views(spec: Json): Record<string, Json> {
  return Object.fromEntries((spec.concat as Json[]).map((v) => [v.name, v]));
}
function scatterLayer(spec: Json, data: string): Json {
  return views(spec).scatter.layer.find((l: Json) => l.data.name === data);
}
function domainEnd(breaks: number[], values: Float64Array): number {
  return values.reduce((m, v) => (v > m ? v : m), breaks[breaks.length - 1]);
}

const basic = makeAnalysis({ n: 1000, seed: 1 });

describe("headroomSpec: layout (four panels, Cockcroft's chp)", () => {
  const spec: Json = headroomSpec(basic, { xUnit: "req/s", yUnit: "ms" });
  const v = views(spec);

  test("a 2 x 2 grid: throughput histogram, time panel, scatter, response histogram", () => {
    assert.equal(spec.columns, 2);
    assert.deepEqual(
      spec.concat.map((c: Json) => c.name),
      ["throughputHistogram", "throughputOverTime", "scatter", "responseHistogram"],
    );
    assert.equal(spec.align, "each");
  });

  test("the top histogram is as wide as the scatter, the side histogram as tall", () => {
    assert.equal(v.throughputHistogram.width, v.scatter.width);
    assert.equal(v.responseHistogram.height, v.scatter.height);
    assert.equal(v.throughputOverTime.width, v.responseHistogram.width);
    assert.equal(v.throughputOverTime.height, v.throughputHistogram.height);
  });

  test("shared explicit domains from zero, nice off: throughput [0, max(last break, max x)], response likewise", () => {
    const xDomain = [0, domainEnd(basic.throughputHist.breaks, basic.x)];
    const yDomain = [0, domainEnd(basic.responseHist.breaks, basic.y)];
    const points = scatterLayer(spec, datasetNames.points);
    for (const scale of [points.encoding.x.scale, v.throughputHistogram.encoding.x.scale, v.throughputOverTime.encoding.y.scale]) {
      assert.deepEqual(scale, { domain: xDomain, nice: false, zero: true });
    }
    for (const scale of [points.encoding.y.scale, v.responseHistogram.encoding.y.scale]) {
      assert.deepEqual(scale, { domain: yDomain, nice: false, zero: true });
    }
    // Overlays use the same scales.
    for (const layer of v.scatter.layer) {
      assert.deepEqual(layer.encoding.x.scale.domain, xDomain);
      assert.deepEqual(layer.encoding.y.scale.domain, yDomain);
    }
  });

  test("the top histogram's ticks match the scatter's x ticks (same count, same domain)", () => {
    const points = scatterLayer(spec, datasetNames.points);
    assert.equal(v.throughputHistogram.encoding.x.axis.tickCount, points.encoding.x.axis.tickCount);
    assert.equal(v.responseHistogram.encoding.y.axis.tickCount, points.encoding.y.axis.tickCount);
  });

  test("axis titles carry the units", () => {
    const points = scatterLayer(spec, datasetNames.points);
    assert.equal(points.encoding.x.axis.title, "Throughput (req/s)");
    assert.equal(points.encoding.y.axis.title, "Response (ms)");
    assert.equal(spec.title.text, defaultPlotOptions.title);
  });

  test("text is set in DejaVu Sans, the font the PNG renderer loads", () => {
    assert.equal(spec.config.font, "DejaVu Sans");
  });

  test("the figure defaults to 720 x 600", () => {
    assert.equal(defaultPlotOptions.width, 720);
    assert.equal(defaultPlotOptions.height, 600);
  });
});

describe("headroomSpec: data drawn", () => {
  test("histogram bars span exactly (breaks[i], breaks[i+1]] with counts[i]", () => {
    const spec: Json = headroomSpec(basic);
    const check = (bars: BarDatum[], h: HeadroomAnalysis["throughputHist"]) => {
      assert.equal(bars.length, h.counts.length);
      bars.forEach((b, i) => assert.deepEqual(b, { lo: h.breaks[i], hi: h.breaks[i + 1], n: h.counts[i] }));
    };
    check(spec.datasets[datasetNames.throughputHist], basic.throughputHist);
    check(spec.datasets[datasetNames.responseHist], basic.responseHist);
    const v = views(spec);
    assert.deepEqual([v.throughputHistogram.encoding.x.field, v.throughputHistogram.encoding.x2.field], ["lo", "hi"]);
    assert.deepEqual([v.responseHistogram.encoding.y.field, v.responseHistogram.encoding.y2.field], ["lo", "hi"]);
  });

  test("the max staircase steps at each bin's break with maxCurve's value; empty bins leave a gap", () => {
    const gap = makeAnalysis({ n: 800, seed: 3, gap: [380, 520] });
    assert.ok(
      gap.maxCurve.some((m) => m === null),
      "fixture has an empty bin",
    );
    const spec: Json = headroomSpec(gap);
    const steps: StepDatum[] = spec.datasets[datasetNames.max];
    const { breaks } = gap.throughputHist;
    gap.maxCurve.forEach((m, i) => {
      const start = steps.find((s) => s.bin === i && s.x === breaks[i]);
      if (m === null) assert.equal(start, undefined, `empty bin ${i} draws nothing`);
      else assert.equal(start?.y, m, `bin ${i}`);
    });
    // Each run is closed at the right edge of its last bin with that bin's value.
    const runs = new Set(steps.map((s) => s.run));
    assert.ok(runs.size >= 2, "the gap splits the staircase into runs");
    for (const run of runs) {
      const pts = steps.filter((s) => s.run === run);
      const last = pts[pts.length - 1];
      assert.equal(last.x, breaks[last.bin + 1]);
      assert.equal(last.y, gap.maxCurve[last.bin]);
    }
    const layer = scatterLayer(spec, datasetNames.max);
    assert.equal(layer.mark.interpolate, "step-after");
    assert.equal(layer.encoding.detail.field, "run");
    assert.deepEqual(layer.encoding.stroke.scale.range, [plotColors.max, plotColors.fit]);
  });

  test("the fitted curve is mu(x) = 1/sqrt(a + b x) sampled over [0, xMax], inside the plot", () => {
    const spec: Json = headroomSpec(basic);
    const curve: { x: number; y: number; series: string }[] = spec.datasets[datasetNames.fit];
    const { intercept, slope } = basic.fit as { intercept: number; slope: number };
    const xMax = domainEnd(basic.throughputHist.breaks, basic.x);
    const yMax = domainEnd(basic.responseHist.breaks, basic.y);
    assert.ok(curve.length > 100);
    for (let i = 0; i < curve.length; i++) {
      const { x, y } = curve[i];
      assert.ok(x >= 0 && x <= xMax);
      assert.ok(y <= yMax * (1 + 1e-12));
      assert.ok(Math.abs(y - 1 / Math.sqrt(intercept + slope * x)) <= 1e-9 * y);
      if (i > 0) assert.ok(x > curve[i - 1].x, "sorted by x");
    }
    assert.equal(curve[0].x, 0);
    // This fixture's curve bends up through the top edge before xMax: the crossing is included.
    assert.ok(Math.abs(curve[curve.length - 1].y - yMax) < 1e-9 * yMax);
    assert.equal(curve[0].series, fitLegend());
    assert.equal(scatterLayer(spec, datasetNames.fit).mark.type, "line");
  });

  test("no fitted curve when fit.ok is false, and the subtitle says why", () => {
    const failed = makeAnalysis({ n: 600, seed: 4, fitFails: true });
    const spec: Json = headroomSpec(failed);
    assert.equal(spec.datasets[datasetNames.fit], undefined);
    assert.equal(scatterLayer(spec, datasetNames.fit), undefined);
    assert.ok(spec.title.subtitle.includes(fitOmittedNote("the fit did not converge")));
    assert.deepEqual(scatterLayer(spec, datasetNames.max).encoding.stroke.scale.domain, [maxLegend]);
  });

  test("showMax / showFit false leave the overlays out", () => {
    const spec: Json = headroomSpec(basic, { showMax: false, showFit: false });
    assert.equal(views(spec).scatter.layer.length, 1);
    assert.equal(spec.datasets[datasetNames.max], undefined);
    assert.equal(spec.datasets[datasetNames.fit], undefined);
  });

  test("scatter points are the kept rows (throughput, response, time in ms, 1-based row)", () => {
    const spec: Json = headroomSpec(basic);
    const points: PointDatum[] = spec.datasets[datasetNames.points];
    assert.equal(points.length, basic.kept);
    points.forEach((p, i) => {
      assert.equal(p.x, basic.x[i]);
      assert.equal(p.y, basic.y[i]);
      assert.equal(p.t, (basic.t as Float64Array)[i] * 1000);
      assert.equal(p.r, basic.row[i] + 1);
    });
    assert.equal(views(spec).throughputOverTime.encoding.x.type, "temporal");
    assert.equal(views(spec).throughputOverTime.encoding.x.scale.type, "utc");
  });

  test("without a time column the time panel uses the row number", () => {
    const a = makeAnalysis({ n: 300, withTime: false });
    const spec: Json = headroomSpec(a);
    assert.equal(views(spec).throughputOverTime.encoding.x.type, "quantitative");
    assert.deepEqual(
      spec.datasets[datasetNames.points].slice(0, 3).map((p: PointDatum) => p.t),
      Array.from(a.row.slice(0, 3), (r) => r + 1),
    );
  });
});

describe("headroomSpec: splits", () => {
  test("splits = N colours N equal-count time segments in the time panel and the scatter, with a legend", () => {
    const a = makeAnalysis({ n: 2000, seed: 2 });
    const spec: Json = headroomSpec(a, { splits: 4 });
    const points: PointDatum[] = spec.datasets[datasetNames.points];
    const labels = [...new Set(points.map((p) => p.s))];
    assert.equal(labels.length, 4);
    // Segment k holds rows floor(k n / 4) .. floor((k+1) n / 4) - 1.
    const n = a.kept;
    for (let k = 0; k < 4; k++) {
      const lo = Math.floor((k * n) / 4);
      const hi = Math.floor(((k + 1) * n) / 4) - 1;
      assert.equal(points[lo].s, labels[k]);
      assert.equal(points[hi].s, labels[k]);
      assert.match(labels[k] as string, new RegExp(`^${k + 1}: `));
    }
    const v = views(spec);
    const color = scatterLayer(spec, datasetNames.points).encoding.color;
    assert.equal(color.field, "s");
    assert.deepEqual(color.scale.domain, labels);
    assert.equal(color.legend.title, splitsLegendTitle);
    assert.equal(v.throughputOverTime.encoding.color.field, "s");
    assert.deepEqual(v.throughputOverTime.encoding.color.scale, color.scale);
    // The split palette leaves out the overlay colours.
    assert.ok(!color.scale.range.includes(plotColors.max) && !color.scale.range.includes(plotColors.fit));
  });

  test("splits = 0 has no colour field and no legend", () => {
    const spec: Json = headroomSpec(basic);
    const color = scatterLayer(spec, datasetNames.points).encoding.color;
    assert.deepEqual(color, { value: plotColors.point });
    assert.equal(views(spec).throughputOverTime.encoding.color, undefined);
    assert.ok(spec.datasets[datasetNames.points].every((p: PointDatum) => p.s === undefined));
  });
});

describe("headroomSpec: interactive", () => {
  test("an x interval brush on the time panel colours the brushed points, greys the rest", () => {
    const spec: Json = headroomSpec(basic, { interactive: true, splits: 2 });
    const v = views(spec);
    assert.deepEqual(v.throughputOverTime.params, [{ name: brushParam, select: { type: "interval", encodings: ["x"] } }]);
    const enc = scatterLayer(spec, datasetNames.points).encoding;
    assert.equal(enc.color.condition.param, brushParam);
    assert.equal(enc.color.condition.field, "s");
    assert.equal(enc.color.value, plotColors.unselected);
    assert.deepEqual(
      enc.tooltip.map((t: Json) => t.field),
      ["x", "y", "t", "r"],
    );
  });

  test("not interactive: no params, no tooltips", () => {
    const spec: Json = headroomSpec(basic);
    assert.equal(views(spec).throughputOverTime.params, undefined);
    assert.equal(scatterLayer(spec, datasetNames.points).encoding.tooltip, undefined);
  });
});

describe("headroomSpec: large inputs keep density visible", () => {
  test("1,000,000 rows: at most maxPoints points drawn, smaller and fainter; histograms still from the analysis", () => {
    const big = makeAnalysis({ n: 1_000_000, seed: 6 });
    const spec: Json = headroomSpec(big);
    const points: PointDatum[] = spec.datasets[datasetNames.points];
    assert.ok(points.length <= defaultPlotOptions.maxPoints && points.length > defaultPlotOptions.maxPoints / 2);
    assert.ok(spec.title.subtitle.includes(sampleNote(points.length, big.kept)));
    const mark = scatterLayer(spec, datasetNames.points).mark;
    assert.ok(mark.size < 16 && mark.opacity < 0.5);
    assert.deepEqual(
      spec.datasets[datasetNames.throughputHist].map((b: BarDatum) => b.n),
      big.throughputHist.counts,
    );
    // The extreme points are kept (the sample keeps every occupied cell of the plot).
    const maxY = big.y.reduce((m, v) => (v > m ? v : m), 0);
    assert.ok(points.some((p) => p.y >= maxY * 0.98));
    assert.ok(spec.datasets[datasetNames.time].length <= 4 * views(spec).throughputOverTime.width);
    assert.ok(JSON.stringify(spec).length < 2_000_000);
  });
});

describe("headroomSpec: purity and edge cases", () => {
  test("does not mutate the analysis and is deterministic", () => {
    const a = makeAnalysis({ n: 500, seed: 9 });
    const before = structuredClone(a);
    Object.freeze(a.throughputHist.breaks);
    Object.freeze(a.maxCurve);
    Object.freeze(a);
    const one = JSON.stringify(headroomSpec(a, { splits: 3, interactive: true }));
    const two = JSON.stringify(headroomSpec(a, { splits: 3, interactive: true }));
    assert.equal(one, two);
    assert.deepEqual(a, before);
  });

  test("an analysis with no kept rows still gives a drawable spec", () => {
    const empty: HeadroomAnalysis = {
      rows: 0,
      kept: 0,
      usable: 0,
      throughputPeak: -Infinity,
      options: { q: 0.95, qx: false, fit: true },
      x: new Float64Array(0),
      y: new Float64Array(0),
      t: null,
      row: new Int32Array(0),
      responseCutoff: null,
      throughputCutoff: null,
      throughputHist: { breaks: [], counts: [], mids: [], density: [] },
      responseHist: { breaks: [], counts: [], mids: [], density: [] },
      maxCurve: [],
      fit: { ok: false, reason: "no data", intercept: null, slope: null, converged: false, iterations: 0, deviance: null },
    };
    const spec: Json = headroomSpec(empty, { splits: 3 });
    assert.deepEqual(scatterLayer(spec, datasetNames.points).encoding.x.scale.domain, [0, 1]);
    assert.deepEqual(spec.datasets[datasetNames.points], []);
  });

  test("options out of range throw UsageError", () => {
    assert.throws(() => headroomSpec(basic, { splits: -1 }), UsageError);
    assert.throws(() => headroomSpec(basic, { splits: 1.5 }), UsageError);
    assert.throws(() => headroomSpec(basic, { width: Number.NaN }), UsageError);
    assert.throws(() => headroomSpec(basic, { maxPoints: 0 }), UsageError);
    // undefined means "default"
    assert.doesNotThrow(() => headroomSpec(basic, { width: undefined }));
  });
});

describe("headroomSpec: valid Vega-Lite (vega-lite/build/vega-lite-schema.json, draft-07)", () => {
  const require = createRequire(import.meta.url);
  const schema = JSON.parse(readFileSync(require.resolve("vega-lite/vega-lite-schema.json"), "utf8"));
  const cases: [string, HeadroomAnalysis, Parameters<typeof headroomSpec>[1]][] = [
    ["defaults", makeAnalysis({ n: 400 }), {}],
    ["interactive with splits", makeAnalysis({ n: 400 }), { interactive: true, splits: 5, xUnit: "req/s", yUnit: "ms" }],
    ["no time, gap, failed fit", makeAnalysis({ n: 400, withTime: false, gap: [380, 520], fitFails: true }), { interactive: true }],
    ["dense", makeAnalysis({ n: 20_000 }), { maxPoints: 2_000 }],
    [
      "annotated: SLA, limit curve, a limit beyond the axis (marker) and its band",
      makeAnalysis({ n: 400 }),
      {
        interactive: true,
        annotations: {
          sla: 50,
          maxUseful: 5_000,
          maxUsefulInterval: [900, 6_000],
          note: "pattern: well-behaved",
          limitCurve: { label: "M/M/c queue fitted (4 servers): its limit is the max useful throughput", limit: 5_000, response: (x) => 10 / (1 - x / 5_000) },
        },
      },
    ],
    [
      "annotated: SLA and a limit inside the axis, their labels over halos",
      makeAnalysis({ n: 400 }),
      { annotations: { sla: 50, maxUseful: 600, maxUsefulInterval: [550, 650], note: null } },
    ],
    [
      "annotated: an SLA above the response axis and a limit beyond the throughput axis (two edge markers)",
      makeAnalysis({ n: 400 }),
      { annotations: { sla: 1e6, maxUseful: 1e6, maxUsefulInterval: null, note: null } },
    ],
  ];
  for (const [name, analysis, options] of cases) {
    test(name, () => {
      const spec = JSON.parse(JSON.stringify(headroomSpec(analysis, options)));
      assert.deepEqual(validateJsonSchema(schema, spec), []);
    });
  }

  test("the validator rejects a broken spec", () => {
    const spec: Json = JSON.parse(JSON.stringify(headroomSpec(makeAnalysis({ n: 100 }))));
    spec.concat[0].mark.type = "rectangle";
    assert.notDeepEqual(validateJsonSchema(schema, spec), []);
  });
});
