/**
 * The library is what the CLI runs: a notebook-style call of headroomReport / summaryReport gives
 * byte for byte the JSON (and text) that `chp analyze` / `chp summary` print, on every bundled
 * sample and on real files of every interval format.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { test } from "node:test";
import * as chpLib from "../../src/index.js";
import { chp } from "../helpers/cli.js";
import { realData } from "../helpers/real.js";

interface Case {
  args: string[];
  options: chpLib.HeadroomReportOptions;
}

const cases: Case[] = [
  { args: ["data/web-steady.csv"], options: {} },
  { args: ["data/lock-contention.csv", "--sla", "40ms"], options: { sla: "40ms" } },
  { args: ["data/api-latency.tsv", "--q", "1"], options: { q: 1 } },
  ...["lock-contention", "looping-autoscaled", "oscillating", "well-behaved"].map((p) => ({ args: [`data/patterns/${p}.csv`], options: {} })),
  { args: ["data/web-steady.csv", "--no-estimate"], options: { estimate: false } },
  { args: [join(realData, "hdrhistogram/jHiccup-2.0.7S.logV2.hlog"), "--response", "p99"], options: { response: "p99" } },
  {
    args: [join(realData, "hdrhistogram/tagged.logV2.hlog"), "--tag", "A", "--input-unit", "ns", "--unit", "ms"],
    options: { tag: "A", inputUnit: "ns", unit: "ms" },
  },
  { args: [join(realData, "peers/jmeter/arifa.csv"), "--response", "p90"], options: { response: "p90" } },
  { args: [join(realData, "hey/hey-c16-per-request.csv"), "--interval", "1s"], options: { interval: 1 } },
];

for (const c of cases) {
  test(`headroomReport(${c.args.join(" ")}) == chp analyze, byte for byte`, async () => {
    const cli = await chp("analyze", ...c.args);
    assert.equal(cli.code, 0, cli.stderr);
    const [file] = c.args;
    const lib = chpLib.reportJson(await chpLib.headroomReport(file, c.options));
    assert.equal(lib + "\n", cli.stdout);
  });
}

test("summaryReport == chp summary (text and --json) for a time series, an hlog, a JTL by label and an .hgrm", async () => {
  const runs: [string[], chpLib.SummaryOptions][] = [
    [["data/web-steady.csv"], {}],
    [[join(realData, "hdrhistogram/jHiccup-2.0.7S.logV2.hlog")], {}],
    [[join(realData, "peers/jmeter/ajs.jtl"), "--by-label"], { byLabel: true }],
    [[join(realData, "hdrhistogram/percentiles-example1.hgrm"), "--unit", "s", "--input-unit", "ms"], { unit: "s", inputUnit: "ms" }],
  ];
  for (const [args, options] of runs) {
    const report = await chpLib.summaryReport(args[0], options);
    const text = await chp("summary", ...args);
    assert.equal(text.code, 0, text.stderr);
    assert.equal(chpLib.summaryText(report), text.stdout, args.join(" "));
    const json = await chp("summary", ...args, "--json");
    assert.equal(chpLib.summaryJson(report) + "\n", json.stdout, args.join(" "));
  }
});

test("the plot a notebook draws of a run is the spec chp plot writes", async () => {
  const { mkdtempSync, readFileSync } = await import("node:fs");
  const { tmpdir } = await import("node:os");
  const out = join(mkdtempSync(join(tmpdir(), "chp-lib-")), "ws.vl.json");
  const r = await chp("plot", "data/web-steady.csv", "-o", out);
  assert.equal(r.code, 0, r.stderr);
  const run = await chpLib.headroomRun("data/web-steady.csv");
  assert.equal(chpLib.specJson(chpLib.runSpec(run)), readFileSync(out, "utf8"));
  assert.equal(`wrote ${out}\n` + chpLib.verdictText(run.analysis, run), r.stdout);
});
