/**
 * The WebAssembly modules in the source (src/load/wasm/NAME-wasm.ts) are their .wat compiled
 * again by scripts/build-wasm.ts, text for text: a .wat edited without running the script fails here.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { test } from "node:test";
import { compileWat, moduleText, watFiles } from "../../scripts/build-wasm.js";

test("each .wat of src/load/wasm is compiled into its -wasm.ts as scripts/build-wasm.ts writes it", async () => {
  const wats = watFiles(resolve("src/load/wasm"));
  assert.ok(wats.length >= 1, `found ${wats.length} .wat files`);
  for (const wat of wats) {
    const text = readFileSync(wat.replace(/\.wat$/, "-wasm.ts"), "utf8");
    assert.equal(text, moduleText(wat, await compileWat(wat)), wat);
  }
});
