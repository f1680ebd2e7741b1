/**
 * `npm run notebooks`: register the project's tslab kernel and start Jupyter on notebooks/.
 *
 * Jupyter is Debian's classic Notebook (apt-get install jupyter-notebook; Debian 12 has no
 * JupyterLab package). Extra arguments go to Jupyter: `npm run notebooks -- --no-browser --ip=0.0.0.0`.
 * The classic Notebook shows the SVG of each chart; JupyterLab (from pip), when it is on PATH, is
 * started instead and also shows the live Vega-Lite chart.
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { delimiter, join } from "node:path";
import { ensureBuilt } from "./execute.js";
import { jupyterEnv, jupyterPath, notebooksDir, registerKernel } from "./kernel.js";

/** The first of `names` on PATH (JupyterLab first when it is installed, else the classic Notebook). */
function onPath(names: string[]): string | undefined {
  const dirs = (process.env.PATH ?? "").split(delimiter).filter(Boolean);
  for (const name of names) {
    for (const d of dirs) if (existsSync(join(d, name))) return join(d, name);
  }
  return undefined;
}

const jupyter = onPath(["jupyter-lab", "jupyter-notebook"]);
const dir = registerKernel();
let build;
try {
  build = ensureBuilt();
} catch (e) {
  process.stderr.write(`notebooks: ${(e as Error).message}\n`);
  process.exit(1);
}
process.stdout.write(`kernel "tslab" registered in ${dir}${build.built ? "; dist/ rebuilt" : ""}\n`);
process.stdout.write(`to use it from another Jupyter: JUPYTER_PATH=${jupyterPath}\n`);
if (!jupyter) {
  process.stderr.write(
    "notebooks: Jupyter is not installed: sudo apt-get install --no-install-recommends jupyter-notebook\n" +
      "(headless runs only need jupyter-nbconvert python3-nbclient jupyter-client)\n",
  );
  process.exit(2);
}
const args = [
  `--notebook-dir=${notebooksDir}`,
  // Hide the chp link (notebooks/node_modules) from the file browser, with Jupyter's own defaults.
  '--ContentsManager.hide_globs=["node_modules", "__pycache__", "*.pyc", "*.pyo", ".DS_Store", "*~"]',
  ...process.argv.slice(2),
];
// Jupyter refuses to start as root without this; root is the usual user in containers.
if (process.getuid?.() === 0 && !args.includes("--allow-root")) args.push("--allow-root");
const child = spawn(jupyter, args, {
  env: jupyterEnv(),
  stdio: "inherit",
});
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => child.kill(signal));
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
