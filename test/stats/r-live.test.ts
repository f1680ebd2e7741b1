/**
 * Live cross-check against R (when `Rscript` is on PATH): a few hundred seeded random
 * datasets of varied shapes go to ONE Rscript process as little-endian binary64 (bit-exact
 * both ways); R computes quantile() (all nine types), mean, sd, summary(), pretty(range(x))
 * and hist() with Sturges / Scott / FD breaks, and we compare:
 * - quantiles, summary quantiles, breaks and counts: exact equality (same arithmetic as R);
 * - mean and sd: relative 1e-13 (R accumulates in 80-bit long double, we in double-double).
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { hasRscript, mulberry32, readDoubles, runR, writeDoubles } from "../../scripts/r/rbin.js";
import { type BinRule, type QuantileType, freedmanDiaconis, histogram, mean, pretty, quantiles, scott, sd, sturges, summary } from "../../src/stats/index.js";

const PS = [0, 0.001, 0.01, 0.1, 0.25, 1 / 3, 0.5, 2 / 3, 0.75, 0.9, 0.95, 0.99, 0.999, 1];
const TYPES: QuantileType[] = [1, 2, 3, 4, 5, 6, 7, 8, 9];
const RULES: [string, BinRule][] = [
  ["Sturges", sturges],
  ["Scott", scott],
  ["FD", freedmanDiaconis],
];

interface Dataset {
  shape: string;
  x: number[];
}

function makeDatasets(count: number, seed: number): Dataset[] {
  const rand = mulberry32(seed);
  const normal = (): number => {
    const u = 1 - rand();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
  };
  const shapes: [string, () => number][] = [
    ["normal", () => 100 + 15 * normal()],
    ["lognormal", () => Math.exp(3 + normal())],
    ["integer", () => Math.round(20 + 5 * normal())],
    ["small-integer", () => Math.floor(rand() * 4)],
    ["constant", () => 42.5],
    ["negative", () => -50 + 10 * normal()],
    ["tiny", () => 1e-9 * (1 + rand())],
    ["huge", () => 1e9 * Math.exp(normal())],
    ["uniform", () => rand()],
    [
      "multimodal",
      () => {
        const r = rand();
        return r < 0.4 ? 1 + 0.1 * normal() : r < 0.8 ? 5 + 0.5 * normal() : 50 + 10 * normal();
      },
    ],
    ["pareto", () => 1 / Math.pow(1 - rand(), 1 / 1.5)],
    ["rounded-ms", () => Math.round(Math.exp(2 + 0.5 * normal()) * 1000) / 1000],
    ["subnormal", () => Math.floor(rand() * 64) * 2 ** -1074],
  ];
  const out: Dataset[] = [];
  for (let k = 0; k < count; k++) {
    const [shape, gen] = shapes[k % shapes.length];
    const n = k < 24 ? 1 + (k % 3) : Math.max(1, Math.round(Math.exp(rand() * Math.log(5000))));
    const x = Array.from({ length: n }, gen);
    if (k % 17 === 5) x.splice(Math.floor(rand() * n), 0, NaN);
    if (k % 29 === 7) x.push(NaN, NaN);
    if (k % 31 === 11) x.push(Infinity); // kept by quantile/mean (as R), dropped by hist
    out.push({ shape: n === 1 ? `${shape} (n = 1)` : shape, x });
  }
  return out;
}

// R writes, per dataset: 9 x |PS| quantiles, mean, sd, summary (6), pretty(range) (len + values),
// then per rule: nclass, breaks (len + values), counts (len + values) or -1 when hist() errors.
const R_PROGRAM = (dir: string, sizes: number[]) => `
sizes <- c(${sizes.join(",")})
all <- readBin("${dir}/in.bin", "double", sum(sizes), size = 8, endian = "little")
ps <- readBin("${dir}/ps.bin", "double", ${PS.length}, size = 8, endian = "little")
out <- list(); k <- 0; start <- 0
for (s in sizes) {
  x <- all[start + seq_len(s)]; start <- start + s
  q <- unlist(lapply(1:9, function(t) quantile(x, ps, type = t, na.rm = TRUE, names = FALSE)))
  fx <- x[is.finite(x)]
  pr <- pretty(range(fx))
  res <- c(q, mean(x, na.rm = TRUE), sd(x, na.rm = TRUE), as.double(summary(x)[1:6]), length(pr), pr)
  for (rule in c("Sturges", "Scott", "FD")) {
    h <- tryCatch(hist(x, breaks = rule, plot = FALSE), error = function(e) NULL)
    nc <- tryCatch(switch(rule, Sturges = nclass.Sturges(fx), Scott = nclass.scott(fx), FD = nclass.FD(fx)),
                   error = function(e) NA)
    res <- c(res, if (is.null(h)) c(nc, -1) else c(nc, length(h$breaks), h$breaks, length(h$counts), h$counts))
  }
  k <- k + 1; out[[k]] <- res
}
writeBin(as.double(unlist(out)), "${dir}/out.bin", size = 8, endian = "little")
`;

function relClose(actual: number, expected: number, tol: number): boolean {
  if (Number.isNaN(expected)) return Number.isNaN(actual);
  if (actual === expected) return true;
  return Math.abs(actual - expected) <= tol * Math.abs(expected);
}

test("live R 4.2 cross-check: quantile types 1-9, mean, sd, summary, pretty and hist breaks/counts (Sturges, Scott, FD)", (t) => {
  if (!hasRscript()) {
    t.skip("Rscript not on PATH: live R cross-check skipped");
    return;
  }
  const datasets = makeDatasets(Number(process.env.CHP_R_LIVE_DATASETS ?? 300), Number(process.env.CHP_R_LIVE_SEED ?? 20240521));
  const dir = mkdtempSync(join(tmpdir(), "chp-r-live-"));
  try {
    writeDoubles(
      join(dir, "in.bin"),
      datasets.flatMap((d) => d.x),
    );
    writeDoubles(join(dir, "ps.bin"), PS);
    runR(
      R_PROGRAM(
        dir,
        datasets.map((d) => d.x.length),
      ),
      join(dir, "prog.R"),
    );
    const r = readDoubles(join(dir, "out.bin"));
    let pos = 0;
    const next = (): number => r[pos++];
    const take = (len: number): number[] => {
      const v = Array.from(r.subarray(pos, pos + len));
      pos += len;
      return v;
    };
    let compared = 0;
    let rErrors = 0;
    for (const [i, { shape, x }] of datasets.entries()) {
      const frozen = Object.freeze(x.slice());
      const label = `dataset ${i} (${shape}, n = ${x.length})`;
      for (const type of TYPES) {
        const expected = take(PS.length);
        assert.deepEqual(quantiles(frozen, PS, { type }), expected, `${label}: quantile type ${type}`);
        compared += PS.length;
      }
      const rMean = next();
      const rSd = next();
      assert.ok(relClose(mean(frozen), rMean, 1e-13), `${label}: mean ${mean(frozen)} vs R ${rMean}`);
      assert.ok(relClose(sd(frozen), rSd, 1e-13), `${label}: sd ${sd(frozen)} vs R ${rSd}`);
      const [min, q1, med, mn, q3, max] = take(6);
      const s = summary(frozen);
      assert.deepEqual([s.min, s.q1, s.median, s.q3, s.max], [min, q1, med, q3, max], `${label}: summary`);
      assert.ok(relClose(s.mean, mn, 1e-13), `${label}: summary mean`);
      const finite = x.filter(Number.isFinite);
      const pr = take(next());
      assert.deepEqual(pretty(Math.min(...finite), Math.max(...finite)), pr, `${label}: pretty(range(x))`);
      compared += 12 + pr.length;
      for (const [name, rule] of RULES) {
        const nclass = next();
        const nb = next();
        if (nb < 0) {
          // R's hist() errors for Scott/FD on one value (var is NA); we use 1 class there
          rErrors++;
          assert.equal(finite.length, 1, `${label}: R hist(breaks = "${name}") failed unexpectedly`);
          continue;
        }
        assert.equal(rule(frozen), nclass, `${label}: nclass.${name}`);
        const breaks = take(nb);
        const counts = take(next());
        const h = histogram(frozen, { breaks: rule });
        assert.deepEqual(h.breaks, breaks, `${label}: hist(breaks = "${name}") breaks`);
        assert.deepEqual(h.counts, counts, `${label}: hist(breaks = "${name}") counts`);
        compared += 1 + breaks.length + counts.length;
      }
    }
    assert.equal(pos, r.length, "consumed all of R's output");
    t.diagnostic(`${datasets.length} datasets, ${compared} values compared with R, ${rErrors} R hist() errors (n = 1)`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
