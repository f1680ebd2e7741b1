/**
 * The spare thread (src/util/spare-thread.ts, src/util/spare-thread-serve.ts) and its jobs: page
 * touches never change a value, also while this thread writes the same memory; a call answers
 * the function's value, or null (never a wrong value) when it throws, is missing or cannot be
 * posted; an idle spare is stopped. Workers start only from dist/ (built), so these tests use the
 * built modules.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { builtModule } from "../helpers/built.js";
import { touchPages } from "../../src/util/touch-pages.js";
import { headroomBins } from "../../src/headroom/headroom-bins.js";
import { seededRandom } from "../../src/util/random.js";

const skip = !existsSync("dist/util/spare-thread-serve.js") && "dist/ not built (npm run build)";
type Spare = typeof import("../../src/util/spare-thread.js");

/** A worker that serves spare jobs, as the fast CSV path's worker does once it has parsed. */
function spareWorker(): Worker {
  const serve = pathToFileURL(resolve("dist/util/spare-thread-serve.js")).href;
  return new Worker(`import(${JSON.stringify(serve)}).then((m) => m.serveSpareJobs(require("node:worker_threads").parentPort));`, { eval: true });
}

test("touchPages leaves every value as it was, across page boundaries and a partial last page", () => {
  const buffer = new SharedArrayBuffer(3 * 4096 + 520);
  const a = new Float64Array(buffer);
  for (let i = 0; i < a.length; i++) a[i] = (Math.PI * (i + 1)) / 3; // every bit of the mantissa in use
  const before = Float64Array.from(a);
  touchPages([
    { buffer, bytes: buffer.byteLength },
    { buffer, bytes: 100 },
    { buffer, bytes: 0 },
  ]);
  assert.deepEqual(a, before);
});

test("touchPages faults in every page of regions of different lengths, each once (not read in, then written: twice)", () => {
  const pages = [2048, 1024, 3]; // 8 MiB, 4 MiB and 12 KiB of fresh memory
  const buffers = pages.map((p) => new SharedArrayBuffer(p * 4096));
  const faults = () => process.resourceUsage().minorPageFault;
  const before = faults();
  touchPages(buffers.map((buffer) => ({ buffer, bytes: buffer.byteLength })));
  const touching = faults() - before;
  assert.ok(touching >= 0.95 * (2048 + 1024 + 3), `${touching} faults touching 3,075 pages`);
  // One fault a page: a touch that read the word first (Atomics.add) would map the zero page, then fault again to write.
  assert.ok(touching <= 1.2 * (2048 + 1024 + 3), `${touching} faults touching 3,075 pages`);
  // Writing them all now faults (nearly) nothing: every page was in.
  const after = faults();
  for (const b of buffers) new Float64Array(b).fill(1);
  assert.ok(faults() - after < 100, `${faults() - after} faults writing pages already touched`);
});

test("a spare touching memory while this thread writes it: every value is this thread's", { skip }, async () => {
  const spare = await builtModule<Spare>("util/spare-thread.js");
  spare.keepSpareThread(spareWorker());
  const n = 4 << 20; // 32 MiB of fresh pages: the two threads meet somewhere inside
  const a = new Float64Array(new SharedArrayBuffer(n * 8));
  assert.equal(spare.touchOnSpareThread([{ buffer: a.buffer as SharedArrayBuffer, bytes: a.byteLength }]), true);
  for (let i = 0; i < n; i++) a[i] = i + 0.5;
  // A call queued behind the touch: once it answers, the touch is over.
  const wait = spare.callOnSpareThread<number>(new URL(pathToFileURL(resolve("dist/util/touch-pages.js")).href), "touchPages", [[]]);
  assert.notEqual(wait, null);
  wait!();
  let wrong = 0;
  for (let i = 0; i < n; i++) if (a[i] !== i + 0.5) wrong++;
  assert.equal(wrong, 0);
});

test("a call on the spare answers what the function returns; null when it throws, is missing or cannot be posted", { skip }, async () => {
  const spare = await builtModule<Spare>("util/spare-thread.js");
  spare.keepSpareThread(spareWorker());
  const { uniform } = seededRandom(7);
  const x = new Float64Array(new SharedArrayBuffer(8 * 5000));
  const y = new Float64Array(new SharedArrayBuffer(8 * 5000));
  for (let i = 0; i < x.length; i++) {
    x[i] = 100 + 900 * uniform();
    y[i] = (1 / Math.sqrt(1e-4 - 9e-8 * x[i])) * (0.8 + 0.4 * uniform());
  }
  const bins = pathToFileURL(resolve("dist/headroom/headroom-bins.js"));
  const there = spare.callOnSpareThread(bins, "headroomBins", [x, y]);
  assert.notEqual(there, null);
  assert.deepEqual(there!(), headroomBins(x, y));
  // histogram() throws on a bad break count; a name that is not exported; a value that cannot be cloned.
  const histogram = pathToFileURL(resolve("dist/stats/histogram.js"));
  assert.equal(spare.callOnSpareThread(histogram, "histogram", [[1, 2, 3], { breaks: -1 }])!(), null);
  assert.equal(spare.callOnSpareThread(bins, "noSuchExport", [])!(), null);
  assert.equal(spare.callOnSpareThread(bins, "HeadroomBins", [])!(), null);
  const shared = pathToFileURL(resolve("dist/util/shared-memory.js"));
  assert.deepEqual(spare.callOnSpareThread<Float64Array>(shared, "inSharedMemory", [new Float64Array([1, 2])])!(), new Float64Array([1, 2]));
  // seededRandom returns an object of functions: it cannot be posted back.
  assert.equal(spare.callOnSpareThread(pathToFileURL(resolve("dist/util/random.js")), "seededRandom", [7])!(), null);
});

test("an idle spare is stopped; with none kept, jobs are declined (the caller computes)", { skip }, async () => {
  const spare = await builtModule<Spare>("util/spare-thread.js");
  const worker = spareWorker();
  spare.keepSpareThread(worker);
  assert.equal(spare.spareThreadKept(), true);
  // The spare and its timer are unref'd: hold the event loop open until the spare is stopped.
  const hold = setInterval(() => {}, 50);
  await new Promise<number>((done) => worker.once("exit", done));
  clearInterval(hold);
  assert.equal(spare.spareThreadKept(), false);
  assert.equal(spare.touchOnSpareThread([]), false);
  assert.equal(spare.callOnSpareThread(new URL("file:///nowhere.js"), "f", []), null);
});
