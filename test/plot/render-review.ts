/**
 * Renders the plot fixtures to /tmp/plot-review (or the folder given as argv[2]) for a visual
 * review, and prints render timings. Run: node --import tsx test/plot/render-review.ts
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { headroomSpec, renderHtml, renderPng, renderSvg } from "../../src/plot/index.js";
import type { PlotOptions } from "../../src/plot/index.js";
import { makeAnalysis, type FixtureOptions } from "./fixture.js";

const out = process.argv[2] ?? "/tmp/plot-review";
const only = process.argv[3];
await mkdir(out, { recursive: true });

const cases: [string, Partial<FixtureOptions>, Partial<PlotOptions>][] = [
  ["basic-1k", { n: 1000 }, { xUnit: "req/s", yUnit: "ms" }],
  ["splits-4", { n: 2000, seed: 2 }, { splits: 4, xUnit: "req/s", yUnit: "ms" }],
  ["gap-no-time", { n: 800, seed: 3, withTime: false, gap: [380, 520] }, { xUnit: "req/s", yUnit: "ms" }],
  ["fit-failed", { n: 600, seed: 4, fitFails: true }, {}],
  ["dense-100k", { n: 100_000, seed: 5 }, { xUnit: "req/s", yUnit: "ms" }],
  ["dense-1m", { n: 1_000_000, seed: 6 }, { xUnit: "req/s", yUnit: "ms", splits: 3 }],
];

for (const [name, fx, po] of cases) {
  if (only && !name.includes(only)) continue;
  const t0 = performance.now();
  const analysis = makeAnalysis(fx);
  const t1 = performance.now();
  const spec = headroomSpec(analysis, po);
  const t2 = performance.now();
  const svg = await renderSvg(spec);
  const t3 = performance.now();
  const png = await renderPng(spec, { scale: 2 });
  const t4 = performance.now();
  await writeFile(join(out, `${name}.png`), png);
  await writeFile(join(out, `${name}.svg`), svg);
  await writeFile(join(out, `${name}.html`), await renderHtml(headroomSpec(analysis, { ...po, interactive: true })));
  console.log(
    `${name}: kept ${analysis.kept}; fixture ${(t1 - t0).toFixed(0)} ms, spec ${(t2 - t1).toFixed(0)} ms, ` +
      `svg ${(t3 - t2).toFixed(0)} ms (${(svg.length / 1024).toFixed(0)} KiB), png@2x ${(t4 - t3).toFixed(0)} ms (${(png.length / 1024).toFixed(0)} KiB)`,
  );
}
