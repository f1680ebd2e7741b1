/**
 * One headroom story: the verdict (text), `chp analyze` (JSON) and the headroom plot state the same
 * maximum useful throughput, interval, peak and headroom, printed alike (util/format.ts
 * formatFigure, formatPercent), against the peak of every usable interval; the plot draws the
 * curve whose limit is quoted, and a limit beyond its axis as a labelled marker.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { beyondAxisName, datasetNames } from "../../src/plot/headroom-spec.js";
import { runSpec } from "../../src/plot/report-plot.js";
import { headroomRun, reportJson } from "../../src/report/headroom-report.js";
import { verdictText } from "../../src/report/verdict.js";
import { formatFigure, formatPercent } from "../../src/util/format.js";
import { seededRandom } from "../../src/util/random.js";
import { realData } from "../helpers/real.js";

const samples = [
  "data/web-steady.csv",
  "data/lock-contention.csv",
  "data/api-latency.tsv",
  ...["lock-contention", "looping-autoscaled", "oscillating", "well-behaved"].map((p) => `data/patterns/${p}.csv`),
];

/** Every layer of a spec, depth first. */
function layers(spec: unknown): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  const visit = (v: unknown) => {
    if (v === null || typeof v !== "object") return;
    if (Array.isArray(v)) return v.forEach(visit);
    const o = v as Record<string, unknown>;
    if ("mark" in o) out.push(o);
    for (const k of ["concat", "layer", "hconcat", "vconcat"]) if (k in o) visit(o[k]);
  };
  visit(spec);
  return out;
}

/** The figures of a bounded headroom sentence: max useful, its unit when known, interval, peak, headroom. */
const statementFigures =
  /^maximum useful throughput ([\d,.]+)((?: [^ (]+)?) \(95% interval ([\d,.]+) to ([\d,.]+)\2\), .*; the peak of all ([\d,]+) intervals(?: \(before the trim\))?, ([\d,.]+)\2, leaves (\d+)% headroom$/;

for (const file of samples) {
  test(`text, JSON and plot state the same headroom figures, printed alike: ${file}`, async () => {
    const run = await headroomRun(file);
    const h = run.headroom!;
    const text = verdictText(run.analysis, run);
    const json = JSON.parse(reportJson(run.report));
    const spec = runSpec(run) as unknown as { title: { text: string; subtitle: string[] }; datasets: Record<string, unknown[]> };
    const line = /^headroom: (.*)$/m.exec(text)?.[1];
    assert.equal(line, json.headroom.statement);
    // The peak is that of every usable interval, before the trim.
    assert.equal(json.headroom.observedPeak, run.analysis.throughputPeak);
    assert.ok(run.analysis.throughputPeak >= Math.max(...run.analysis.x));
    const note = spec.title.subtitle.find((s) => s.startsWith("pattern: "))!;
    assert.ok(note.startsWith(`pattern: ${json.pattern.label}; `), note);
    if (!h.bounded) {
      assert.match(
        line!,
        /maximum useful throughput at least the peak of all [\d,]+ intervals.*, [\d,.]+(?: [^ ;]+)?; how much headroom is left is not known$/,
      );
      assert.match(
        note,
        new RegExp(
          `no knee observed: max useful throughput at least the peak ${formatFigure(h.observedPeak)}${json.units.throughput ? ` ${json.units.throughput}` : ""}, headroom not known$`,
        ),
      );
      assert.doesNotMatch(text + note, /headroom at least \d+%/);
      return;
    }
    const m = statementFigures.exec(line!);
    assert.ok(m, line);
    const [, max, unit, lo, hi, usable, peak, pct] = m;
    // The throughput's unit follows its figures where the input states it (api-latency's rps column: req/s).
    assert.equal(unit, json.units.throughput ? ` ${json.units.throughput}` : "");
    // The text and JSON sentence print the JSON's numbers with the one formatter...
    assert.deepEqual(
      [max, lo, hi, usable, peak, `${pct}%`],
      [
        formatFigure(json.headroom.maxUsefulThroughput),
        formatFigure(json.headroom.interval[0]),
        formatFigure(json.headroom.interval[1]),
        run.analysis.usable.toLocaleString("en-US"),
        formatFigure(json.headroom.observedPeak),
        formatPercent(json.headroom.headroomFraction),
      ],
    );
    // ...and the plot's note and its marker print the same strings.
    assert.equal(note, `pattern: ${json.pattern.label}; max useful throughput ${max}${unit} (95%: ${lo} to ${hi}), headroom ${pct}% at the peak ${peak}`);
    const labels = layers(spec).flatMap((l) => {
      const values = (l.data as { values?: { label?: string }[] } | undefined)?.values ?? [];
      return values.map((v) => v.label).filter((v): v is string => typeof v === "string");
    });
    assert.ok(labels.includes(`max useful ${max}`) || labels.includes(`max useful ${max} →`), `no marker "max useful ${max}" in ${JSON.stringify(labels)}`);
    // The curve whose limit is quoted is drawn for a queueing estimate.
    if (h.method === "mmc" || h.method === "capacity-curve") assert.ok((spec.datasets[datasetNames.limit] ?? []).length > 10, "no limit curve");
  });
}

test("a maximum useful throughput beyond the x axis is a labelled marker at the edge (patterns 14.52 and 1,580)", async () => {
  for (const [file, label] of [
    ["data/patterns/lock-contention.csv", "max useful 14.52 →"], // true capacity 13.08 (1 / 76.5 ms hold); ~520 requests in the busiest 60 s interval, so the fits read throughput averaged over 5 intervals
    ["data/patterns/looping-autoscaled.csv", "max useful 1,580 →"],
  ]) {
    const spec = runSpec(await headroomRun(file));
    const marker = layers(spec).find((l) => l.name === beyondAxisName);
    assert.ok(marker, `${file}: no ${beyondAxisName}`);
    assert.deepEqual((marker.data as { values: unknown[] }).values, [{ label }]);
    assert.equal((marker.mark as { x: string }).x, "width");
    // No dashed rule for it inside the axis.
    assert.ok(!layers(spec).some((l) => (l.data as { values?: { label?: string }[] } | undefined)?.values?.[0]?.label === label.replace(" →", "")));
  }
});

test("the web-steady headroom is measured against its real peak 912.8 (all 1,440 intervals), not the trimmed 886", async () => {
  const run = await headroomRun("data/web-steady.csv");
  assert.equal(run.headroom!.observedPeak, 912.79);
  assert.ok(Math.max(...run.analysis.x) < 887);
  assert.match(run.headroom!.statement, /the peak of all 1,440 intervals \(before the trim\), 912\.8, leaves 9% headroom$/);
  assert.doesNotMatch(verdictText(run.analysis, run), /grows without bound as throughput approaches/);
});

test("a CSV of random noise is unclassified, with the reason, and its plot says no knee without a 0% headroom", async () => {
  const dir = mkdtempSync(join(tmpdir(), "chp-noise-"));
  try {
    const rng = seededRandom(17);
    const lines = ["timestamp,throughput,response_ms"];
    for (let i = 0; i < 1000; i++) lines.push(`${1_714_521_600 + 60 * i},${(100 + 900 * rng.uniform()).toFixed(2)},${(10 + 90 * rng.uniform()).toFixed(2)}`);
    const file = join(dir, "noise.csv");
    writeFileSync(file, lines.join("\n") + "\n");
    const run = await headroomRun(file);
    assert.equal(run.pattern!.label, "unclassified");
    assert.match(
      run.pattern!.evidence[0],
      /^no relationship between throughput and response: rank correlation -?0\.0\d over 1,000 intervals, in a band of ±\d+%$/,
    );
    const text = verdictText(run.analysis, run);
    assert.doesNotMatch(text, /well-behaved|diagonal|knee near/);
    assert.doesNotMatch(text, /at least 0%/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("the plot names its input in the title, units on both axes, and starts the x axis at the data when they are far from zero", async () => {
  const hlog = await headroomRun(join(realData, "hdrhistogram/jHiccup-2.0.7S.logV2.hlog"));
  const spec = runSpec(hlog) as unknown as { title: { text: string } };
  assert.equal(spec.title.text, "Headroom plot — jHiccup-2.0.7S.logV2.hlog");
  const scatter = layers(spec).find((l) => (l.data as { name?: string }).name === datasetNames.points)!;
  const x = (scatter.encoding as { x: { scale: { domain: number[] }; axis: { title: string } } }).x;
  assert.equal(x.axis.title, "Throughput (values/s)");
  // Text, JSON and the picture's note name the hlog's throughput alike: recorded values per second.
  assert.equal(hlog.series.units.throughput, "values/s");
  assert.match(hlog.headroom!.statement, /, 979 values\/s; how much headroom is left is not known$/);
  assert.match(verdictText(hlog.analysis, hlog), /^headroom: .*979 values\/s;/m);
  assert.ok(
    (spec as unknown as { title: { subtitle: string[] } }).title.subtitle.some((l) => l.endsWith("at least the peak 979 values/s, headroom not known")),
  );
  assert.ok(x.scale.domain[0] > 0 && x.scale.domain[0] <= Math.min(...hlog.analysis.x), JSON.stringify(x.scale.domain));
  const y = (scatter.encoding as { y: { axis: { title: string } } }).y;
  assert.equal(y.axis.title, "Response mean (unit not recorded: give --unit)");
  // Web-steady comes near zero: its axis starts there; its response unit comes from the column name.
  const web = runSpec(await headroomRun("data/web-steady.csv"));
  const ws = layers(web).find((l) => (l.data as { name?: string }).name === datasetNames.points)!;
  const wx = (ws.encoding as { x: { scale: { domain: number[] } }; y: { axis: { title: string } } }).x;
  assert.equal(wx.scale.domain[0], 0);
  assert.equal((ws.encoding as { y: { axis: { title: string } } }).y.axis.title, "Response (ms)");
  // The time axis of a day's run reads clock times only: no tick can read a bare month ("May").
  const time = layers(web).find((l) => (l.data as { name?: string }).name === datasetNames.time)!;
  assert.equal((time.encoding as { x: { axis: { format: unknown } } }).x.axis.format, "%H:%M");
});
