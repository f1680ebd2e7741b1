/**
 * Property tests of every loader, with fast-check: fed random bytes, random
 * text made of the format's own tokens, or a real file with random edits, a loader
 * returns or throws the project's own `ChpError` — never a TypeError, RangeError or a
 * hang. 10,000 cases per loader (CHP_FUZZ_RUNS overrides; small inputs keep each loader
 * to a few seconds). Then the invariants of what they return:
 * histogram counts sum to the kept rows; quantiles are monotone in p; every kept point
 * lies at or under its bin's max staircase; the fit is finite or `ok: false`; a merged
 * histogram's count is the sum of its intervals' counts.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { ChpError } from "../../src/errors.js";
import { readTimeSeries } from "../../src/load/time-series.js";
import { readHistogramLog } from "../../src/load/hdr/interval-log.js";
import { readMergedHistogramLogs } from "../../src/load/merge-intervals.js";
import { readHgrm } from "../../src/load/hgrm.js";
import { readSpigo } from "../../src/load/spigo.js";
import { readRequestLog } from "../../src/load/request-log.js";
import { parseModel, parseJsonText } from "../../src/model/parse-model.js";
import { evaluateSpace, parseSpace } from "../../src/model/guesstimate/import.js";
import { analyzeHeadroom } from "../../src/headroom/analyze.js";
import { binIndex } from "../../src/stats/histogram.js";
import { quantile } from "../../src/stats/quantile.js";
import { tmpDir } from "../helpers/tmp.js";
import { realData } from "../helpers/real.js";

const runs = Number(process.env.CHP_FUZZ_RUNS ?? 10_000);
// A fixed seed keeps CI repeatable; CHP_FUZZ_SEED=random (or a number) explores other cases.
const seedEnv = process.env.CHP_FUZZ_SEED;
const seed = seedEnv === "random" ? Date.now() % 2 ** 31 : Number(seedEnv ?? 20261201);
fc.configureGlobal({ seed });

const real = realData;
const readIf = (path: string): string | null => (existsSync(path) ? readFileSync(path, "utf8") : null);

/** Bytes as a stream cut into chunks at the given points (chunk boundaries are where streaming readers break). */
async function* chunks(bytes: Uint8Array, cuts: readonly number[]): AsyncGenerator<Buffer> {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  let at = 0;
  for (const p of points) {
    if (p > at) yield Buffer.from(bytes.subarray(at, p));
    at = Math.max(at, p);
  }
  if (at < bytes.length) yield Buffer.from(bytes.subarray(at));
}

/** Run `load`; anything thrown must be a ChpError (the message is then one line). */
async function onlyOwnErrors<T>(load: () => Promise<T>): Promise<T | null> {
  try {
    return await load();
  } catch (e) {
    if (!(e instanceof ChpError)) throw new Error(`not a ChpError: ${(e as Error)?.stack ?? String(e)}`);
    assert.ok(!(e.message ?? "").includes("\n    at "), "no stack in the message");
    return null;
  }
}

/** A text made of the given tokens (the format's own vocabulary), or of any characters. */
const tokenText = (tokens: readonly string[], maxLength = 60) =>
  fc
    .array(fc.oneof({ weight: 8, arbitrary: fc.constantFrom(...tokens) }, { weight: 1, arbitrary: fc.string({ maxLength: 4 }) }), { maxLength })
    .map((a) => a.join(""));

/** A real file's first `keep` characters with a few random edits (delete, insert, replace). */
const mutated = (text: string, keep = 1500) => {
  const base = text.slice(0, keep);
  return fc
    .array(fc.tuple(fc.nat(base.length), fc.nat(3), fc.string({ maxLength: 3 }), fc.constantFrom("delete", "insert", "replace")), { maxLength: 6 })
    .map((edits) => {
      let s = base;
      for (const [at, len, str, op] of edits) {
        const p = at % (s.length + 1);
        if (op === "delete") s = s.slice(0, p) + s.slice(p + len);
        else if (op === "insert") s = s.slice(0, p) + str + s.slice(p);
        else s = s.slice(0, p) + str + s.slice(p + str.length);
      }
      return s;
    });
};

/** Input of a loader: raw bytes, token soup, or a mutated real file; plus chunk cut points. */
function inputs(tokens: readonly string[], realTexts: readonly string[]): fc.Arbitrary<[Uint8Array, number[]]> {
  const sources: fc.Arbitrary<Uint8Array>[] = [fc.uint8Array({ maxLength: 200 }), tokenText(tokens).map((s) => Buffer.from(s))];
  for (const t of realTexts) sources.push(mutated(t).map((s) => Buffer.from(s)));
  return fc.tuple(fc.oneof(...sources), fc.array(fc.nat(4000), { maxLength: 4 }));
}

const csvTokens = [
  ",",
  ";",
  "\t",
  "\n",
  "\r\n",
  '"',
  '""',
  " ",
  "timestamp",
  "throughput",
  "response_ms",
  "latency",
  "elapsed",
  "success",
  "label",
  "0",
  "1",
  "12.5",
  "-3",
  "1e309",
  "NaN",
  "NA",
  "Infinity",
  "12,5",
  "1714521600",
  "1714521600000",
  "2024-05-01T00:00:00Z",
  "true",
  "false",
  "200",
  "\uFEFF",
  "\u0000",
  "\uFFFD",
];

test(`fuzz: time-series loader throws only ChpError (${runs} cases)`, async (t) => {
  t.diagnostic(`fast-check seed ${seed} (CHP_FUZZ_SEED=random or a number for others)`);
  const texts = [readIf("data/web-steady.csv"), readIf("data/api-latency.tsv"), readIf("test/fixtures/bad/quoted-fields.csv")].filter(
    (t): t is string => t !== null,
  );
  await fc.assert(
    fc.asyncProperty(inputs(csvTokens, texts), fc.boolean(), async ([bytes, cuts], skip) => {
      const ts = await onlyOwnErrors(() => readTimeSeries(chunks(bytes, cuts), "fuzz.csv", { skipBadRows: skip }));
      if (ts) {
        assert.equal(ts.throughput.length, ts.rows);
        assert.equal(ts.response.length, ts.rows);
        for (const v of [...ts.throughput, ...ts.response]) assert.ok(Number.isNaN(v) || (Number.isFinite(v) && v >= 0), `value ${v}`);
        if (ts.time) for (let i = 1; i < ts.time.length; i++) assert.ok(!(ts.time[i] < ts.time[i - 1]), "sorted by time");
      }
    }),
    { numRuns: runs, timeout: 5000 },
  );
});

test("fuzz: time-series chunking does not change the result", async () => {
  const texts = [readIf("data/web-steady.csv"), readIf("test/fixtures/bad/quoted-fields.csv"), readIf("test/fixtures/bad/bom-crlf.csv")].filter(
    (t): t is string => t !== null,
  );
  await fc.assert(
    fc.asyncProperty(
      fc.constantFrom(...texts).map((t) => Buffer.from(t.slice(0, 3000).replace(/\n[^\n]*$/, "\n"))),
      fc.array(fc.nat(3000), { maxLength: 6 }),
      async (bytes, cuts) => {
        const a = await onlyOwnErrors(() => readTimeSeries(chunks(bytes, []), "a.csv"));
        const b = await onlyOwnErrors(() => readTimeSeries(chunks(bytes, cuts), "a.csv"));
        assert.deepEqual(b?.response, a?.response);
        assert.deepEqual(b?.throughput, a?.throughput);
      },
    ),
    { numRuns: Math.min(runs, 500) },
  );
});

const hlogReal = [
  readIf(join(real, "hdrhistogram/jHiccup-2.0.7S.logV2.hlog")),
  readIf(join(real, "hdrhistogram/tagged.logV2.hlog")),
  readIf("test/load/fixtures/generated/v0-1.01-w2.hlog"),
  readIf("test/load/fixtures/generated/v1-1.1-w4.hlog"),
].filter((t): t is string => t !== null);
const hlogTokens = [
  "#[StartTime: 1441812279.474]",
  "#[BaseTime: 0]",
  "#[Histogram log format version 1.3]",
  '"StartTimestamp","Interval_Length","Interval_Max","Interval_Compressed_Histogram"',
  "Tag=a,",
  "\n",
  ",",
  "0.127",
  "1.007",
  "-1",
  "HISTFAAAAEV42pNpmSzMwMCgyAABTBDKT4GBgdnNYMcCBvsPEBEJISEuATEZMQ4uASkhIR4nrxg9v2lMaxhvMekILGZkKmcCAEf2CsI=",
  "HIST",
  "HISTFAAAAEV4",
  "=",
  "!",
];

test(`fuzz: hlog reader throws only ChpError (${runs} cases)`, async () => {
  await fc.assert(
    fc.asyncProperty(inputs(hlogTokens, hlogReal), fc.option(fc.constantFrom("a", "A", "B")), fc.boolean(), async ([bytes, cuts], tag, skip) => {
      const set = await onlyOwnErrors(() => readHistogramLog(chunks(bytes, cuts), "fuzz.hlog", { tag, skipBadRows: skip }));
      if (set) {
        // the total is the merge of the intervals: its count is the sum of theirs
        assert.equal(
          set.total.totalCount,
          set.intervals.reduce((s, i) => s + i.count, 0),
        );
        const ps = [0, 10, 50, 90, 99, 99.9, 100];
        if (set.total.totalCount > 0) {
          const vs = set.total.valuesAtPercentiles(ps);
          for (let i = 1; i < vs.length; i++) assert.ok(vs[i] >= vs[i - 1], `percentiles monotone: ${vs}`);
        }
      }
    }),
    { numRuns: runs, timeout: 5000 },
  );
});

test("fuzz: merged hlogs' counts equal the sum of the files' intervals", async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(fc.constantFrom(...hlogReal), { minLength: 1, maxLength: 3 }), async (texts) => {
      const sets = await Promise.all(texts.map((t, k) => onlyOwnErrors(() => readHistogramLog(chunks(Buffer.from(t), []), `f${k}.hlog`))));
      const merged = await onlyOwnErrors(() => readMergedHistogramLogs(texts.map((t, k) => ({ file: `f${k}.hlog`, source: chunks(Buffer.from(t), []) }))));
      if (merged === null || sets.some((s) => s === null)) return;
      const sum = sets.reduce((s, set) => s + set!.total.totalCount, 0);
      assert.equal(merged.total.totalCount, sum);
      assert.equal(
        merged.intervals.reduce((s, i) => s + i.count, 0),
        sum,
      );
    }),
    { numRuns: 50 },
  );
});

/** A distribution that was read has its percentiles in order. */
function assertMonotonePercentiles(s: { p50: number | null; p90: number | null; p99: number | null; p999: number | null }): void {
  const ps = [s.p50, s.p90, s.p99, s.p999].filter((v): v is number => v !== null && !Number.isNaN(v));
  for (let i = 1; i < ps.length; i++) assert.ok(ps[i] >= ps[i - 1], `percentiles monotone: ${ps}`);
}

const hgrmReal = [readIf(join(real, "hdrhistogram/percentiles-example1.hgrm")), readIf("test/load/fixtures/generated/java-1.3-absolute.csv.hgrm")].filter(
  (t): t is string => t !== null,
);
const hgrmTokens = [
  "       Value     Percentile TotalCount 1/(1-Percentile)\n",
  '"Value","Percentile","TotalCount","1/(1-Percentile)"\n',
  " ",
  ",",
  "\n",
  "0.017",
  "0.500000000000",
  "1.000000000000",
  "7",
  "-3",
  "Infinity",
  "#[Mean    =  25.048, StdDeviation   = 120.097]\n",
  "#[Max     = 9420.800, Total count    =  475109]\n",
  "#[Buckets =       27, SubBuckets     =    2048]\n",
];

test(`fuzz: .hgrm reader throws only ChpError (${runs} cases)`, async () => {
  await fc.assert(
    fc.asyncProperty(inputs(hgrmTokens, hgrmReal), async ([bytes, cuts]) => {
      const d = await onlyOwnErrors(() => readHgrm(chunks(bytes, cuts), "fuzz.hgrm"));
      if (d) assertMonotonePercentiles(d.stats);
    }),
    { numRuns: runs, timeout: 5000 },
  );
});

const spigoReal = [readIf(join(real, "spigo/lamp_www00_resp.csv")), readIf(join(real, "spigo/netflixoss_www00_rt.csv"))].filter((t): t is string => t !== null);
const spigoTokens = [
  "name: x\n",
  "quantiles: [{50 1015807} {99 1015807}]\n",
  "From    To       Count  Prob    Bar\n",
  "Total: 5\n",
  " ",
  "\n",
  "983040",
  "1015807",
  "5",
  "1.0000",
  ":####",
  "-1",
  "{",
  "}",
  "[",
];

test(`fuzz: spigo reader throws only ChpError (${runs} cases)`, async () => {
  await fc.assert(
    fc.asyncProperty(inputs(spigoTokens, spigoReal), async ([bytes, cuts]) => {
      const d = await onlyOwnErrors(() => readSpigo(chunks(bytes, cuts), "fuzz.txt"));
      if (d) assertMonotonePercentiles(d.stats);
    }),
    { numRuns: runs, timeout: 5000 },
  );
});

const requestReal = [readIf(join(real, "hey/hey-c16-per-request.csv")), readIf("test/fixtures/bad/jtl-no-success.jtl")].filter((t): t is string => t !== null);
const requestTokens = [
  ...csvTokens,
  "timeStamp,elapsed,label,responseCode,success\n",
  "response-time,status-code,offset\n",
  "timestamp,latency_ms,success\n",
  "1714521600100",
  "0.0039",
];

test(`fuzz: request-log reader throws only ChpError (${runs} cases)`, async () => {
  await fc.assert(
    fc.asyncProperty(inputs(requestTokens, requestReal), fc.boolean(), async ([bytes, cuts], skip) => {
      const set = await onlyOwnErrors(() =>
        readRequestLog(chunks(bytes, cuts), "fuzz.jtl", { interval: null, label: null, inputUnit: "ms", skipBadRows: skip }),
      );
      if (set)
        assert.equal(
          set.total.totalCount,
          set.intervals.reduce((s, i) => s + i.count, 0),
        );
    }),
    { numRuns: runs, timeout: 5000 },
  );
});

const modelText =
  readIf("data/cache-model.json") ?? '{"tiers":[{"name":"a","hitRate":0.4,"latency":{"lognormal":[0.5,2]}},{"name":"b","latency":{"point":3}}]}';
/** JSON values shaped like a model: the right keys with values of any type. */
const modelLike = fc.letrec((tie) => ({
  latency: fc.dictionary(
    fc.constantFrom("point", "uniform", "normal", "lognormal", "samples", "buckets", "scale", "data", "column", "x"),
    fc.oneof(
      fc.double(),
      fc.array(fc.double(), { maxLength: 3 }),
      fc.string({ maxLength: 3 }),
      fc.constant(null),
      fc.array(fc.record({ from: fc.double(), to: fc.double(), count: fc.double() }), { maxLength: 3 }),
    ),
    { maxKeys: 3 },
  ),
  tier: fc.record(
    {
      name: fc.oneof(fc.string({ maxLength: 4 }), fc.integer()),
      hitRate: fc.oneof(fc.double(), fc.string({ maxLength: 3 }), fc.constant(null)),
      latency: tie("latency"),
    },
    { requiredKeys: [] },
  ),
  model: fc.record(
    {
      name: fc.anything(),
      unit: fc.anything(),
      base: fc.oneof(tie("tier"), fc.anything()),
      tiers: fc.oneof(fc.array(tie("tier"), { maxLength: 4 }), fc.anything()),
    },
    { requiredKeys: [] },
  ),
})).model;

test(`fuzz: model JSON reader throws only ChpError (${runs} cases)`, async () => {
  const baseDir = tmpDir();
  await fc.assert(
    fc.asyncProperty(
      fc.oneof(
        modelLike,
        fc.anything(),
        mutated(modelText).map((t) => ({ text: t })),
      ),
      async (input) => {
        await onlyOwnErrors(async () => {
          const json = input && typeof input === "object" && "text" in input && typeof input.text === "string" ? parseJsonText(input.text, "m.json") : input;
          const m = await parseModel(json, { file: "m.json", baseDir });
          for (const t of m.tiers) assert.ok(t.hitRate >= 0 && t.hitRate <= 1, `hit rate ${t.hitRate} in [0, 1]`);
          return m;
        });
      },
    ),
    { numRuns: runs, timeout: 5000 },
  );
});

const spaceTexts = [readIf(join(real, "spigo/lamp.guess.json")), readIf(join(real, "spigo/storage.guess.json"))].filter((t): t is string => t !== null);
const spaceLike = fc.record({
  space: fc.record(
    {
      name: fc.anything(),
      graph: fc.record(
        {
          metrics: fc.oneof(
            fc.array(
              fc.record({ id: fc.constantFrom("A1", "A2", "A3", 7), readableId: fc.constantFrom("AA", "BB", "CC"), name: fc.anything() }, { requiredKeys: [] }),
              { maxLength: 3 },
            ),
            fc.anything(),
          ),
          guesstimates: fc.oneof(
            fc.array(
              fc.record(
                {
                  metric: fc.constantFrom("A1", "A2", "A3", null),
                  expression: fc.oneof(
                    fc.constantFrom(
                      "40",
                      "[1,2]",
                      "=${metric:A1}*2",
                      "=randomInt(0,100) < ${metric:A2} ? 1 : 2",
                      "=(",
                      "=${metric:A3}",
                      "=AA+BB",
                      "=lognormal(1,2)",
                    ),
                    fc.anything(),
                  ),
                  input: fc.oneof(fc.constantFrom("=AA*2", "[1,3]"), fc.anything()),
                  guesstimateType: fc.oneof(fc.constantFrom("POINT", "NORMAL", "LOGNORMAL", "UNIFORM", "BETA", "DATA", "FUNCTION", "NOPE"), fc.anything()),
                  data: fc.oneof(fc.array(fc.double(), { maxLength: 4 }), fc.anything()),
                },
                { requiredKeys: [] },
              ),
              { maxLength: 4 },
            ),
            fc.anything(),
          ),
        },
        { requiredKeys: [] },
      ),
    },
    { requiredKeys: [] },
  ),
});

test(`fuzz: Guesstimate import throws only ChpError (${runs} cases)`, async () => {
  const arbs: fc.Arbitrary<unknown>[] = [spaceLike, fc.anything()];
  for (const t of spaceTexts) arbs.push(mutated(t, 4000).map((s) => ({ text: s })));
  await fc.assert(
    fc.asyncProperty(fc.oneof(...arbs), async (input) => {
      await onlyOwnErrors(async () => {
        const json =
          input && typeof input === "object" && "text" in input && typeof (input as { text: unknown }).text === "string"
            ? parseJsonText((input as { text: string }).text, "s.json")
            : input;
        const space = parseSpace(json, "s.json");
        return evaluateSpace(space, { samples: 20, seed: 1 });
      });
    }),
    { numRuns: runs, timeout: 5000 },
  );
});

// Invariants of the analysis on random data.
const series = fc.array(
  fc.tuple(
    fc.oneof(fc.double({ min: 0, max: 1e6, noNaN: true }), fc.integer({ min: 0, max: 50 })),
    fc.oneof(fc.double({ min: 0, max: 1e4, noNaN: true }), fc.integer({ min: 0, max: 20 })),
  ),
  { minLength: 0, maxLength: 80 },
);

test(`property: histograms, staircase, fit and quantiles of the headroom analysis (${runs} cases)`, () => {
  fc.assert(
    fc.property(series, fc.constantFrom(0.5, 0.9, 0.95, 1), fc.boolean(), (rows, q, qx) => {
      const x = Float64Array.from(rows, (r) => r[0]);
      const y = Float64Array.from(rows, (r) => r[1]);
      let a: ReturnType<typeof analyzeHeadroom>;
      try {
        a = analyzeHeadroom({ throughput: x, response: y }, { q, qx });
      } catch (e) {
        if (e instanceof ChpError) return;
        throw e;
      }
      const sum = (c: readonly number[]) => c.reduce((s, v) => s + v, 0);
      assert.equal(sum(a.throughputHist.counts), a.kept, "throughput histogram counts sum to the kept rows");
      assert.equal(sum(a.responseHist.counts), a.kept, "response histogram counts sum to the kept rows");
      const bins = binIndex(a.x, a.throughputHist.breaks);
      for (let i = 0; i < a.kept; i++) {
        const top = a.maxCurve[bins[i]];
        assert.ok(top !== null && a.y[i] <= top, `point ${a.x[i]},${a.y[i]} under its bin's staircase ${top}`);
      }
      const f = a.fit;
      if (f.ok) for (const v of [f.intercept, f.slope, f.deviance]) assert.ok(v !== null && Number.isFinite(v), `fit finite: ${JSON.stringify(f)}`);
      const ps = [0, 0.01, 0.25, 0.5, 0.75, 0.9, 0.99, 1];
      for (const type of [1, 4, 7, 9] as const) {
        const qs = ps.map((p) => quantile(a.y, p, { type }));
        for (
          let i = 1;
          i < qs.length;
          i++ // tolerance: 1e-9 relative, and 1e-300 absolute for subnormal values (their interpolation rounds in steps of 5e-324)
        )
          assert.ok(qs[i] >= qs[i - 1] - 1e-9 * Math.abs(qs[i - 1]) - 1e-300, `type ${type} quantiles monotone in p: ${qs}`);
      }
    }),
    { numRuns: runs, timeout: 5000 },
  );
});
