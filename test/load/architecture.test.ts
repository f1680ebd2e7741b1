/**
 * The layers of src, checked on the import graph of every src/**\/*.ts file: static
 * `import ... from`, `export ... from`, side-effect `import "..."` and dynamic `import("...")`
 * with relative paths (type-only imports count: a circle of types is still a circle).
 *
 *   stats  <-  load  <-  headroom, model  <-  plot, report, notebook  <-  cli
 *
 * (a) src/stats imports none of headroom, plot, cli, report, model, notebook;
 * (b) src/load imports none of headroom, plot, cli, report;
 * (c) only src/cli imports src/cli;
 * (d) no import cycle among src files.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import ts from "typescript";

const root = resolve(".");
const src = join(root, "src");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(path);
    return e.name.endsWith(".ts") && !e.name.endsWith(".d.ts") ? [path] : [];
  });
}

/** The src file a relative specifier names (".js" is the ".ts" source), or null when it is no src file. */
function resolveSpecifier(from: string, specifier: string): string | null {
  if (!specifier.startsWith(".")) return null;
  const target = resolve(dirname(from), specifier);
  for (const candidate of [target.replace(/\.js$/, ".ts"), target.replace(/\.cjs$/, ".cts"), target, `${target}.ts`, join(target, "index.ts")]) {
    if (candidate.startsWith(src) && existsSync(candidate) && /\.c?ts$/.test(candidate)) return candidate;
  }
  return null;
}

/** Each src file (relative to the project, "src/load/units.ts") and the src files it imports, in source order. */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sourceFiles(src).sort()) {
    const { importedFiles } = ts.preProcessFile(readFileSync(file, "utf8"), true, true);
    const targets = importedFiles
      .map((f) => resolveSpecifier(file, f.fileName))
      .filter((t): t is string => t !== null)
      .map((t) => relative(root, t).split("\\").join("/"));
    graph.set(relative(root, file).split("\\").join("/"), [...new Set(targets)]);
  }
  return graph;
}

const graph = importGraph();
const areaOf = (file: string) => file.split("/")[1].replace(/\.c?ts$/, "");

/** The edges from files of `area` to files of any of `forbidden`, as "from -> to" lines. */
function forbiddenEdges(area: (a: string) => boolean, forbidden: readonly string[]): string[] {
  const out: string[] = [];
  for (const [from, targets] of graph) {
    if (!area(areaOf(from))) continue;
    for (const to of targets) if (forbidden.includes(areaOf(to)) && areaOf(to) !== areaOf(from)) out.push(`${from} -> ${to}`);
  }
  return out;
}

/** Every import cycle, one path per strongly connected component of more than one file (or a self-import). */
function cycles(): string[][] {
  // Tarjan's strongly connected components, iteratively-safe at this size (a few hundred files).
  let index = 0;
  const indexOf = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const visit = (v: string): void => {
    indexOf.set(v, index);
    low.set(v, index);
    index++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!indexOf.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, indexOf.get(w)!));
    }
    if (low.get(v) === indexOf.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || (graph.get(v) ?? []).includes(v)) components.push(component);
    }
  };
  for (const v of graph.keys()) if (!indexOf.has(v)) visit(v);
  // One cycle through each component: a shortest path back to its first file, within the component.
  return components.map((component) => {
    const inside = new Set(component);
    const start = [...component].sort()[0];
    const previous = new Map<string, string>();
    const queue = [start];
    for (let i = 0; i < queue.length; i++) {
      for (const w of graph.get(queue[i]) ?? []) {
        if (!inside.has(w)) continue;
        if (w === start) {
          const path = [queue[i]];
          while (path[0] !== start) path.unshift(previous.get(path[0])!);
          return [...path, start];
        }
        if (!previous.has(w)) {
          previous.set(w, queue[i]);
          queue.push(w);
        }
      }
    }
    return [start, start];
  });
}

test("the import graph is read: every area of src is there and has edges", () => {
  assert.ok(graph.size > 100, `${graph.size} files`);
  for (const area of ["stats", "load", "headroom", "model", "plot", "cli"]) {
    assert.ok(
      [...graph.keys()].some((f) => areaOf(f) === area),
      area,
    );
  }
  assert.ok(graph.get("src/load/columns.ts")!.includes("src/load/units.ts"));
  assert.ok(graph.get("src/index.ts")!.includes("src/load/index.ts"));
});

test("(a) src/stats imports none of headroom, plot, cli, report, model, notebook", () => {
  const edges = forbiddenEdges((a) => a === "stats", ["headroom", "plot", "cli", "report", "model", "notebook"]);
  assert.deepEqual(edges, [], `imports against the layers:\n${edges.join("\n")}`);
});

test("(b) src/load imports none of headroom, plot, cli, report", () => {
  const edges = forbiddenEdges((a) => a === "load", ["headroom", "plot", "cli", "report"]);
  assert.deepEqual(edges, [], `imports against the layers:\n${edges.join("\n")}`);
});

test("(c) nothing outside src/cli imports src/cli", () => {
  const edges = forbiddenEdges((a) => a !== "cli", ["cli"]);
  assert.deepEqual(edges, [], `imports of the CLI from outside it:\n${edges.join("\n")}`);
});

test("(d) no import cycle among src files", () => {
  const found = cycles();
  assert.deepEqual(found, [], `import cycles:\n${found.map((c) => c.join(" -> ")).join("\n")}`);
});
