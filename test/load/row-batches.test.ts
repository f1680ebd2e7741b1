/**
 * The two-thread reading of large per-request CSV logs (src/load/row-batches.ts,
 * src/load/request-rows.ts and the batch recording in src/load/request-log.ts) against the
 * one-thread byte path: the real JMeter JTLs and generated ones (a bad line, a label first seen,
 * times going back, a quote, CRLF, blank lines, Transaction Controller rows, all past a batch cut)
 * read with tiny batches, on the worker and on this thread, and read synchronously straight into
 * the batches, give the same result or the same error (message and line). Exact equality.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { test } from "node:test";
import fc from "fast-check";
import type { SyncReader } from "../../src/load/open-input.js";
import { jtlDefaultFields, readRequestLog, readRequestLogFile, type RequestLogOptions } from "../../src/load/request-log.js";
import { latestWorkerReady, rowBatchCounts } from "../../src/load/row-batches.js";

const real = resolve("../shared/data/real/peers/jmeter");

/** The bytes in chunks of `size`; after the first few, waits until a worker started for the reading is ready (so it takes batches). */
function chunked(bytes: Buffer, size: number): AsyncIterable<Buffer> {
  return {
    async *[Symbol.asyncIterator]() {
      for (let p = 0, k = 0; p < bytes.length; p += size, k++) {
        if (k === 4) for (let t = 0; t < 6000 && !latestWorkerReady(); t++) await new Promise((r) => setTimeout(r, 10));
        yield bytes.subarray(p, p + size);
      }
    },
  };
}

async function outcome(bytes: Buffer, options: Partial<RequestLogOptions>, size = 257): Promise<unknown> {
  try {
    return { ok: await readRequestLog(chunked(bytes, size), "p.jtl", options) };
  } catch (e) {
    const err = e as Error & { location?: unknown };
    return { error: err.constructor.name, message: err.message, location: err.location };
  }
}

/** A SyncReader over bytes in memory whose reads return at most `most` bytes (fewer than asked, as a file's may). */
function memoryReader(bytes: Buffer, most: number): SyncReader & { closed: boolean } {
  let at = 0;
  return {
    closed: false,
    read(into, to, max) {
      const n = Math.min(max, most, bytes.length - at);
      into.set(bytes.subarray(at, at + n), to);
      at += n;
      return n;
    },
    close() {
      this.closed = true;
    },
  };
}

/** The outcome of the synchronous reading (readRequestLogFile: reads straight into the batches). */
async function pulledOutcome(bytes: Buffer, options: Partial<RequestLogOptions>, most: number): Promise<unknown> {
  const reader = memoryReader(bytes, most);
  try {
    return { ok: await readRequestLogFile(reader, "p.jtl", options) };
  } catch (e) {
    const err = e as Error & { location?: unknown };
    return { error: err.constructor.name, message: err.message, location: err.location };
  } finally {
    assert.ok(reader.closed, "the reader is closed");
  }
}

/**
 * One thread (no batches), and batches parsed on this thread only or (`worker`) also on a worker:
 * the same outcome. The worker's batches are parsed by the same function; what a worker adds is
 * the handing over and the label names of its own dictionary, which the cases with `worker` check.
 * The synchronous reading straight into the batches (reads of at most `most` bytes) too.
 */
async function sameEverywhere(bytes: Buffer, options: Partial<RequestLogOptions> = {}, batchBytes = 1024, worker = false, most = 700): Promise<unknown> {
  const one = await outcome(bytes, { ...options, parallel: false });
  for (const threads of worker ? [false, true] : [false]) {
    const two = await outcome(bytes, { ...options, parallelTuning: { from: 300, batchBytes, threads } });
    assert.deepStrictEqual(two, one, `threads ${threads}`);
  }
  const pulled = await pulledOutcome(bytes, { ...options, parallelTuning: { from: 300, batchBytes, threads: false } }, most);
  assert.deepStrictEqual(pulled, one, `read synchronously, ${most} bytes at most a read`);
  return one;
}

const header = jtlDefaultFields.join(",");
const labels = ["GET /home", "POST /cart", "GET /search", "café"];

/** A JTL of n rows; `edit` may change row i's text (1-based line i + 2). */
function jtl(n: number, edit: (i: number, row: string) => string = (_, r) => r, eol = "\n"): Buffer {
  const rows = [header];
  for (let i = 0; i < n; i++) {
    const t = 1_700_000_000_000 + i * 37;
    const row = `${t},${(i * 7919) % 3001},${labels[i % 3]},200,OK,TG 1-1,text,${i % 53 === 0 ? "false" : "true"},,100,12,5,5,http://h/x,3,0,0`;
    rows.push(edit(i, row));
  }
  return Buffer.from(rows.join(eol) + eol);
}

test("two threads: the real JMeter JTLs give the one-thread result", async () => {
  for (const f of ["ajs.jtl", "bijoya-run2.jtl"]) {
    const bytes = readFileSync(join(real, f));
    for (const options of [{}, { byLabel: true }, { interval: 1 }]) {
      const r = (await sameEverywhere(bytes, options, 1024, Object.keys(options).length === 0)) as { ok?: unknown };
      assert.ok(r.ok, f);
    }
  }
});

test("two threads: generated JTLs with something odd past the cut give the one-thread result or error", async () => {
  const before = { ...rowBatchCounts };
  const n = 3000;
  // cases marked true also run with a worker thread
  const cases: [string, Buffer, Partial<RequestLogOptions>, boolean?][] = [
    ["plain", jtl(n), {}],
    ["plain, interval 1 s", jtl(n), { interval: 1 }, true],
    ["by label", jtl(n), { byLabel: true }],
    ["--label", jtl(n), { label: "POST /cart" }],
    ["CRLF", jtl(n, undefined, "\r\n"), {}],
    ["a bad line in the second half", jtl(n, (i, r) => (i === 2500 ? r.replace(/,\d+,/, ",x,") : r)), {}],
    ["a bad line, skipped", jtl(n, (i, r) => (i === 2500 || i === 2800 ? r.replace(/,\d+,/, ",-5,") : r)), { skipBadRows: true }, true],
    ["a short line", jtl(n, (i, r) => (i === 2222 ? r.slice(0, 20) : r)), {}],
    ["a label first seen in the second half", jtl(n, (i, r) => (i === 2700 ? r.replace("GET /home", "NEW ľabel") : r)), { byLabel: true }, true],
    ["a new label past --by-label's limit", jtl(n, (i, r) => (i === 2700 ? r.replace("GET /home", "fourth") : r)), { byLabel: true, maxLabels: 3 }],
    ["times going back", jtl(n, (i, r) => (i >= 1500 ? r.replace(/^\d+/, (t) => String(Number(t) - 40_000)) : r)), { interval: 1 }, true],
    ["a far timestamp", jtl(n, (i, r) => (i === 2900 ? r.replace(/^\d+/, "1900000000000") : r)), {}],
    ["an elapsed far too long", jtl(n, (i, r) => (i === 2900 ? r.replace(/^(\d+),\d+/, "$1,99999999999999") : r)), {}],
    ["a blank line", jtl(n, (i, r) => (i === 2000 ? "" : r)), {}],
    ["a quoted label in the second half", jtl(n, (i, r) => (i === 2000 ? r.replace("GET /home", '"GET /a,b"') : r)), { byLabel: true }, true],
    ["a success flag in another spelling", jtl(n, (i, r) => (i % 100 === 7 ? r.replace(",true,", ",TRUE,") : r)), {}],
    ["seconds among milliseconds", jtl(n, (i, r) => (i === 2600 ? r.replace(/^(\d+)\d{3},/, "$1,") : r)), {}],
    [
      "Transaction Controller rows (quoted: from the first on, the one-thread reading takes over)",
      jtl(n, (i, r) => (i > 1000 && i % 10 === 3 ? r.replace(",OK,", ',"Number of samples in transaction : 2, number of failing samples : 0",') : r)),
      { byLabel: true },
    ],
    [
      "rows whose message starts like a Transaction Controller's",
      jtl(n, (i, r) => (i % 10 === 3 ? r.replace(",OK,", ",Number of samples in transaction : 2; number of failing samples : 0,") : r)),
      {},
    ],
  ];
  for (const [name, bytes, options, worker] of cases) {
    for (const batch of worker ? [1024, 4096] : [1024]) {
      try {
        await sameEverywhere(bytes, options, batch, worker === true && batch === 4096);
      } catch (e) {
        assert.fail(`${name}, ${batch}-byte batches: ${(e as Error).message}`);
      }
    }
  }
  // both threads took batches
  assert.ok(rowBatchCounts.worker - before.worker > 20, `worker batches: ${rowBatchCounts.worker - before.worker}`);
  assert.ok(rowBatchCounts.main - before.main > 100, `main-thread batches: ${rowBatchCounts.main - before.main}`);
});

test("two threads: the error of a bad line in the second half names its true line", async () => {
  const bytes = jtl(3000, (i, r) => (i === 2500 ? r.replace(/,\d+,/, ",x,") : r));
  const r = (await sameEverywhere(bytes)) as { message: string; location: { line: number } };
  // line 1 is the header: row i is on line i + 2
  assert.equal(r.location.line, 2502);
  assert.match(r.message, /response time/);
});

test("two threads: random JTLs with odd rows, cut at random batch sizes, give the one-thread outcome", async () => {
  const row = fc.record({
    dt: fc.integer({ min: -2000, max: 4000 }),
    elapsed: fc.oneof(
      { weight: 30, arbitrary: fc.integer({ min: 0, max: 5000 }).map(String) },
      { weight: 1, arbitrary: fc.constantFrom("", "x", "1.5", "-1", "1e3") },
    ),
    label: fc.oneof(
      { weight: 20, arbitrary: fc.constantFrom(...labels) },
      { weight: 1, arbitrary: fc.constantFrom('"q,uoted"', "late label", "x".repeat(40)) },
    ),
    ok: fc.oneof({ weight: 20, arbitrary: fc.constantFrom("true", "false") }, { weight: 1, arbitrary: fc.constantFrom("200", "503", "ok", "maybe") }),
    shape: fc.oneof({ weight: 40, arbitrary: fc.constant("whole") }, { weight: 1, arbitrary: fc.constantFrom("short", "blank") }),
  });
  await fc.assert(
    fc.asyncProperty(
      fc.array(row, { minLength: 50, maxLength: 400 }),
      fc.constantFrom<Partial<RequestLogOptions>>({}, { skipBadRows: true }, { byLabel: true }, { interval: 1, skipBadRows: true }, { label: "café" }),
      fc.integer({ min: 256, max: 3000 }),
      fc.boolean(),
      fc.integer({ min: 1, max: 5000 }),
      async (rows, options, batch, crlf, most) => {
        let t = 1_700_000_000_000;
        const lines = [header];
        for (const r of rows) {
          t += r.dt;
          const cells = [String(t), r.elapsed, r.label, "200", "OK", "TG", "text", r.ok, "", "1", "1", "1", "1", "u", "1", "0", "0"];
          lines.push(r.shape === "blank" ? "" : r.shape === "short" ? cells.slice(0, 5).join(",") : cells.join(","));
        }
        const eol = crlf ? "\r\n" : "\n";
        await sameEverywhere(Buffer.from(lines.join(eol) + eol), options, batch, false, most);
      },
    ),
    { numRuns: 60 },
  );
});

test("read synchronously, a large input's worker starts once the header is read and takes batches: the one-thread outcome", async () => {
  const bytes = jtl(3000, (i, r) => (i === 2500 ? r.replace("GET /home", "NEW ľabel") : r));
  const one = await outcome(bytes, { byLabel: true, parallel: false });
  const before = rowBatchCounts.worker;
  // reads of 2,000 bytes; from the fourth on, each waits (synchronously, as a slow disk would) until the worker is ready
  let reads = 0;
  let at = 0;
  const sleep = new Int32Array(new SharedArrayBuffer(4));
  const reader: SyncReader = {
    size: bytes.length,
    read(into, to, max) {
      if (++reads > 3) for (let t = 0; t < 6000 && !latestWorkerReady(); t++) Atomics.wait(sleep, 0, 0, 10);
      const n = Math.min(max, 2000, bytes.length - at);
      into.set(bytes.subarray(at, at + n), to);
      at += n;
      return n;
    },
    close() {},
  };
  let pulled: unknown;
  try {
    pulled = { ok: await readRequestLogFile(reader, "p.jtl", { byLabel: true, parallelTuning: { from: 300, batchBytes: 1024, threads: true } }) };
  } catch (e) {
    pulled = { error: (e as Error).message };
  }
  assert.deepStrictEqual(pulled, one);
  assert.ok(rowBatchCounts.worker - before > 20, `worker batches: ${rowBatchCounts.worker - before}`);
});
