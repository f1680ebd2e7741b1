/**
 * Annotation labels of the headroom plot stay readable whatever lies under them: each sits where
 * it covers the fewest scatter points and lines (label-placement.ts), over a white halo.
 * The spec-level tests re-derive every label's box from the spec itself (the scatter's size and
 * domains, the text mark's anchor, alignment and offsets) and count what it covers.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { beyondAxisName, datasetNames, haloWidth, slaAboveAxisName } from "../../src/plot/headroom-spec.js";
import { coverage, estimatedTextWidth, leastCovered, segmentCrossesBox, type Obstacles, type PixelBox } from "../../src/plot/label-placement.js";
import { runSpec } from "../../src/plot/report-plot.js";
import { headroomRun } from "../../src/report/headroom-report.js";

const none: Obstacles = { points: [], pointRadius: 0, lines: [], boxes: [] };

test("segmentCrossesBox: through, inside, touching and missing segments (Liang-Barsky)", () => {
  const box = { x0: 10, y0: 10, x1: 20, y1: 20 };
  assert.equal(segmentCrossesBox({ x: 0, y: 15 }, { x: 30, y: 15 }, box), true); // straight through
  assert.equal(segmentCrossesBox({ x: 12, y: 12 }, { x: 13, y: 13 }, box), true); // wholly inside
  assert.equal(segmentCrossesBox({ x: 0, y: 0 }, { x: 30, y: 30 }, box), true); // diagonal through
  assert.equal(segmentCrossesBox({ x: 0, y: 20 }, { x: 30, y: 20 }, box), true); // along an edge
  assert.equal(segmentCrossesBox({ x: 0, y: 21 }, { x: 30, y: 21 }, box), false); // just below
  assert.equal(segmentCrossesBox({ x: 0, y: 0 }, { x: 9, y: 30 }, box), false); // passes to the left
  assert.equal(segmentCrossesBox({ x: 25, y: 0 }, { x: 25, y: 0 }, box), false); // a point outside
});

test("coverage counts points (with their radius), crossing segments and overlapped labels", () => {
  const box = { x0: 0, y0: 0, x1: 10, y1: 10 };
  assert.equal(coverage(box, none), 0);
  const obstacles: Obstacles = {
    points: [
      { x: 5, y: 5 },
      { x: 12, y: 5 },
      { x: 30, y: 30 },
    ],
    pointRadius: 2,
    lines: [
      [
        { x: -5, y: 2 },
        { x: 15, y: 2 },
        { x: 15, y: 40 },
      ],
    ],
    boxes: [{ x0: 9, y0: 9, x1: 12, y1: 12 }],
  };
  // Two points (the second reaches the box with its radius), one crossing segment, one label.
  assert.equal(coverage(box, obstacles), 2 + 4 + 100);
});

test("leastCovered takes the clearest candidate, the first of equals, and null for none", () => {
  const top = { box: { x0: 0, y0: 0, x1: 50, y1: 12 }, at: "top" };
  const bottom = { box: { x0: 0, y0: 88, x1: 50, y1: 100 }, at: "bottom" };
  const line: Obstacles = {
    ...none,
    lines: [
      [
        { x: 0, y: 5 },
        { x: 100, y: 5 },
      ],
    ],
  };
  assert.equal(leastCovered([top, bottom], line)?.at, "bottom");
  assert.equal(leastCovered([top, bottom], none)?.at, "top");
  assert.equal(leastCovered([], none), null);
});

type Layer = { name?: string; mark: Record<string, unknown>; data?: { name?: string; values?: Record<string, unknown>[] }; encoding?: Record<string, unknown> };

/** The scatter view's layers, size and domains. */
function scatterOf(spec: unknown) {
  const view = (spec as { concat: { name?: string; width: number; height: number; layer?: Layer[] }[] }).concat.find((v) => v.name === "scatter")!;
  const layers = view.layer!;
  const points = layers.find((l) => l.data?.name === datasetNames.points)!;
  const enc = points.encoding as { x: { scale: { domain: number[] } }; y: { scale: { domain: number[] } } };
  return { w: view.width, h: view.height, layers, xd: enc.x.scale.domain, yd: enc.y.scale.domain };
}

/** Every annotation text's box in pixels, from its mark's anchor, alignment, baseline and offsets. */
function labelBoxes(spec: unknown): { label: string; box: PixelBox; layer: Layer; index: number }[] {
  const { w, h, layers, xd, yd } = scatterOf(spec);
  const px = (x: number) => ((x - xd[0]) / (xd[1] - xd[0])) * w;
  const py = (y: number) => h - ((y - yd[0]) / (yd[1] - yd[0])) * h;
  const out: { label: string; box: PixelBox; layer: Layer; index: number }[] = [];
  layers.forEach((l, index) => {
    if (l.mark.type !== "text" || l.mark.stroke === "white") return;
    const d = l.data!.values![0] as { label: string; x?: number; y?: number };
    const m = l.mark as {
      x?: number | string;
      y?: number | string;
      dx?: number;
      dy?: number;
      align: string;
      baseline: string;
      fontSize: number;
      fontWeight?: string;
    };
    const anchorX = d.x !== undefined ? px(d.x) : m.x === "width" ? w : Number(m.x);
    const anchorY = d.y !== undefined ? py(d.y) : m.y === "height" ? h : Number(m.y);
    const x = anchorX + (m.dx ?? 0);
    const y = anchorY + (m.dy ?? 0);
    const tw = estimatedTextWidth(d.label, m.fontSize, m.fontWeight === "bold");
    const th = m.fontSize * 1.2;
    const x0 = m.align === "right" ? x - tw : m.align === "center" ? x - tw / 2 : x;
    const y0 = m.baseline === "bottom" ? y - th : m.baseline === "middle" ? y - th / 2 : y;
    out.push({ label: d.label, box: { x0, y0, x1: x0 + tw, y1: y0 + th }, layer: l, index });
  });
  return out;
}

/** What the scatter draws, in pixels: its points and the staircase's step-after polylines. */
function drawn(spec: unknown): Obstacles {
  const { w, h, xd, yd } = scatterOf(spec);
  const datasets = (spec as { datasets: Record<string, { x: number; y: number; run?: number }[]> }).datasets;
  const px = (x: number) => ((x - xd[0]) / (xd[1] - xd[0])) * w;
  const py = (y: number) => h - ((y - yd[0]) / (yd[1] - yd[0])) * h;
  const lines: { x: number; y: number }[][] = [];
  let run: number | undefined;
  for (const d of datasets[datasetNames.max] ?? []) {
    if (d.run !== run) lines.push([{ x: px(d.x), y: py(d.y) }]);
    else {
      const line = lines[lines.length - 1];
      line.push({ x: px(d.x), y: line[line.length - 1].y }, { x: px(d.x), y: py(d.y) });
    }
    run = d.run;
  }
  return { points: datasets[datasetNames.points].map((p) => ({ x: px(p.x), y: py(p.y) })), pointRadius: 2, lines, boxes: [] };
}

const cases: [string, { sla?: number }][] = [
  ["data/patterns/looping-autoscaled.csv", {}],
  ["data/patterns/lock-contention.csv", {}],
  ["data/patterns/well-behaved.csv", {}],
  ["data/web-steady.csv", { sla: 30 }],
  ["data/web-steady.csv", {}],
  ["data/lock-contention.csv", { sla: 30 }],
  ["data/lab/looping-autoscaled.csv", { sla: 100 }],
  // The SLA above the response axis and the limit beyond the throughput axis: two edge markers.
  ["data/lab/lock-contention.csv", { sla: 100 }],
];

for (const [file, options] of cases) {
  test(`every limit and SLA label covers no point or staircase step, over a white halo: ${file}${options.sla ? ` --sla ${options.sla}` : ""}`, async () => {
    const spec = runSpec(await headroomRun(file, options));
    const labels = labelBoxes(spec);
    assert.ok(labels.length >= (options.sla ? 2 : 1), JSON.stringify(labels.map((l) => l.label)));
    const { w, h, layers } = scatterOf(spec);
    const under = drawn(spec);
    for (const { label, box, layer, index } of labels) {
      assert.ok(box.x0 >= 0 && box.x1 <= w && box.y0 >= 0 && box.y1 <= h, `${label}: ${JSON.stringify(box)} outside ${w} x ${h}`);
      // An SLA above the axis has only the top edge to point up from: the clearer corner, over its halo.
      if (layer.name !== slaAboveAxisName) assert.equal(coverage(box, under), 0, `${label} at ${JSON.stringify(box)} covers what the scatter draws`);
      // The layer just before it is its halo: the same text and place, white, stroked.
      const halo = layers[index - 1];
      assert.deepEqual(halo.data, layer.data);
      assert.deepEqual(halo.mark, { ...layer.mark, color: "white", stroke: "white", strokeWidth: haloWidth, strokeJoin: "round" });
    }
    // The labels do not overlap one another.
    for (let i = 0; i < labels.length; i++)
      for (let j = i + 1; j < labels.length; j++)
        assert.equal(coverage(labels[i].box, { ...none, boxes: [labels[j].box] }), 0, `${labels[i].label} overlaps ${labels[j].label}`);
  });
}

test("the looping-autoscaled marker leaves the top edge, where the staircase's last steps run, for a clear place", async () => {
  const spec = runSpec(await headroomRun("data/patterns/looping-autoscaled.csv"));
  const marker = labelBoxes(spec).find((l) => l.layer.name === beyondAxisName)!;
  assert.equal(marker.label, "max useful 1,580 →");
  // At the top right it would cross the staircase (its steps at 600 to 740 reach 31 to 38 ms).
  const top: PixelBox = { ...marker.box, y0: 4, y1: 4 + (marker.box.y1 - marker.box.y0) };
  assert.ok(coverage(top, drawn(spec)) > 0);
  assert.ok(marker.box.y0 > top.y1);
});

test("an SLA above the response axis is a labelled marker at its top edge (lab lock-contention, SLA 100 ms over a 35 ms axis)", async () => {
  const spec = runSpec(await headroomRun("data/lab/lock-contention.csv", { sla: 100 }));
  const labels = labelBoxes(spec);
  const marker = labels.find((l) => l.layer.name === slaAboveAxisName);
  assert.ok(marker, JSON.stringify(labels.map((l) => l.label)));
  assert.equal(marker.label, "SLA 100 ms ↑");
  assert.ok(marker.box.y0 < 10, JSON.stringify(marker.box));
  assert.ok(labels.some((l) => l.layer.name === beyondAxisName));
  // It takes the top corner that covers less of the staircase (which runs along the top edge here).
  const { w } = scatterOf(spec);
  const width = marker.box.x1 - marker.box.x0;
  const corners = [4, w - 4 - width].map((x0) => coverage({ ...marker.box, x0, x1: x0 + width }, drawn(spec)));
  assert.equal(coverage(marker.box, drawn(spec)), Math.min(...corners));
});
