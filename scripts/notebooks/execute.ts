/**
 * Execute notebooks headless with the project's tslab kernel (Debian's Jupyter on /usr/bin/python3,
 * driven by scripts/notebooks/execute.py, which names the failing cell and prints its error).
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { jupyterEnv, jupyterPath, notebooksDir, projectRoot, registerKernel, systemPython } from "./kernel.js";

/** Why notebooks cannot run here, or null when Jupyter (nbclient, nbformat, jupyter_client) is installed. */
export function jupyterMissing(): string | null {
  if (!existsSync(systemPython)) return `${systemPython} not found`;
  const probe = spawnSync(systemPython, ["-c", "import nbclient, nbformat, jupyter_client"], { encoding: "utf8" });
  if (probe.status !== 0) {
    return "Debian's Jupyter is not installed (apt-get install jupyter-nbconvert python3-nbclient jupyter-client; npm run test:all does it)";
  }
  return null;
}

/** The notebooks, in name order (notebooks/*.ipynb). */
export function notebookFiles(): string[] {
  return readdirSync(notebooksDir)
    .filter((f) => f.endsWith(".ipynb") && !f.startsWith("."))
    .sort()
    .map((f) => join(notebooksDir, f));
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** Build dist/ when it is missing or older than src/ (the notebooks import the built package). */
export function ensureBuilt(): { built: boolean; ms: number } {
  const index = join(projectRoot, "dist", "index.js");
  if (existsSync(index) && statSync(index).mtimeMs >= newestMtime(join(projectRoot, "src"))) return { built: false, ms: 0 };
  const start = performance.now();
  const tsc = join(projectRoot, "node_modules", "typescript", "bin", "tsc");
  const run = spawnSync(process.execPath, [tsc, "-p", "tsconfig.build.json"], { cwd: projectRoot, encoding: "utf8" });
  if (run.status !== 0) throw new Error(`npm run build failed:\n${run.stdout}${run.stderr}`);
  return { built: true, ms: performance.now() - start };
}

export interface Execution {
  notebook: string;
  ok: boolean;
  /** What execute.py wrote to stderr: on failure, the failing cell and its error. */
  stderr: string;
  ms: number;
}

/** Run every cell of `notebook` (kernel registered first); with `output`, write the executed notebook there. */
export function executeNotebook(notebook: string, output?: string, timeoutSeconds = 300): Promise<Execution> {
  registerKernel();
  const script = join(projectRoot, "scripts", "notebooks", "execute.py");
  const args = [script, notebook, "--timeout", String(timeoutSeconds), ...(output ? ["--output", output] : [])];
  const start = performance.now();
  return new Promise((resolve, reject) => {
    // Connection files go under node_modules/.jupyter too, so a read-only or missing HOME does not matter.
    const env = { ...jupyterEnv(), JUPYTER_RUNTIME_DIR: join(jupyterPath, "runtime") };
    const child = spawn(systemPython, args, { cwd: projectRoot, env, stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stdout.resume();
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => resolve({ notebook, ok: code === 0, stderr: stderr.trim(), ms: performance.now() - start }));
  });
}
