/**
 * Cross-check `pretty()` against R bit for bit on many random and adversarial ranges.
 * Usage: npx tsx scripts/r/pretty-check.ts [cases=20000] [seed=1]
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pretty } from "../../src/stats/pretty.js";
import { mulberry32, readDoubles, runR, writeDoubles } from "./rbin.js";

const count = Number(process.argv[2] ?? 20000);
const rand = mulberry32(Number(process.argv[3] ?? 1));
const cases: [number, number, number, number][] = [];

function pick<T>(xs: readonly T[]): T {
  return xs[Math.floor(rand() * xs.length)];
}
function randomValue(): number {
  const kind = Math.floor(rand() * 8);
  const sign = rand() < 0.3 ? -1 : 1;
  switch (kind) {
    case 0:
      return sign * rand() * 100;
    case 1:
      return sign * Math.round(rand() * 1000);
    case 2:
      return sign * rand() * 10 ** Math.floor(rand() * 600 - 300);
    case 3:
      return 0;
    case 4:
      return sign * 10 ** Math.floor(rand() * 40 - 20);
    case 5:
      return sign * rand() * 1e300 * (rand() < 0.5 ? 1 : 100000);
    case 6:
      return sign * rand() * 1e-300 * (rand() < 0.5 ? 1 : 1e-8);
    default:
      return sign * Math.exp(rand() * 40 - 20);
  }
}
function addCase(a: number, b: number): void {
  const n = rand() < 0.5 ? pick([1, 2, 3, 4, 5, 6, 7, 8, 10, 12, 13, 20]) : 1 + Math.floor(rand() * 50);
  const minN = rand() < 0.6 ? Math.floor(n / 3) : rand() < 0.5 ? 1 : Math.floor(rand() * (n + 1));
  if (Number.isFinite(a) && Number.isFinite(b)) cases.push([Math.min(a, b), Math.max(a, b), n, minN]);
}
// adversarial fixed ranges
const fixed: [number, number][] = [
  [1, 1 + 1e-15],
  [1, 1 + 2e-16],
  [1, 1],
  [0, 0],
  [-1, -1],
  [1e300, 1e300],
  [1e-300, 1e-300],
  [-1e308, 1e308],
  [0, 1.7976931348623157e308],
  [-1.7976931348623157e308, 1.7976931348623157e308],
  [5e-324, 1e-323],
  [0, 5e-324],
  [1e-320, 1e-310],
  [0, 1],
  [0, 10],
  [0, 100],
  [0.1, 0.3],
  [-0.1, 0.3],
  [1e15, 1e15 + 1],
  [1e16, 1e16 + 2],
  [123456789, 123456789.000001],
  [-5, 5],
  [0.5, 0.5],
  [999.9999999999999, 1000],
  [1, 10],
  [10, 100],
  [1e-10, 1e-10 + 1e-25],
];
for (const [a, b] of fixed)
  for (let n = 0; n <= 50; n++)
    for (const m of new Set([0, 1, Math.floor(n / 3), n])) {
      if (m <= n) cases.push([a, b, n, m]);
    }
while (cases.length < count) {
  const r = rand();
  const a = randomValue();
  if (r < 0.4) addCase(a, randomValue());
  else if (r < 0.6) addCase(a, a + a * 10 ** -Math.floor(rand() * 17) * rand());
  else if (r < 0.7) addCase(a, a);
  else if (r < 0.75) addCase(0, a);
  else if (r < 0.8) {
    const lo = Math.round(rand() * 200 - 100);
    addCase(lo, lo + Math.round(rand() * 50));
  } else addCase(a, a + rand() * Math.abs(a) * 10 ** Math.floor(rand() * 10 - 5));
}

const dir = mkdtempSync(join(tmpdir(), "chp-pretty-"));
writeDoubles(join(dir, "in.bin"), cases.flat());
runR(
  `d <- readBin("${dir}/in.bin", "double", ${cases.length * 4}, size = 8, endian = "little")
m <- matrix(d, ncol = 4, byrow = TRUE)
out <- unlist(lapply(seq_len(nrow(m)), function(i) {
  r <- tryCatch(suppressWarnings(pretty(m[i, 1:2], n = m[i, 3], min.n = m[i, 4])), error = function(e) NULL)
  if (is.null(r)) -1 else c(length(r), as.double(r))
}))
writeBin(as.double(out), "${dir}/out.bin", size = 8, endian = "little")
`,
  join(dir, "prog.R"),
);
const out = readDoubles(join(dir, "out.bin"));
let pos = 0;
let bad = 0;
let rErr = 0;
let jsOk = 0;
for (const [lo, hi, n, minN] of cases) {
  const len = out[pos++];
  if (len < 0) {
    rErr++;
    try {
      pretty(lo, hi, n, minN);
      jsOk++;
    } catch {
      /* both error */
    }
    if (process.env.BRIEF) {
      let js: string;
      try {
        js = JSON.stringify(pretty(lo, hi, n, minN));
      } catch (e) {
        js = String(e);
      }
      console.log("RERR", lo, hi, n, minN, js);
    }
    continue;
  }
  const expect = Array.from(out.subarray(pos, pos + len));
  pos += len;
  let got: number[] | string;
  try {
    got = pretty(lo, hi, n, minN);
  } catch (e) {
    got = String(e);
  }
  const same = Array.isArray(got) && got.length === expect.length && got.every((v, i) => Object.is(v, expect[i]) || (v === 0 && expect[i] === 0));
  if (!same) {
    bad++;
    if (process.env.BRIEF) console.log("MM", lo, hi, n, minN, JSON.stringify(expect), JSON.stringify(got));
    else if (bad <= 15 && (process.env.SHOWBIG || Math.max(Math.abs(lo), Math.abs(hi)) < 1e306))
      console.log("MISMATCH", { lo, hi, n, minN }, "\n  R: ", expect, "\n  JS:", got);
  }
}
console.log(`pretty(): ${cases.length} cases, ${bad} mismatches, ${rErr} R errors (JS returned a value for ${jsOk} of them)`);
