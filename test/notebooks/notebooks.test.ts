/**
 * Every notebook in notebooks/ runs top to bottom headless with the tslab kernel (Debian's
 * Jupyter: nbclient on /usr/bin/python3, see scripts/notebooks/execute.py), and its outputs
 * carry the plots and tables it promises (live Vega-Lite, its PNG drawing in the same output, HTML tables). A failing cell fails the test with the notebook's
 * name, the cell's number and source, and the error tslab printed.
 *
 * Skipped, with the reason, when Jupyter is not installed. The committed notebooks (which carry
 * their outputs, written by `npm run notebooks:outputs`) are checked either way.
 *
 *   node --import tsx --test test/notebooks/notebooks.test.ts
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { test } from "node:test";
import { type Execution, ensureBuilt, executeNotebook, jupyterMissing, notebookFiles } from "../../scripts/notebooks/execute.js";
import { vegaLiteMime } from "../../src/notebook/mime-bundle.js";
import { tmpDir } from "../helpers/tmp.js";

const png = "image/png";
const svg = "image/svg+xml";
const html = "text/html";

/** What each notebook's outputs must contain. A new notebook needs an entry here. */
const promised: Record<string, string[]> = {
  "01-headroom-plot": [vegaLiteMime, png, html],
  "02-response-times": [vegaLiteMime, png, html],
  "03-cache-hit-model": [vegaLiteMime, png, html],
  "04-bottleneck-patterns": [vegaLiteMime, png, html],
};

interface Output {
  output_type: string;
  name?: string;
  text?: string | string[];
  data?: Record<string, unknown>;
}
interface Notebook {
  cells: { cell_type: string; execution_count?: number | null; outputs?: Output[]; source: string | string[] }[];
}

const readNotebook = (path: string): Notebook => JSON.parse(readFileSync(path, "utf8")) as Notebook;
const outputsOf = (nb: Notebook): Output[] => nb.cells.flatMap((c) => c.outputs ?? []);
const text = (t: string | string[] | undefined) => (Array.isArray(t) ? t.join("") : (t ?? ""));

/** The promised MIME types are there, every chart carries its SVG/PNG in the same output, no stderr. */
function checkOutputs(name: string, nb: Notebook): void {
  const outputs = outputsOf(nb);
  const mimes = new Set(outputs.flatMap((o) => Object.keys(o.data ?? {})));
  for (const mime of promised[name]) {
    assert.ok(mimes.has(mime), `${name}: no output of type ${mime} (found ${[...mimes].join(", ") || "none"})`);
  }
  for (const o of outputs) {
    if (o.data && vegaLiteMime in o.data) {
      assert.ok(svg in o.data || "image/png" in o.data, `${name}: a Vega-Lite output without its SVG/PNG fallback in the same output`);
    }
  }
  const errors = outputs.filter((o) => o.output_type === "error" || (o.output_type === "stream" && o.name === "stderr"));
  assert.deepEqual(
    errors.map((o) => text(o.text)),
    [],
    `${name}: outputs on stderr`,
  );
}

test("every notebook declares the outputs it promises", () => {
  const names = notebookFiles().map((f) => basename(f, ".ipynb"));
  assert.deepEqual(names, Object.keys(promised).sort(), "notebooks/ and the promised table of this test differ");
});

for (const file of notebookFiles()) {
  const name = basename(file, ".ipynb");

  test(`${name}: the committed notebook carries its outputs (npm run notebooks:outputs)`, () => {
    const nb = readNotebook(file);
    const code = nb.cells.filter((c) => c.cell_type === "code");
    assert.deepEqual(
      code.map((c) => c.execution_count ?? null),
      code.map((_, i) => i + 1),
      `${name}: not every code cell was run, in order; run npm run notebooks:outputs`,
    );
    checkOutputs(name, nb);
  });
}

test("notebook markdown: no unescaped tilde (classic Notebook reads ~1 ms ... ~6 ms as strikethrough)", () => {
  for (const file of notebookFiles()) {
    const nb = readNotebook(file);
    nb.cells.forEach((c, i) => {
      if (c.cell_type !== "markdown") return;
      // Code spans keep their tildes; outside them a tilde must be written \~.
      const prose = text(c.source).replace(/`[^`]*`/g, "");
      assert.doesNotMatch(prose, /(^|[^\\])~/, `${basename(file)} cell ${i}`);
    });
  }
});

const missing = jupyterMissing();

/**
 * Each notebook's run, all started at the first notebook test, two at a time: each is a kernel of
 * its own, and a kernel spends much of its time starting up and compiling cells, so two overlap
 * on two cores. Each notebook's test waits for its own run (its own time, at most).
 */
let runs: Map<string, Promise<Execution>> | null = null;
/** Where each run writes the executed notebook. */
const outputOf = (name: string, dir: string) => join(dir, `${name}.ipynb`);
let outDir = "";
let built: ReturnType<typeof ensureBuilt> | null = null;
function runOf(file: string): Promise<Execution> {
  if (runs === null) {
    built = ensureBuilt();
    outDir = tmpDir();
    const files = notebookFiles();
    const started = new Map<string, Promise<Execution>>();
    const slots = 2;
    const next = (i: number): Promise<Execution> => {
      // The run of notebook i starts when the one `slots` places before it has ended.
      const before = i >= slots ? started.get(files[i - slots])!.catch(() => undefined) : Promise.resolve();
      return before.then(() => executeNotebook(files[i], outputOf(basename(files[i], ".ipynb"), outDir)));
    };
    files.forEach((f, i) => {
      const run = next(i);
      run.catch(() => undefined); // a failure is reported by the notebook's own test, when it awaits it
      started.set(f, run);
    });
    runs = started;
  }
  const run = runs.get(file);
  if (!run) throw new Error(`${file} is not in notebooks/`);
  return run;
}

for (const file of notebookFiles()) {
  const name = basename(file, ".ipynb");
  test(`${name}: runs headless with the tslab kernel`, { skip: missing ?? false, timeout: 600_000 }, async (t) => {
    const run = await runOf(file);
    if (built?.built) t.diagnostic(`built dist/ in ${(built.ms / 1000).toFixed(1)} s`);
    t.diagnostic(`${name}: ${(run.ms / 1000).toFixed(1)} s`);
    if (!run.ok) assert.fail(`notebook ${name} failed:\n${run.stderr}`);
    checkOutputs(name, readNotebook(outputOf(name, outDir)));
  });
}
