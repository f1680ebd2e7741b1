/**
 * The committed golden outputs (test/golden, made by `npm run golden`) equal what the CLI makes now.
 * JSON and SVG byte for byte; PNG pixel by pixel, allowing tiny anti-aliasing differences
 * between machines (at most 0.1% of pixels off by more than 16 in any channel).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { chp } from "../helpers/cli.js";
import { tmpDir } from "../helpers/tmp.js";
import { decodePng } from "../plot/png.js";
import { goldenCases, goldenDir, goldenRuns } from "./cases.js";

const regenerate = "if the change is deliberate, run `npm run golden`, look at the PNGs and commit them";

function pixelsOff(a: Uint8Array, b: Uint8Array): number {
  const pa = decodePng(a);
  const pb = decodePng(b);
  assert.deepEqual([pa.width, pa.height], [pb.width, pb.height], "PNG size");
  let off = 0;
  for (let i = 0; i < pa.rgba.length; i += 4) {
    for (let k = 0; k < 4; k++) {
      if (Math.abs(pa.rgba[i + k] - pb.rgba[i + k]) > 16) {
        off++;
        break;
      }
    }
  }
  return off / (pa.width * pa.height);
}

for (const c of goldenCases) {
  test(`golden outputs: ${c.name}`, async () => {
    const dir = join(tmpDir(), `golden-${c.name}`);
    (await import("node:fs")).mkdirSync(dir, { recursive: true });
    for (const [out, argv] of goldenRuns(c, dir)) {
      const r = await chp(...argv);
      assert.equal(r.code, 0, `chp ${argv.join(" ")}: ${r.stderr}`);
      const base = out.slice(dir.length + 1);
      const want = readFileSync(join(goldenDir, base));
      if (argv[0] === "analyze") {
        assert.equal(r.stdout, want.toString("utf8"), `${base} differs from the golden file; ${regenerate}`);
      } else if (base.endsWith(".png")) {
        const frac = pixelsOff(readFileSync(out), want);
        assert.ok(frac <= 0.001, `${base}: ${(frac * 100).toFixed(3)}% of pixels differ from the golden PNG; ${regenerate}`);
      } else {
        assert.ok(readFileSync(out).equals(want), `${base} differs from the golden file; ${regenerate}`);
      }
    }
  });
}
