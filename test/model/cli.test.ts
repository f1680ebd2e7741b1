/** chp model / modes / export guesstimate: text, JSON, plots, Guesstimate files, exit codes. */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { parseHitRate } from "../../src/cli/commands/model.js";
import { modelMessage } from "../../src/messages.js";
import { chp } from "../helpers/cli.js";
import { tmpDir, tmpFile } from "../helpers/tmp.js";

const example = "data/cache-model.json";

test("chp model: text, JSON, PNG plot and a Guesstimate space", async () => {
  const png = join(tmpDir(), "m.png");
  const guess = join(tmpDir(), "m.guess.json");
  const r = await chp("model", example, "--samples", "20000", "--seed", "3", "-o", png, "--guesstimate", guess);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /memcached\s+40\.00%/);
  assert.match(r.stdout, /Kolmogorov-Smirnov distance, simulated vs exact: 0\.0\d+/);
  assert.deepEqual([...readFileSync(png).subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47]);
  const back = await chp("model", guess, "--samples", "20000", "--json");
  assert.equal(back.code, 0, back.stderr);
  const j = JSON.parse(back.stdout);
  assert.equal(j.style, "expression");
  assert.equal(j.metrics.filter((m: { output: boolean }) => m.output).length, 1);
  const js = JSON.parse((await chp("model", example, "--samples", "20000", "--json")).stdout);
  assert.ok(js.ks < 0.02);
  assert.deepEqual(
    js.tiers.map((t: { exactShare: number }) => +t.exactShare.toFixed(6)),
    [0.4, 0.42, 0.18],
  );
});

test("chp model --sweep: paired scenarios", async () => {
  const r = await chp("model", example, "--samples", "5000", "--sweep", "memcached=0.4,0.6,0.2", "--sweep", "mysql-memory=70%,70%,90%", "--json");
  assert.equal(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  assert.deepEqual(
    j.scenarios.map((s: { shares: Record<string, number> }) => +s.shares["mysql-disk"].toFixed(6)),
    [0.18, 0.12, 0.08],
  );
});

test("chp model --sweep: fractions as in the model file, percentages only with %, ambiguous forms refused", async () => {
  const shares = async (...sweep: string[]) => {
    const r = await chp("model", example, "--samples", "2000", ...sweep.flatMap((s) => ["--sweep", s]), "--json");
    assert.equal(r.code, 0, r.stderr);
    return JSON.parse(r.stdout).scenarios.map((s: { label: string; shares: Record<string, number> }) => [s.label, +s.shares.memcached.toFixed(6)]);
  };
  // The model file writes memcached hitRate 0.4: the fraction 0.4 is a 40% hit rate.
  const want = [
    ["memcached 40%", 0.4],
    ["memcached 60%", 0.6],
  ];
  assert.deepEqual(await shares("memcached=0.4,0.6"), want);
  assert.deepEqual(await shares("memcached=40%, 60%"), want);
  assert.deepEqual(["0", "1", ".5", "0%", "100%", " 12.5% "].map(parseHitRate), [0, 1, 0.5, 0, 1, 0.125]);
  for (const [raw, value] of [
    ["memcached=40,60", "40"],
    ["memcached=0.4,60", "60"],
    ["memcached=4e-1", "4e-1"],
    ["memcached=-0.1", "-0.1"],
    ["memcached=0.4,", ""],
  ]) {
    const r = await chp("model", example, "--sweep", raw);
    assert.equal(r.code, 2, raw);
    assert.equal(r.stderr, `chp: ${modelMessage.badSweep(raw, value)}\n`);
    assert.match(r.stderr, /memcached=0\.4,0\.6\) or percentages with % \(memcached=40%,60%\)/);
  }
});

test("chp modes: JSON shape and recovered weights", async () => {
  const { simulate, loadModel } = await import("../../src/index.js");
  const sim = simulate(await loadModel(example), { samples: 30_000, seed: 12 });
  const file = tmpFile("lat.csv", "latency_ms\n" + Array.from(sim.samples, (v) => v.toFixed(5)).join("\n") + "\n");
  const r = await chp("modes", file, "--modes", "3", "--json");
  assert.equal(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  assert.deepEqual(Object.keys(j), ["modes", "hitRates", "bic"]);
  assert.deepEqual(Object.keys(j.modes[0]), ["weight", "median", "p5", "p95"]);
  [0.4, 0.42, 0.18].forEach((w, i) => assert.ok(Math.abs(j.modes[i].weight - w) < 0.03, `${j.modes[i].weight}`));
  // The plot of the same fit (k chosen by BIC is checked on the hey log below: 6 fits of 30,000 values cost seconds).
  const svg = join(tmpDir(), "modes.svg");
  const t = await chp("modes", file, "--modes", "3", "-o", svg);
  assert.equal(t.code, 0, t.stderr);
  assert.match(readFileSync(svg, "utf8"), /^<svg/);
});

test("chp export guesstimate: a DATA metric", async () => {
  const file = tmpFile("few.csv", "latency\n1\n2\n3\n");
  const out = join(tmpDir(), "few.guess.json");
  const r = await chp("export", "guesstimate", file, "-o", out);
  assert.equal(r.code, 0, r.stderr);
  const sp = JSON.parse(readFileSync(out, "utf8"));
  assert.deepEqual(sp.space.graph.guesstimates[0].data, [1, 2, 3]);
});

test("errors: one line, exit 2 for usage, 3 for data", async () => {
  const cases: [string[], number, string][] = [
    [["model"], 2, "missing FILE"],
    [["model", example, "--sweep", "nosuch=1,2"], 2, modelMessage.unknownSweepTier("nosuch", ["memcached", "mysql-memory"])],
    [["model", example, "--sweep", "memcached=20%,400%"], 2, modelMessage.badSweep("memcached=20%,400%", "400%")],
    [["model", example, "--sweep", "memcached=0.4,1.5"], 2, modelMessage.badSweep("memcached=0.4,1.5", "1.5")],
    [["model", example, "--sweep", "memcached"], 2, modelMessage.badSweep("memcached")],
    [["model", example, "--sweep", "memcached=0.2,0.4", "--sweep", "mysql-memory=1"], 2, modelMessage.sweepLengths([2, 1])],
    [["model", example, "--samples", "0"], 2, "--samples"],
    [["model", example, "-o", "x.gif"], 2, "cannot tell the output type"],
    [["modes", example, "--modes", "9"], 2, "--modes"],
    [["export", "csv", example], 2, modelMessage.unknownExportFormat("csv")],
    [["model", "no-such.json"], 3, "no such file: no-such.json"],
    [
      ["model", tmpFile("bad.json", '{"tiers": [{"name": "a", "hitRate": 1.4, "latency": {"point": 1}}, {"name": "b", "latency": {"point": 2}}]}')],
      3,
      "bad.json: tiers[0].hitRate: 1.4 is not a probability in [0, 1]",
    ],
    [["model", tmpFile("broken.json", "{")], 3, "broken.json: not valid JSON"],
    [["modes", tmpFile("neg.csv", "latency\n1\n-2\n3\n4\n5\n6\n7\n8\n9\n10\n")], 3, modelMessage.nonPositive(1, 'column "latency"')],
  ];
  for (const [argv, code, text] of cases) {
    const r = await chp(...argv);
    assert.equal(r.code, code, `${argv.join(" ")}: ${r.stderr}`);
    assert.ok(r.stderr.includes(text), `${argv.join(" ")}: ${r.stderr}`);
    assert.equal(r.stderr.trim().split("\n").length, 1, r.stderr);
  }
});

test("chp model of a one-metric Guesstimate space: '1 metric', samples with thousands separators", async () => {
  const space = {
    space: {
      name: "one",
      graph: {
        metrics: [{ id: "a", readableId: "AA", name: "a", location: { row: 0, column: 0 } }],
        guesstimates: [{ metric: "a", expression: "[10,20]", guesstimateType: "NORMAL" }],
      },
    },
  };
  const file = tmpFile("one.guess.json", JSON.stringify(space));
  const r = await chp("model", file, "--samples", "20000");
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /: Guesstimate space "one" \(1 metric, "[^"]+" style\), 20,000 samples \(seed \d+\)/);
});

test("chp modes counts its latencies with thousands separators; k chosen by BIC, plotted", async () => {
  const svg = join(tmpDir(), "hey-modes.svg");
  const r = await chp("modes", "../shared/data/real/hey/hey-c16-per-request.csv", "-o", svg);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /: \d{1,3}(,\d{3})+ latencies \(column /);
  assert.match(r.stdout, /chosen by BIC/);
  assert.match(readFileSync(svg, "utf8"), /^<svg/);
});
