/**
 * Re-run every notebook headless and write it back into notebooks/ with its outputs, so GitHub
 * shows the plots and tables: `npm run notebooks:outputs` (or name some: `... 01-headroom-plot`).
 *
 *   build dist/ if stale -> register the tslab kernel -> per notebook: execute into
 *   notebooks/.NAME.tmp.ipynb -> rename over NAME.ipynb (a failed run leaves the file as it was)
 *
 * Outputs are deterministic (no timings recorded, seeded data, fonts shipped by npm), so the
 * diff of a re-run shows only what changed. Exit 1 when a notebook fails, with the cell's error.
 */
import { renameSync, rmSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { ensureBuilt, executeNotebook, jupyterMissing, notebookFiles } from "./notebooks/execute.js";

const missing = jupyterMissing();
if (missing) {
  process.stderr.write(`run-notebooks: ${missing}\n`);
  process.exit(2);
}
const wanted = process.argv.slice(2).map((a) => basename(a).replace(/\.ipynb$/, ""));
const files = notebookFiles().filter((f) => wanted.length === 0 || wanted.includes(basename(f, ".ipynb")));
if (files.length === 0) {
  process.stderr.write(`run-notebooks: no notebook matches ${wanted.join(", ")}\n`);
  process.exit(2);
}
let build;
try {
  build = ensureBuilt();
} catch (e) {
  process.stderr.write(`run-notebooks: ${(e as Error).message}\n`);
  process.exit(1);
}
if (build.built) process.stdout.write(`built dist/ in ${(build.ms / 1000).toFixed(1)} s\n`);
let failed = 0;
for (const file of files) {
  const tmp = join(dirname(file), `.${basename(file, ".ipynb")}.tmp.ipynb`);
  const run = await executeNotebook(file, tmp);
  if (run.ok) {
    renameSync(tmp, file);
    process.stdout.write(`${basename(file)}: ${(run.ms / 1000).toFixed(1)} s, outputs written\n`);
  } else {
    rmSync(tmp, { force: true });
    failed++;
    process.stderr.write(`${run.stderr}\n`);
  }
}
process.exit(failed ? 1 : 0);
