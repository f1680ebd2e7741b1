import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { erlangC } from "../../src/stats/erlang.js";
import { fitMmc, mmcResponse } from "../../src/stats/mmc-fit.js";
import { assertClose } from "../helpers/close.js";

// Golden values: R 4.2.2,
//   Rscript -e 'ec <- function(c, rho) { a <- c*rho; top <- a^c/factorial(c)/(1-rho); top/(sum(a^(0:(c-1))/factorial(0:(c-1))) + top) };
//     cat(format(c(ec(1,0.5), ec(4,0.8), ec(16,0.9), ec(32,0.95), ec(100, 0.97)), digits=17), "\n")'
test("Erlang C equals R's closed form (relative 1e-13); 0 at rho <= 0, 1 at rho >= 1; finite for 1000 servers", () => {
  const golden: [number, number, number][] = [
    [1, 0.5, 0.5],
    [4, 0.8, 0.59643247178740455],
    [16, 0.9, 0.59134339387238977],
    [32, 0.95, 0.69571011416654016],
    [100, 0.97, 0.67671123163363045],
  ];
  for (const [c, rho, v] of golden) assertClose(erlangC(c, rho), v, 1e-13, `C(${c}, ${rho})`);
  assert.equal(erlangC(8, 0), 0);
  assert.equal(erlangC(8, 1), 1);
  assert.ok(Number.isFinite(erlangC(1000, 0.99)) && erlangC(1000, 0.99) > 0 && erlangC(1000, 0.99) < 1);
});

test("M/M/c curve fit: exact M/M/c data (B = S + other latency) give back C, c and B", () => {
  for (const [c, S, other] of [
    [1, 0.01, 0],
    [4, 0.02, 0.005],
    [16, 0.05, 0.01],
    [64, 0.1, 0.002],
  ]) {
    const C = c / S;
    const x = Array.from({ length: 120 }, (_, i) => C * (0.05 + (0.9 * i) / 119));
    const y = x.map((v) => mmcResponse((S + other) * 1000, C, c, v)); // ms
    const f = fitMmc(x, y);
    assert.ok(f.ok);
    assertClose(f.capacity, C, 1e-3, `C (c = ${c})`);
    assert.equal(f.servers, c);
    assertClose(f.base, (S + other) * 1000, 1e-3, "B");
  }
});

test("M/M/c curve fit: response in seconds with responseSeconds = 1; weights equal repeated rows", () => {
  const x = Array.from({ length: 60 }, (_, i) => 10 + i * 2.5);
  const y = x.map((v) => mmcResponse(0.06, 200, 8, v, 1));
  const f = fitMmc(x, y, { responseSeconds: 1 });
  assertClose(f.capacity, 200, 1e-3, "C");
  const rep = fitMmc([...x, ...x], [...y.map((v) => v * 1.01), ...y.map((v) => v * 1.01)], { responseSeconds: 1 });
  const w = fitMmc(
    x,
    y.map((v) => v * 1.01),
    { responseSeconds: 1, weights: x.map(() => 2) },
  );
  assertClose(w.capacity, rep.capacity, 1e-9, "weighted = repeated");
});

test("M/M/c curve fit: too little data, one throughput, NaN: ok false or skipped, never NaN", () => {
  assert.equal(fitMmc([1, 2, 3], [1, 2, 3]).ok, false);
  assert.equal(fitMmc([5, 5, 5, 5, 5], [1, 2, 3, 4, 5]).ok, false);
  const f = fitMmc([NaN, 0, 10, 20, 30, 40, 50], [1, 1, 10, 10.5, 11, 12, 14]);
  assert.ok(f.ok && Number.isFinite(f.capacity!) && f.capacity! > 50);
});

test("live R cross-check: R's optim on the same M/M/c data and c reaches the same capacity (relative 1e-4)", {
  skip: !existsSync("/usr/bin/Rscript") && "Rscript not installed",
}, () => {
  const c = 8;
  const x = Array.from({ length: 40 }, (_, i) => 20 + i * 3.5);
  const y = x.map((v, i) => mmcResponse(30, 180, c, v) * Math.exp(0.05 * Math.sin(i * 1.7)));
  const f = fitMmc(x, y, { servers: [c] });
  const r = `ec <- function(c, rho) { a <- c*rho; top <- a^c/factorial(c)/(1-rho); top/(sum(a^(0:(c-1))/factorial(0:(c-1))) + top) }
x <- c(${x.join(",")}); y <- c(${y.join(",")})
f <- function(p) { B <- exp(p[1]); C <- max(x) * (1 + exp(p[2])); sum((log(y) - log(B + 1000 * sapply(x / C, function(r) ec(${c}, r)) / (C - x)))^2) }
o <- optim(c(log(min(y)), log(0.1)), f, method = "BFGS", control = list(reltol = 1e-14, maxit = 1000))
cat(format(max(x) * (1 + exp(o$par[2])), digits = 15))`;
  const rC = Number(execFileSync("Rscript", ["-e", r], { encoding: "utf8" }));
  assertClose(f.capacity, rC, 1e-4, "C vs R optim");
});
