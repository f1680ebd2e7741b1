import fc from "fast-check";
import { readFileSync, writeFileSync } from "node:fs";
import { readRequestLog } from "../src/load/request-log.js";
const texts = [readFileSync("/work/shared/data/real/hey/hey-c16-per-request.csv", "utf8"), readFileSync("test/fixtures/bad/jtl-no-success.jtl", "utf8")];
const mutated = (text: string, keep = 1500) => {
  const base = text.slice(0, keep);
  return fc.array(fc.tuple(fc.nat(base.length), fc.nat(3), fc.string({ maxLength: 3 }), fc.constantFrom("delete", "insert", "replace")), { maxLength: 6 }).map((edits) => {
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
const arb = fc.oneof(mutated(texts[0]), mutated(texts[1]), fc.uint8Array({maxLength: 200}).map(b => Buffer.from(b).toString("latin1")));
const samples = fc.sample(fc.tuple(arb, fc.boolean()), { numRuns: 5000, seed: 7 });
let i = 0;
for (const [s, skip] of samples) {
  writeFileSync("/tmp/rel/last.txt", s);
  const t0 = Date.now();
  try { await readRequestLog((async function* () { yield Buffer.from(s); })(), "x", { interval: null, label: null, inputUnit: "ms", skipBadRows: skip }); } catch (e) { if (!(e as any).exitCode) { console.log("NON-CHP", e); } }
  if (Date.now() - t0 > 300) console.log("slow", i, Date.now() - t0);
  i++;
}
console.log("done", i);
