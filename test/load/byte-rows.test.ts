/**
 * The byte path of the per-request log reader (src/load/byte-rows.ts and the byte
 * row handler in src/load/request-log.ts: Buffer chunks, cells parsed from bytes)
 * cross-checked against the general path (text chunks: FastRows, decoded cells,
 * parseNumberCell): on random JTL, hey and generic logs (quoted labels with
 * delimiters and quotes, non-ASCII labels, CRLF, BOM, bad cells, short rows, blank
 * lines) cut into Buffer chunks at random bytes (also inside UTF-8 characters), both
 * give the same result or the same error (message and location). Exact equality.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { jtlDefaultFields, readRequestLog, type RequestLogOptions } from "../../src/load/request-log.js";
import { parseDecimalBytes, parseNumberCell } from "../../src/load/parse-cell.js";

const jtlHeader = [...jtlDefaultFields];
const heyHeader = ["response-time", "DNS+dialup", "DNS", "Request-write", "Response-delay", "Response-read", "status-code", "offset"];
const genericHeader = ["timestamp", "latency_ms", "success", "label"];

const plainLabels = ["GET /home", "POST /cart", "café", "日本語", "A", " spaced "];
/** Quoted labels: from the first one on, both paths read with CsvRecords. */
const quotedLabels = ['"POST /a,b"', '"say ""hi"""', '"a;b\tc"'];
const labels = [...plainLabels, ...quotedLabels];
/** Cells of a clean file are always `common`; a dirty file has a `rare` (odd or bad) cell now and then. */
const odd = <T>(dirty: boolean, common: fc.Arbitrary<T>, rare: fc.Arbitrary<T>) =>
  dirty ? fc.oneof({ weight: 20, arbitrary: common }, { weight: 1, arbitrary: rare }) : common;

const msTime = (d: boolean, base: number) =>
  odd(
    d,
    fc.integer({ min: 0, max: 20_000 }).map((t) => String(base + t)),
    fc.constantFrom("", " 1700000000123", "+1700000000123", "1.7000000001e12", "1700000001", "2023-11-14T22:13:20Z", "1700000000100.5", "x", "-1700000000000"),
  );
const msLatency = (d: boolean) =>
  odd(
    d,
    fc.integer({ min: 0, max: 5000 }).map(String),
    fc.constantFrom("", "12.5", "-3", "abc", " 7", "1e2", "00012", "9999999999999999", "5.", ".5", "NaN", "Infinity"),
  );
const success = (d: boolean) =>
  odd(d, fc.constantFrom("true", "false", "true", "true"), fc.constantFrom("200", "503", "TRUE", "ok", "maybe", "", "0", " false"));
const label = (quoted: boolean) =>
  quoted
    ? fc.oneof({ weight: 20, arbitrary: fc.constantFrom(...plainLabels) }, { weight: 1, arbitrary: fc.constantFrom(...quotedLabels) })
    : fc.constantFrom(...plainLabels);

const jtlRow = (d: boolean, q: boolean, base: number) =>
  fc
    .tuple(msTime(d, base), msLatency(d), label(q), success(d))
    .map(([t, e, l, s]) => [t, e, l, "200", "OK", "TG 1-1", "text", s, "", "100", "12", "5", "5", "http://h/x", e, "0", "0"]);
const heyRow = (d: boolean) =>
  fc
    .tuple(
      odd(
        d,
        fc.integer({ min: 0, max: 900_000 }).map((n) => (n / 1e6).toFixed(4)),
        fc.constantFrom("", "abc", "-0.1", "0.1234567890123456789"),
      ),
      odd(
        d,
        fc.integer({ min: 0, max: 15_000_000 }).map((n) => (n / 1e6).toFixed(6)),
        fc.constantFrom("", "1e1", "x"),
      ),
      odd(d, fc.constantFrom("200", "200", "500"), fc.constantFrom("2000", "ok", "")),
    )
    .map(([r, off, code]) => [r, "0.0001", "0.0001", "0.0000", r, "0.0001", code, off]);
const genericRow = (d: boolean, q: boolean) =>
  fc
    .tuple(
      odd(
        d,
        // 0 to 20 s after the start, as the JTL rows: a wider span only adds empty intervals (one HdrHistogram each)
        fc.integer({ min: 0, max: 20_000 }).map((n) => (1_700_000_000 + n / 1000).toFixed(3)),
        fc.constantFrom("2023-11-14T22:13:20.5Z", "", "17e8"),
      ),
      odd(
        d,
        fc.integer({ min: 0, max: 100_000 }).map((n) => (n / 1000).toFixed(3)),
        fc.constantFrom("", "x", "1.5e1"),
      ),
      odd(d, fc.constantFrom("ok", "error", "200", "503", "true"), fc.constantFrom("maybe", "")),
      label(q),
    )
    .map((r) => [...r]);

/** A row as written: whole, or in a dirty file sometimes cut short, with extra fields, or a blank line. */
const shaped = (d: boolean, row: fc.Arbitrary<string[]>) =>
  fc
    .tuple(row, odd(d, fc.constant("whole"), fc.constantFrom("short", "extra", "blank")), fc.integer({ min: 1, max: 16 }))
    .map(([r, shape, k]) => (shape === "short" ? r.slice(0, Math.min(k, r.length - 1)) : shape === "extra" ? [...r, "x", "y"] : shape === "blank" ? [] : r));

const logArb = fc
  .record({
    kind: fc.constantFrom("jtl", "jtl", "headerless", "hey", "generic"),
    dirty: fc.boolean(),
    quoted: fc.boolean(),
    delimiter: fc.oneof({ weight: 4, arbitrary: fc.constant(",") }, { weight: 1, arbitrary: fc.constantFrom("\t", ";") }),
    crlf: fc.boolean(),
    bom: fc.boolean(),
    finalNewline: fc.boolean(),
    base: fc.integer({ min: 1_700_000_000_000, max: 1_700_000_100_000 }),
    rowCount: fc.integer({ min: 0, max: 60 }),
  })
  .chain((s) => {
    const row = s.kind === "hey" ? heyRow(s.dirty) : s.kind === "generic" ? genericRow(s.dirty, s.quoted) : jtlRow(s.dirty, s.quoted, s.base);
    return fc.record({ spec: fc.constant(s), rows: fc.array(shaped(s.dirty, row), { minLength: s.rowCount, maxLength: s.rowCount }) });
  })
  .map(({ spec, rows }) => {
    const header = spec.kind === "hey" ? heyHeader : spec.kind === "generic" ? genericHeader : jtlHeader;
    const eol = spec.crlf ? "\r\n" : "\n";
    const lines = (spec.kind === "headerless" ? [] : [header]).concat(rows).map((r) => r.join(spec.delimiter));
    const text = (spec.bom ? "\uFEFF" : "") + lines.join(eol) + (spec.finalNewline ? eol : "");
    return { kind: spec.kind, text };
  });

const optionsArb: fc.Arbitrary<Partial<RequestLogOptions>> = fc.oneof(
  fc.constant({}),
  fc.record({ skipBadRows: fc.constant(true) }),
  fc.record({ label: fc.constantFrom("GET /home", "POST /a,b", "café", "nope"), skipBadRows: fc.boolean() }),
  fc.record({ byLabel: fc.constant(true), maxLabels: fc.constantFrom(2, 200), skipBadRows: fc.boolean(), interval: fc.constantFrom(null, 1) }),
  fc.record({ interval: fc.constantFrom(0.5, 1, 10) }),
);

/** Cut bytes at the given offsets (any byte, also inside a UTF-8 character). */
function cut(bytes: Buffer, at: number[]): Buffer[] {
  const points = [...new Set(at.map((a) => a % (bytes.length + 1)))].sort((a, b) => a - b);
  const out: Buffer[] = [];
  let from = 0;
  for (const p of points) {
    out.push(bytes.subarray(from, p));
    from = p;
  }
  out.push(bytes.subarray(from));
  return out;
}

let results = 0;

async function outcome(source: AsyncIterable<Buffer | string>, options: Partial<RequestLogOptions>): Promise<unknown> {
  try {
    const ok = await readRequestLog(source, "p.jtl", options);
    results++;
    return { ok };
  } catch (e) {
    const err = e as Error & { location?: unknown };
    return { error: err.constructor.name, message: err.message, location: err.location };
  }
}

const asAsync = <T>(items: T[]): AsyncIterable<T> => ({
  async *[Symbol.asyncIterator]() {
    for (const i of items) yield i;
  },
});

test("request log byte path equals the text path (FastRows + parseNumberCell) on random logs, cut at random bytes: same result or same error", async () => {
  await fc.assert(
    fc.asyncProperty(logArb, optionsArb, fc.array(fc.nat(), { maxLength: 8 }), async (log, options, at) => {
      const text = await outcome(asAsync([log.text]), options);
      const bytes = await outcome(asAsync(cut(Buffer.from(log.text, "utf8"), at)), options);
      assert.deepStrictEqual(bytes, text);
    }),
    { numRuns: 300 },
  );
  // both paths ran to the end (no error) in a good share of the runs, not only up to a bad row
  assert.ok(results >= 2 * 0.3 * 300, `${results / 2} runs without an error`);
});

test("request log byte path: a JTL of 5,000 rows in 64 KiB and 7-byte chunks equals the text path", async () => {
  const rows: string[] = [jtlHeader.join(",")];
  for (let i = 0; i < 5000; i++)
    rows.push(
      `${1_700_000_000_000 + i * 13},${(i * 7919) % 3001},${labels[i % labels.length]},200,OK,TG,text,${i % 97 === 0 ? "false" : "true"},,1,1,1,1,u,1,0,0`,
    );
  const textIn = rows.join("\n") + "\n";
  const bytes = Buffer.from(textIn);
  const want = await outcome(asAsync([textIn]), { byLabel: true });
  for (const size of [1 << 16, 7]) {
    const chunks: Buffer[] = [];
    for (let p = 0; p < bytes.length; p += size) chunks.push(bytes.subarray(p, p + size));
    assert.deepStrictEqual(await outcome(asAsync(chunks), { byLabel: true }), want);
  }
});

test("parseDecimalBytes: a plain decimal's bytes give parseNumberCell's value (Clinger's fast path); anything else NaN", () => {
  const decimal = fc.oneof(
    fc.tuple(fc.stringMatching(/^\d{0,9}$/), fc.option(fc.stringMatching(/^\d{0,9}$/))).map(([a, b]) => (b === null ? a : `${a}.${b}`)),
    fc.stringMatching(/^[\d.eE+\- ]{0,18}$/),
    fc.double().map(String),
  );
  fc.assert(
    fc.property(decimal, (s) => {
      const b = Buffer.from(`,${s},`);
      const v = parseDecimalBytes(b, 1, b.length - 1);
      if (Number.isNaN(v)) return;
      const n = parseNumberCell(s);
      assert.equal(n.kind, "number", s);
      assert.ok(Object.is(v, n.value), `${s}: ${v} vs ${n.value}`);
    }),
    { numRuns: 5000 },
  );
  for (const s of ["", ".", "+1", "-1", " 1", "1 ", "1e3", "0x10", "1234567890123456", "1.2.3", "Infinity"])
    assert.ok(Number.isNaN(parseDecimalBytes(Buffer.from(s), 0, s.length)), s);
  assert.equal(parseDecimalBytes(Buffer.from("0.1"), 0, 3), 0.1);
  assert.equal(parseDecimalBytes(Buffer.from("123456789012345"), 0, 15), 123456789012345);
});

test("a CSV syntax error after the first quoted line names its own line (bytes and text alike)", async () => {
  const header =
    "timeStamp,elapsed,label,responseCode,responseMessage,threadName,dataType,success,failureMessage,bytes,sentBytes,grpThreads,allThreads,URL,Latency,IdleTime,Connect";
  const row = (i: number, label: string) => `${1700000000000 + i * 10},${5 + (i % 50)},${label},200,OK,t 1-1,text,true,,100,50,1,1,http://x,5,0,1`;
  const lines = [header, ...Array.from({ length: 100 }, (_, i) => row(i, "GET /x")), row(100, '"POST /a,b"'), row(101, '"bad"x')];
  const text = lines.join("\n") + "\n";
  async function* chunks(c: Buffer | string) {
    yield c;
  }
  for (const source of [chunks(Buffer.from(text)), chunks(text)]) {
    await assert.rejects(readRequestLog(source, "q.jtl"), (e: Error & { location?: { line?: number } }) => {
      assert.equal(e.location?.line, 103, e.message);
      return true;
    });
  }
});
