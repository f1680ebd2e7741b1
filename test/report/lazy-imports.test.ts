/**
 * Importing chp loads neither mathjs (about a second of CPU) nor Vega / Vega-Lite (a few tenths):
 * they load at the first Guesstimate expression and the first render. Checked in a child process
 * on the built library (dist/): a module hook refuses to resolve "vega" and "vega-lite", and
 * mathjs, required through CommonJS, shows in the require cache once loaded.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { test } from "node:test";

/** An ESM hook that throws on resolving vega or vega-lite (the child imports it first). */
const refuseVega = `data:text/javascript,${encodeURIComponent(`
import { register } from "node:module";
register("data:text/javascript," + encodeURIComponent(\`
export async function resolve(specifier, context, next) {
  if (specifier === "vega" || specifier === "vega-lite") throw new Error("refused: " + specifier);
  return next(specifier, context);
}\`));
`)}`;

/** Run `body` (an ES module) in a child with the hook; its stdout, stderr and exit code. */
function child(body: string) {
  const r = spawnSync(process.execPath, ["--import", refuseVega, "--input-type=module", "-e", body], { encoding: "utf8" });
  return { code: r.status, stdout: r.stdout.trim(), stderr: r.stderr };
}

const mathjsLoaded = `Object.keys(createRequire(import.meta.url).cache).some((k) => k.includes("/node_modules/mathjs/"))`;

test("import chp: no mathjs, no Vega; mathjs loads at the first expression", (t) => {
  if (!existsSync("dist/index.js")) return t.skip("dist/ not built (npm run build)");
  const r = child(`
    import { createRequire } from "node:module";
    const chp = await import("${process.cwd()}/dist/index.js");
    const before = ${mathjsLoaded};
    chp.compileFunction("1 + 2");
    console.log(JSON.stringify({ before, after: ${mathjsLoaded}, exports: Object.keys(chp).length }));
  `);
  assert.equal(r.code, 0, r.stderr);
  const seen = JSON.parse(r.stdout);
  assert.equal(seen.before, false, "mathjs loaded by the import");
  assert.equal(seen.after, true, "mathjs loaded by the first expression");
  assert.ok(seen.exports > 50, `${seen.exports} exports`);
});

test("the hook refuses Vega: a render under it fails, so the import above did not load Vega", (t) => {
  if (!existsSync("dist/index.js")) return t.skip("dist/ not built (npm run build)");
  const r = child(`
    const chp = await import("${process.cwd()}/dist/index.js");
    await chp.renderSvg({ data: { values: [{ a: 1 }] }, mark: "point", encoding: { x: { field: "a", type: "quantitative" } } });
  `);
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /refused: vega/);
});
