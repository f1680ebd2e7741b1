/**
 * Writes the older-format HdrHistogram logs the reader tests use, into
 * test/load/fixtures/generated/: the same seeded interval data encoded as V0
 * (log format 1.0 / 1.01, "StartTimestamp","EndTimestamp" legend), V1 (format
 * 1.1) and V2 (format 1.2), compressed with 2-, 4- and 8-byte words, plus plain
 * (uncompressed) encodings. The Java library (2.1.11) writes only V2, so V0/V1
 * bytes are laid out here from the documented format (src/load/hdr/encoding.ts);
 * the golden values then come from Java *reading* these files
 * (scripts/java/make-hlog-golden.sh), which checks the layout independently.
 *
 * Run: npx tsx scripts/make-hlog-fixtures.ts
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { HdrHistogram } from "../src/load/hdr/histogram.js";
import { encodeHistogram, type EncodeOptions } from "../src/load/hdr/encoding.js";
import { seededRandom } from "../src/util/random.js";

const dir = new URL("../test/load/fixtures/generated/", import.meta.url);
mkdirSync(dir, { recursive: true });

/** 12 five-second intervals of latencies in microseconds (lognormal around 800 us, a tail near 40 ms). */
function intervals(seed: number, highest: number): HdrHistogram[] {
  const rnd = seededRandom(seed);
  const out: HdrHistogram[] = [];
  for (let i = 0; i < 12; i++) {
    const h = new HdrHistogram({ lowestDiscernibleValue: 1, highestTrackableValue: highest, significantDigits: 3 });
    const n = 500 + Math.floor(rnd.uniform() * 3000);
    for (let k = 0; k < n; k++) {
      const base = rnd.uniform() < 0.98 ? 800 : 40_000;
      h.record(Math.min(highest, Math.floor(base * Math.exp(0.6 * rnd.normal()))));
    }
    out.push(h);
  }
  return out;
}

interface Variant {
  name: string;
  version: string;
  legend: "end" | "length";
  encode: Partial<EncodeOptions>;
  highest: number;
  startTime: boolean;
}

const variants: Variant[] = [
  { name: "v0-1.0-w8", version: "1.0", legend: "end", encode: { version: 0, compressed: true, wordSize: 8 }, highest: 3_600_000_000, startTime: false },
  { name: "v0-1.01-w4", version: "1.01", legend: "end", encode: { version: 0, compressed: true, wordSize: 4 }, highest: 60_000_000, startTime: true },
  { name: "v0-1.01-w2", version: "1.01", legend: "end", encode: { version: 0, compressed: true, wordSize: 2 }, highest: 60_000_000, startTime: true },
  { name: "v1-1.1-w8", version: "1.1", legend: "length", encode: { version: 1, compressed: true, wordSize: 8 }, highest: 3_600_000_000, startTime: true },
  { name: "v1-1.1-w4", version: "1.1", legend: "length", encode: { version: 1, compressed: true, wordSize: 4 }, highest: 3_600_000_000, startTime: true },
  { name: "v2-1.2", version: "1.2", legend: "length", encode: { version: 2, compressed: true }, highest: 3_600_000_000, startTime: true },
];

const startTime = 1_400_000_000.5;
for (const [k, v] of variants.entries()) {
  const hs = intervals(100 + k, v.highest);
  const out: string[] = [`#[Written by chp scripts/make-hlog-fixtures.ts: ${v.name}]`, `#[Histogram log format version ${v.version}]`];
  if (v.startTime) out.push(`#[StartTime: ${startTime.toFixed(3)} (seconds since epoch), made up]`);
  out.push(
    v.legend === "end"
      ? `"StartTimestamp","EndTimestamp","Interval_Max","Interval_Compressed_Histogram"`
      : `"StartTimestamp","Interval_Length","Interval_Max","Interval_Compressed_Histogram"`,
  );
  hs.forEach((h, i) => {
    const stamp = v.startTime ? i * 5 + 0.05 : startTime + i * 5; // relative offsets, or absolute epoch seconds
    const b64 = Buffer.from(encodeHistogram(h, v.encode)).toString("base64");
    out.push(`${stamp.toFixed(3)},5.000,${(h.max / 1000).toFixed(3)},${b64}`);
  });
  writeFileSync(new URL(`${v.name}.hlog`, dir), out.join("\n") + "\n");
}

// Plain (uncompressed) encodings of one histogram, for the decoder tests (Java's log reader takes only compressed ones).
const one = intervals(7, 3_600_000_000)[0];
const plain: Record<string, string> = {};
for (const [name, o] of [
  ["v0-w2", { version: 0, wordSize: 2 }],
  ["v0-w8", { version: 0, wordSize: 8 }],
  ["v1-w4", { version: 1, wordSize: 4 }],
  ["v1-w8", { version: 1, wordSize: 8 }],
  ["v2", { version: 2 }],
] as const) {
  // (plain V0 with 8-byte words is left out: it holds every count of the range, ~190 KB)
  if (name !== "v0-w8") plain[name] = Buffer.from(encodeHistogram(one, { ...o, compressed: false } as Partial<EncodeOptions>)).toString("base64");
  plain[name + "-compressed"] = Buffer.from(encodeHistogram(one, { ...o, compressed: true } as Partial<EncodeOptions>)).toString("base64");
}
writeFileSync(new URL("encodings.json", dir), JSON.stringify(plain, null, 1) + "\n");
console.log(`wrote ${variants.length} logs and encodings.json to ${dir.pathname}`);
