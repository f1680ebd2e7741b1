/**
 * The fast CSV path's worker started ahead (src/load/piece-worker-start.ts): only for a large file
 * whose first row looks plain, taken by the next parse, and never in the way of the process's exit
 * or of a result. Workers start only from dist/ (built), so these tests use the built modules.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { builtModule } from "../helpers/built.js";
import { tmpDir } from "../helpers/tmp.js";

const skip = !existsSync("dist/load/piece-worker-start.js") && "dist/ not built (npm run build)";
const dir = tmpDir();

/** A time-series CSV of `rows` one-second rows, over 4 MiB from ~170,000 rows. */
function series(rows: number, row: (i: number) => string = (i) => `${1_700_000_000 + i},${(i % 997) + 0.25},${((i * 7) % 1000) / 8}`): string {
  const lines = ["timestamp,throughput,response_ms"];
  for (let i = 0; i < rows; i++) lines.push(row(i));
  return `${lines.join("\n")}\n`;
}

test("started for a large plain CSV only, and taken by its parse: the general reader's result", { skip }, async () => {
  const start = await builtModule<typeof import("../../src/load/piece-worker-start.js")>("load/piece-worker-start.js");
  const fast = await builtModule<typeof import("../../src/load/fast-numeric-csv.js")>("load/fast-numeric-csv.js");
  const { readTimeSeries } = await builtModule<typeof import("../../src/load/time-series.js")>("load/time-series.js");
  const small = join(dir, "small.csv");
  writeFileSync(small, series(1000));
  const jtl = join(dir, "big.jtl");
  writeFileSync(
    jtl,
    series(220_000, (i) => `${1_700_000_000_000 + i},${i % 500},HTTP Request,200,OK,Thread 1-1,text,true,,512,0,1,1,0`),
  );
  const big = join(dir, "big.csv");
  const text = series(220_000);
  writeFileSync(big, text);
  assert.ok(text.length > start.parallelBytes);

  for (const files of [[small], [jtl], [join(dir, "missing.csv")], [dir], []]) {
    start.startPieceWorker(files);
    assert.equal(start.pieceWorkerWaiting(), false, `no worker for ${files.join(", ") || "no file"}`);
  }
  start.startPieceWorker([small, big]);
  assert.equal(start.pieceWorkerWaiting(), true);
  const rows = await fast.readPlainNumericCsv(big, {}, readTimeSeries);
  assert.equal(start.pieceWorkerWaiting(), false, "the parse took the worker");
  assert.notEqual(rows, null);
  const { createReadStream } = await import("node:fs");
  const general = await readTimeSeries(createReadStream(big), big, {});
  assert.deepEqual(Array.from(rows!.throughput), Array.from(general.throughput));
  assert.deepEqual(Array.from(rows!.time!), Array.from(general.time!));
});

test("a worker started and never taken (the file is not plain after its first row): the CLI still exits, with the general reader's result", { skip }, () => {
  // A quoted cell far down: the fast path declines after the worker was started for the file.
  const file = join(dir, "late-quote.csv");
  writeFileSync(
    file,
    series(220_000, (i) => (i === 200_000 ? `${1_700_000_000 + i},"3",4` : `${1_700_000_000 + i},${(i % 997) + 0.25},${((i * 7) % 1000) / 8}`)),
  );
  const run = spawnSync(process.execPath, ["dist/cli/main.js", "summary", file, "--json"], { encoding: "utf8", timeout: 60_000 });
  assert.equal(run.status, 0, run.stderr);
  const summary = JSON.parse(run.stdout) as { response: { n: number; max: number } };
  assert.equal(summary.response.n, 220_000);
  assert.equal(summary.response.max, 124.875);
});

test("the parse's worker stays as the spare thread, and the analysis that uses it is the one without it", { skip }, async () => {
  const { headroomRun } = await builtModule<typeof import("../../src/report/headroom-report.js")>("report/headroom-report.js");
  const { analyzeHeadroom } = await builtModule<typeof import("../../src/headroom/analyze.js")>("headroom/analyze.js");
  const spare = await builtModule<typeof import("../../src/util/spare-thread.js")>("util/spare-thread.js");
  const { loadInputs } = await builtModule<typeof import("../../src/load/load-inputs.js")>("load/load-inputs.js");
  const { analyzeInput } = await builtModule<typeof import("../../src/report/headroom-report.js")>("report/headroom-report.js");
  const file = join(dir, "spare.csv");
  writeFileSync(
    file,
    series(230_000, (i) => `${1_700_000_000 + i},${100 + (i % 997) * 0.75},${((10 / Math.sqrt(1 - (i % 997) / 1100)) * (1 + ((i * 7) % 13) / 40)).toFixed(3)}`),
  );
  // Started ahead and given time to boot, as the CLI's is (a worker that has not counted by the end of the parse is stopped).
  const start = await builtModule<typeof import("../../src/load/piece-worker-start.js")>("load/piece-worker-start.js");
  start.startPieceWorker([file]);
  await new Promise((done) => setTimeout(done, 400));
  const input = await loadInputs(file, {});
  assert.equal(spare.spareThreadKept(), true, "kept after the parse");
  const run = await analyzeInput(input, { estimate: false });
  const series_ = run.series;
  const alone = analyzeHeadroom({ throughput: series_.throughput, response: series_.response, time: series_.time });
  assert.deepEqual(run.analysis, alone);
  assert.ok(run.analysis.fit.ok);
  // And the CLI's report, from a fresh load (a new worker, a new spare).
  const again = await headroomRun(file, { estimate: false });
  assert.deepEqual(again.report, run.report);
});
