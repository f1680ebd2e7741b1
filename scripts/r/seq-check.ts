/**
 * Cross-check `seqLengthOut()` against R's `seq.int(from, to, length.out = L)`, bit for bit,
 * including ranges whose width overflows. Usage: npx tsx scripts/r/seq-check.ts [cases]
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { seqLengthOut } from "../../src/stats/pretty.js";
import { mulberry32, readDoubles, runR, writeDoubles } from "./rbin.js";

const count = Number(process.argv[2] ?? 5000);
const rand = mulberry32(7);
const cases: [number, number, number][] = [];
for (let k = 0; k < count; k++) {
  const big = rand() < 0.7;
  const a = big ? -rand() * 1.7976931348623157e308 : (rand() - 0.5) * 1000;
  const b = big ? rand() * 1.7976931348623157e308 : a + rand() * 100;
  cases.push([a, b, 2 + Math.floor(rand() * 60)]);
}
const dir = mkdtempSync(join(tmpdir(), "chp-seq-"));
writeDoubles(join(dir, "in.bin"), cases.flat());
runR(
  `d <- readBin("${dir}/in.bin", "double", ${cases.length * 3}, size = 8, endian = "little")
m <- matrix(d, ncol = 3, byrow = TRUE)
out <- unlist(lapply(seq_len(nrow(m)), function(i) seq.int(m[i, 1], m[i, 2], length.out = m[i, 3])))
writeBin(as.double(out), "${dir}/out.bin", size = 8, endian = "little")
`,
  join(dir, "prog.R"),
);
const out = readDoubles(join(dir, "out.bin"));
let pos = 0;
let bad = 0;
for (const [a, b, L] of cases) {
  const expect = out.subarray(pos, pos + L);
  pos += L;
  const got = seqLengthOut(a, b, L);
  const wrong = got.findIndex((v, i) => v !== expect[i]);
  if (wrong >= 0) {
    bad++;
    if (bad <= 5) console.log("MISMATCH", { a, b, L, i: wrong, R: expect[wrong], JS: got[wrong] });
  }
}
console.log(`seq.int(length.out): ${cases.length} cases, ${bad} mismatches`);
