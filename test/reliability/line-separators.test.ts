/**
 * Line separators (U+2028, U+2029) in user-given names — a tier name, a unit, a Guesstimate metric
 * name, a --sweep label, --title/--xlab/--ylab — never reach a Vega expression raw: Vega's
 * expression parser rejects them in a string literal ("Unexpected token ILLEGAL"), which crashed
 * SVG/PNG output and left an HTML page that could not draw. Every format renders, and every
 * expression of the HTML page's spec parses (vega.parse compiles them all).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import * as vega from "vega";
import * as vegaLite from "vega-lite";
import { chp } from "../helpers/cli.js";
import { tmpDir } from "../helpers/tmp.js";
import { pngSignature } from "../plot/png.js";

const ls = "\u2028";
const ps = "\u2029";

function modelFile(): string {
  const file = join(tmpDir(), "ls-model.json");
  const model = {
    name: `Cache${ls}model`,
    unit: `ms${ls}x`,
    base: { name: `cpu${ps}y`, latency: { lognormal: [0.1, 0.5] } },
    tiers: [
      { name: `mem${ls}cached`, hitRate: 0.4, latency: { lognormal: [0.5, 2] } },
      { name: `my${ps}sql`, latency: { lognormal: [10, 60] } },
    ],
  };
  writeFileSync(file, JSON.stringify(model));
  return file;
}

function spaceFile(): string {
  const file = join(tmpDir(), "ls-space.json");
  const space = {
    space: {
      name: `Space${ls}name`,
      graph: {
        metrics: [
          { id: "a1", readableId: "AB", name: `cpu${ls}time`, location: { row: 0, column: 0 } },
          { id: "a2", readableId: "CD", name: `disk${ps}time`, location: { row: 1, column: 0 } },
          { id: "a3", readableId: "EF", name: `total${ls}time`, location: { row: 2, column: 0 } },
        ],
        guesstimates: [
          { metric: "a1", input: "[1, 3]", guesstimateType: "LOGNORMAL" },
          { metric: "a2", input: "[5, 20]", guesstimateType: "LOGNORMAL" },
          { metric: "a3", expression: "=${metric:a1} + ${metric:a2}", guesstimateType: "FUNCTION" },
        ],
      },
    },
  };
  writeFileSync(file, JSON.stringify(space));
  return file;
}

/** Compile the spec embedded in an HTML page and parse it as Vega does in the browser. */
function parseHtmlSpec(html: string): void {
  const m = /<script type="application\/json" id="chp-spec">([\s\S]*?)<\/script>/.exec(html);
  assert.ok(m, "the page embeds its spec");
  const spec = JSON.parse(m[1]);
  const compiled = vegaLite.compile(spec).spec;
  assert.doesNotThrow(() => vega.parse(compiled));
}

async function renderAll(stem: string, ...argv: string[]): Promise<void> {
  const dir = tmpDir();
  for (const ext of ["svg", "png", "html"]) {
    const out = join(dir, `${stem}.${ext}`);
    const r = await chp(...argv, "-o", out);
    assert.equal(r.code, 0, `${ext}: ${r.stderr}`);
    assert.doesNotMatch(r.stderr, /internal error/);
    const bytes = readFileSync(out);
    if (ext === "svg") assert.match(bytes.toString("utf8"), /^<svg/);
    if (ext === "png") assert.deepEqual(Uint8Array.from(bytes.subarray(0, 8)), pngSignature);
    if (ext === "html") parseHtmlSpec(bytes.toString("utf8"));
  }
}

test("line separators: tier names and the unit of a model render to SVG, PNG and a parsable HTML spec", async () => {
  await renderAll("model", "model", modelFile(), "--samples", "2000");
});

test("line separators: a swept tier named with U+2028 labels its scenarios without breaking the plot", async () => {
  await renderAll("sweep", "model", modelFile(), "--samples", "2000", "--sweep", `mem${ls}cached=0.4,0.6`);
});

test("line separators: a Guesstimate metric name renders", async () => {
  await renderAll("space", "model", spaceFile(), "--samples", "2000", "--metric", "EF");
});

test("line separators: --title, --xlab and --ylab of chp plot render", async () => {
  const rows = ["timestamp,throughput,response_ms"];
  for (let i = 0; i < 60; i++) rows.push(`${1714521600 + 60 * i},${100 + i * 3 + (i % 5)},${(10 + i * 0.2 + (i % 7)).toFixed(2)}`);
  const file = join(tmpDir(), "ls-plot.csv");
  writeFileSync(file, rows.join("\n") + "\n");
  await renderAll("plot", "plot", file, "--title", `T${ls}t`, "--xlab", `X${ls}x`, "--ylab", `Y${ps}y`);
});
