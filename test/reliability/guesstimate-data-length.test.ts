/**
 * Guesstimate DATA of 50,000 sorted values: every value is used, as Guesstimate samples DATA
 * (samplers/Data.ts, "values = data", no cap; the 10,000 slice of formatters/Data.ts is for pasted
 * text only — /work/shared/GUESSTIMATE.md section 3). chp used the first 10,000 (mean 5,000.5
 * instead of 25,000.5) without a word. A FUNCTION reading it with fewer samples than values uses
 * only the first ones, in order, as Guesstimate does with its 5,000 samples: chp model says so on stderr.
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
        metrics: [
          { id: "d1", readableId: "DA", name: "latency" },
          { id: "f1", readableId: "FN", name: "latency + 0" },
        ],
        guesstimates: [
          { metric: "d1", input: "", guesstimateType: "DATA", data: sorted },
          { metric: "f1", expression: "=${metric:d1} + 0", guesstimateType: "FUNCTION" },
        ],
      },
    },
  };
}

test("guesstimate DATA length: all 50,000 values are read and sampled in order", () => {
  const parsed = parseSpace(space());
  for (const samples of [5000, n]) {
    const [d, f] = evaluateSpace(parsed, { samples, seed: 1 });
    assert.deepEqual(Array.from(d.samples), sorted);
    assert.equal(d.samples.reduce((a, b) => a + b, 0) / d.samples.length, 25_000.5);
    assert.deepEqual(Array.from(f.samples), sorted.slice(0, samples));
  }
  assert.deepEqual(dataBeyondSamples(parsed, n), []);
  assert.deepEqual(dataBeyondSamples(parsed, 5000), [{ readableId: "DA", values: n }]);
});

test("guesstimate DATA length: chp model's mean of the DATA is 25,000.5 and the FUNCTION's 25,000.5 with --samples 50000", async () => {
  const file = join(tmpDir(), "data-50k.json");
  writeFileSync(file, JSON.stringify(space()));
  const r = await chp("model", file, "--json", "--samples", "50000");
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stderr, "");
  const [d, f] = JSON.parse(r.stdout).metrics as { mean: number; samples: number }[];
  assert.deepEqual([d.mean, d.samples, f.mean, f.samples], [25_000.5, n, 25_000.5, n]);
});

test("guesstimate DATA length: a FUNCTION with fewer samples than values uses the first ones, with a warning naming the metric", async () => {
  const file = join(tmpDir(), "data-50k-few.json");
  writeFileSync(file, JSON.stringify(space()));
  const r = await chp("model", file, "--json", "--samples", "10000");
  assert.equal(r.code, 0, r.stderr);
  assert.match(
    r.stderr,
    /warning: metric DA holds 50000 DATA values, more than the 10000 samples: a FUNCTION reading it uses only the first 10000, in order \(as Guesstimate does\); use --samples 50000/,
  );
  const [d, f] = JSON.parse(r.stdout).metrics as { mean: number }[];
  assert.deepEqual([d.mean, f.mean], [25_000.5, 5_000.5]);
});
