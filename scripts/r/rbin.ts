/**
 * Exchange doubles with R bit-exactly: little-endian binary64 files that R reads with
 * `readBin(f, "double", n, size = 8, endian = "little")` and writes with `writeBin`.
 * Used by the R cross-check scripts and the live R test.
 */
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";

export function writeDoubles(file: string, values: ArrayLike<number>): void {
  const buf = Buffer.alloc(values.length * 8);
  for (let i = 0; i < values.length; i++) buf.writeDoubleLE(values[i], i * 8);
  writeFileSync(file, buf);
}

export function readDoubles(file: string): Float64Array {
  const buf = readFileSync(file);
  const out = new Float64Array(buf.length / 8);
  for (let i = 0; i < out.length; i++) out[i] = buf.readDoubleLE(i * 8);
  return out;
}

/** True when `Rscript` runs. */
export function hasRscript(): boolean {
  try {
    execFileSync("Rscript", ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

/** Run an R program (text) with Rscript; returns stdout. */
export function runR(program: string, file: string): string {
  writeFileSync(file, program);
  return execFileSync("Rscript", ["--vanilla", file], { encoding: "utf8", maxBuffer: 1 << 28 });
}

/** Deterministic PRNG (mulberry32) for reproducible random cases. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
