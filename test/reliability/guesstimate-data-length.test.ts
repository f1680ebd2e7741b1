/**
 * Guesstimate DATA of 50,000 sorted values: every value is used, as Guesstimate samples DATA
 * (samplers/Data.ts, "values = data", no cap; the 10,000 slice of formatters/Data.ts is for pasted
 * text only — /work/shared/GUESSTIMATE.md section 3). chp used the first 10,000 (mean 5,000.5
 * instead of 25,000.5) without a word. With fewer samples than values only the first are used, in
 * order, as Guesstimate does with its 5,000 samples: chp model says so on stderr.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { chp } from "../helpers/cli.js";
import { tmpDir } from "../helpers/tmp.js";
import { dataBeyondSamples, evaluateSpace, parseSpace } from "../../src/model/guesstimate/import.js";

const n = 50_000;
/** 1, 2, ..., 50,000: mean (n + 1) / 2 = 25,000.5 exactly. */
const sorted = Array.from({ length: n }, (_, i) => i + 1);

function space() {
  return {
    space: {
      name: "big data",
      graph: {
        metrics: [{ id: "d1", readableId: "DA", name: "latency" }],
        guesstimates: [{ metric: "d1", input: "", guesstimateType: "DATA", data: sorted }],
      },
    },
  };
}

test("guesstimate DATA length: all 50,000 values are read and sampled in order", () => {
  const parsed = parseSpace(space());
  const [v] = evaluateSpace(parsed, { samples: n, seed: 1 });
  assert.deepEqual(Array.from(v), sorted);
  assert.equal(v.reduce((a, b) => a + b, 0) / v.length, 25_000.5);
  assert.deepEqual(dataBeyondSamples(parsed, n), []);
});

test("guesstimate DATA length: chp model's mean is 25,000.5 with the default 100,000 samples (every value twice)", async () => {
  const file = join(tmpDir(), "data-50k.json");
  writeFileSync(file, JSON.stringify(space()));
  const r = await chp("model", file, "--json");
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stderr, "");
  const [m] = JSON.parse(r.stdout).metrics as { mean: number }[];
  assert.equal(m.mean, 25_000.5);
});

test("guesstimate DATA length: fewer samples than values use the first ones, with a warning naming the metric", async () => {
  const file = join(tmpDir(), "data-50k-few.json");
  writeFileSync(file, JSON.stringify(space()));
  const r = await chp("model", file, "--json", "--samples", "10000");
  assert.equal(r.code, 0, r.stderr);
  assert.match(
    r.stderr,
    /warning: metric DA holds 50000 DATA values, more than the 10000 samples: only the first 10000 are used, in order \(as Guesstimate does\); use --samples 50000/,
  );
  const [m] = JSON.parse(r.stdout).metrics as { mean: number }[];
  assert.equal(m.mean, 5_000.5);
});
