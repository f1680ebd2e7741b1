/**
 * Registers this project's tslab kernel for Jupyter, without IPython or `tslab install`:
 *
 *   node_modules/.jupyter/kernels/tslab/kernel.json   (JUPYTER_PATH=node_modules/.jupyter)
 *     argv: <this node> node_modules/tslab/bin/tslab kernel --config-path {connection_file}
 *   notebooks/node_modules/chp -> ../..               (so `import("chp")` in a cell is typed)
 *
 * The kernel is named "tslab", as `tslab install` names it, so the notebooks also run with a
 * user's own tslab. The chp link is what `npm link` would make: tslab's TypeScript (5.0,
 * Node10 module resolution) finds packages only in node_modules, never the project itself.
 * Both live in git-ignored node_modules folders and are rewritten on every run.
 *
 *   npx tsx scripts/notebooks/kernel.ts        # prints the JUPYTER_PATH to use
 */
import { existsSync, lstatSync, mkdirSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { packageRoot } from "../../src/util/package-root.js";

/** The repository root (the nearest package.json above scripts/notebooks/). */
export const projectRoot = packageRoot(import.meta.url);

/** Where the notebooks live. */
export const notebooksDir = join(projectRoot, "notebooks");

/** The Python that has Debian's Jupyter (jupyter-nbconvert, python3-nbclient, jupyter-client). */
export const systemPython = "/usr/bin/python3";

/** The project-local Jupyter data folder that holds the kernel spec. */
export const jupyterPath = join(projectRoot, "node_modules", ".jupyter");

/** Write kernel.json and the chp link; returns the kernel spec folder. Throws when tslab is not installed. */
export function registerKernel(): string {
  const tslab = join(projectRoot, "node_modules", "tslab", "bin", "tslab");
  if (!existsSync(tslab)) {
    throw new Error(`tslab is not installed (${tslab} is missing): run npm ci first`);
  }
  const kernelDir = join(jupyterPath, "kernels", "tslab");
  mkdirSync(kernelDir, { recursive: true });
  const spec = {
    argv: [process.execPath, tslab, "kernel", "--config-path", "{connection_file}"],
    display_name: "TypeScript (tslab)",
    language: "typescript",
  };
  writeFileSync(join(kernelDir, "kernel.json"), `${JSON.stringify(spec, null, 2)}\n`);
  linkPackage();
  return kernelDir;
}

/** notebooks/node_modules/chp -> ../.. (relative, so the checkout can move). */
function linkPackage(): void {
  const link = join(notebooksDir, "node_modules", "chp");
  const target = join("..", "..");
  try {
    const st = lstatSync(link);
    if (st.isSymbolicLink() && readlinkSync(link) === target) return;
    rmSync(link, { recursive: true, force: true });
  } catch {
    // missing: make it
  }
  mkdirSync(dirname(link), { recursive: true });
  symlinkSync(target, link, "dir");
}

/** The environment Jupyter needs to find the kernel (JUPYTER_PATH first, the rest kept). */
export function jupyterEnv(base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const path = base.JUPYTER_PATH ? `${jupyterPath}:${base.JUPYTER_PATH}` : jupyterPath;
  // PYDEVD_...: silences debugpy's "frozen modules" warning that Debian's Python prints.
  return { ...base, JUPYTER_PATH: path, PYDEVD_DISABLE_FILE_VALIDATION: "1" };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dir = registerKernel();
  process.stdout.write(`kernel "tslab" registered in ${dir}\nJUPYTER_PATH=${jupyterPath}\n`);
}
