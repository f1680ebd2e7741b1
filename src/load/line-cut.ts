/**
 * Whole lines of a batch cut into fields, as records: the byte work of the per-request CSV
 * logs' batches (src/load/request-rows.ts), done 16 bytes at a time by a WebAssembly SIMD kernel
 * (src/load/wasm/cut-lines.wat) where the engine has WebAssembly SIMD, else by the same cutting
 * in JavaScript (`cutLinesJs`, also the reference the tests compare the kernel with).
 *
 *   batch bytes -> (the kernel: copied into its memory once) -> up to linesPerCut(want) lines a call
 *   (at the input's end, a last line without an LF by cutLinesJs)
 *   -> record per line: [0] start, [1] LF, [2 + j] end of field j (j < fields), [2 + want] delimiters
 *
 * A line's fields are cut as cutFields cuts them (src/load/cut-fields.ts): field j ends at the
 * line's (j + 1)-th delimiter byte, or at its LF; the line has min(want, delimiters + 1) of the
 * first `want` (`fieldCount`); the delimiters are counted up to a cap (>= want). A CR before the LF
 * is the caller's to drop (it ends the last field, as the LF does).
 */
import { cutLinesWasm } from "./wasm/cut-lines-wasm.js";
import { ensureMemory, instantiateWasm, type WasmMemory } from "./wasm-instance.js";

/**
 * Lines cut at most per call for `want` fields: 16,384, fewer for wide lines, so that a call's
 * records (want + 3 numbers a line) stay within 1 MiB.
 */
export function linesPerCut(want: number): number {
  return Math.max(16, Math.min(16384, Math.floor((1 << 18) / (want + 3))));
}

export interface LineCutter {
  /** The bytes to cut next: buf[start, end) (the kernel copies them into its memory). */
  load(buf: Uint8Array, start: number, end: number, want: number): void;
  /**
   * Cut the lines from `from` (a position in buf, within the loaded bytes) on, at most
   * `linesPerCut(want)`: how many; their records are at the start of `records`, positions in
   * buf. Delimiters are counted as cutFields counts them for `atLeast` fields. Whole lines only,
   * unless `final` (the loaded bytes end the input): then the bytes after the last LF are a line
   * too, its "LF" at the end.
   */
  next(from: number, d: number, want: number, atLeast: number, final: boolean): number;
  /** The records of the last `next` (replaced by the next `load`). */
  readonly records: Int32Array;
}

/** Fields a line has of the first `want`, from its record's delimiter count. */
export function fieldCount(delims: number, want: number): number {
  return delims >= want ? want : delims + 1;
}

/** What a cutter of whole lines does (the kernel, or cutLinesJs): `LineCutter` without its last line. */
interface WholeLines {
  load(buf: Uint8Array, start: number, end: number, want: number): void;
  cut(from: number, d: number, want: number, cap: number): number;
  records: Int32Array;
}

/** The LineCutter of a cutter of whole lines: the delimiter cap, and a last line without an LF cut in JavaScript. */
function withLastLine(whole: WholeLines): LineCutter {
  let bytes: Uint8Array = new Uint8Array(0);
  let to = 0;
  return {
    get records() {
      return whole.records;
    },
    load(buf, start, end, want) {
      bytes = buf;
      to = end;
      whole.load(buf, start, end, want);
    },
    next(from, d, want, atLeast, final) {
      // cutFields counts the fields it cuts, then delimiters on up to atLeast.
      const cap = Math.max(want, atLeast - 1);
      const stride = want + 3;
      let n = from < to ? whole.cut(from, d, want, cap) : 0;
      if (final && n < linesPerCut(want)) {
        const after = n > 0 ? whole.records[(n - 1) * stride + 1] + 1 : from;
        if (after < to) n += cutLinesJs(bytes, after, to, d, want, cap, whole.records.subarray(n * stride), 1, true);
      }
      return n;
    },
  };
}

/**
 * The cutting in JavaScript, one byte at a time: the whole lines of buf[from, end), at most
 * `max`, as records into `records` from 0; how many. With `lastLine`, bytes after the last LF
 * up to `end` are a line too (its "LF" at `end`): the last line of an input without an LF.
 */
export function cutLinesJs(
  buf: Uint8Array,
  from: number,
  end: number,
  d: number,
  want: number,
  cap: number,
  records: Int32Array,
  max: number,
  lastLine = false,
): number {
  let n = 0;
  let o = 0;
  let pos = from;
  while (pos < end && n < max) {
    let fields = 0;
    let delims = 0;
    let k = pos;
    for (; k < end; k++) {
      const c = buf[k];
      if (c === 10) break;
      if (c === d && delims < cap) {
        if (fields < want) records[o + 2 + fields++] = k;
        delims++;
      }
    }
    if (k >= end && !lastLine) break;
    if (fields < want) records[o + 2 + fields] = k;
    records[o] = pos;
    records[o + 1] = k;
    records[o + 2 + want] = delims;
    o += want + 3;
    n++;
    pos = k + 1;
  }
  return n;
}

/** The JavaScript cutter of whole lines (engines without WebAssembly SIMD). */
function jsLines(): WholeLines {
  let bytes: Uint8Array = new Uint8Array(0);
  let to = 0;
  const lines: WholeLines = {
    records: new Int32Array(0),
    load(buf, _start, end, want) {
      bytes = buf;
      to = end;
      if (lines.records.length < linesPerCut(want) * (want + 3)) lines.records = new Int32Array(linesPerCut(want) * (want + 3));
    },
    cut(from, d, want, cap) {
      return cutLinesJs(bytes, from, to, d, want, cap, lines.records, linesPerCut(want));
    },
  };
  return lines;
}

interface Kernel {
  memory: WasmMemory;
  cut(start: number, end: number, d: number, want: number, cap: number, out: number, max: number, shift: number): number;
}

/** The kernel's cutter of whole lines: memory [0, loaded bytes + 16) holds the batch, the records follow. */
function wasmLines(kernel: Kernel): WholeLines {
  let shift = 0;
  let end = 0;
  let out = 0;
  const lines: WholeLines = {
    records: new Int32Array(0),
    load(buf, start, to, want) {
      const length = to - start;
      // The kernel reads whole blocks of 16: up to 15 bytes past the end.
      out = (length + 16 + 15) & ~15;
      ensureMemory(kernel.memory, out + linesPerCut(want) * (want + 3) * 4);
      new Uint8Array(kernel.memory.buffer, 0, length).set(buf.subarray(start, to));
      shift = start;
      end = length;
      lines.records = new Int32Array(kernel.memory.buffer, out, linesPerCut(want) * (want + 3));
    },
    cut(from, d, want, cap) {
      return kernel.cut(from - shift, end, d, want, cap, out, linesPerCut(want), shift);
    },
  };
  return lines;
}

/** A cutter of a kind: "wasm" (null where this engine has no WebAssembly SIMD) or "js". */
export function cutterOf(kind: "wasm" | "js"): LineCutter | null {
  if (kind === "js") return withLastLine(jsLines());
  const k = instantiateWasm<Kernel>(cutLinesWasm);
  return k === null ? null : withLastLine(wasmLines(k));
}

/** This thread's cutter: the kernel where WebAssembly SIMD is there, else JavaScript. */
let cutter: LineCutter | null = null;

export function lineCutter(): LineCutter {
  cutter ??= cutterOf("wasm") ?? cutterOf("js")!;
  return cutter;
}

/** Make this thread's cutter the kernel's or the JavaScript one (tests of the fallback). @internal */
export function useLineCutter(kind: "wasm" | "js"): void {
  cutter = cutterOf(kind);
}
