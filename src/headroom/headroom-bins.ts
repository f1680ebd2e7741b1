/**
 * The binned parts of the headroom plot, of the kept rows: R's hist() of the throughput and of
 * the response (Sturges' bin count, pretty() breaks) and the max-response staircase over the
 * throughput bins. One function, so that another thread can compute them (src/util/spare-thread.ts)
 * while this one fits the curve.
 */
import { type BinLookup, binOf } from "../stats/bin-lookup.js";
import { type Histogram, histogram, sturgesHistogram } from "../stats/histogram.js";
import { maxStaircase } from "./max-staircase.js";

/** The histograms and the staircase of the kept rows. */
export interface HeadroomBins {
  throughputHist: Histogram;
  responseHist: Histogram;
  /** Largest response in each throughput bin, null for an empty bin. */
  maxCurve: (number | null)[];
}

/** What a caller knows of the rows: every value finite, and the extremes of each column. */
export interface KnownRanges {
  x: { min: number; max: number };
  y: { min: number; max: number };
}

/**
 * R-default histograms of throughput `x` and response `y`, and the max staircase of y over x's
 * bins. With `known` (every value finite, these extremes) the breaks come from them and one pass
 * counts both histograms and finds the staircase: the same bins (each value's bin by the same
 * lookup), counts and maxima as the passes of `histogram` and `maxStaircase`.
 */
export function headroomBins(x: ArrayLike<number>, y: ArrayLike<number>, known: KnownRanges | null = null): HeadroomBins {
  if (known === null || !(x instanceof Float64Array && y instanceof Float64Array) || x.length !== y.length || x.length === 0) {
    const throughputHist = histogram(x);
    const responseHist = histogram(y);
    return { throughputHist, responseHist, maxCurve: maxStaircase(x, y, throughputHist.breaks) };
  }
  const n = x.length;
  const hx = sturgesHistogram(n, known.x.min, known.x.max);
  const hy = sturgesHistogram(n, known.y.min, known.y.max);
  const cx = new Float64Array(hx.breaks.length - 1);
  const cy = new Float64Array(hy.breaks.length - 1);
  const max = new Float64Array(hx.breaks.length - 1);
  const seen = new Uint8Array(hx.breaks.length - 1);
  binsLoop(x, y, hx.lookup, hy.lookup, cx, cy, max, seen);
  return {
    throughputHist: hx.finish(cx, countedX),
    responseHist: hy.finish(cy, countedY),
    maxCurve: Array.from(max, (m, b) => (seen[b] === 1 ? m : null)),
  };
}

// How many values each histogram counted in the last binsLoop (module variables: set after its loop without type feedback).
let countedX = 0;
let countedY = 0;

/** Both histograms' counts and the staircase's maxima (as maxStaircase's loop) in one pass. */
function binsLoop(
  x: Float64Array,
  y: Float64Array,
  Lx: BinLookup,
  Ly: BinLookup,
  cx: Float64Array,
  cy: Float64Array,
  max: Float64Array,
  seen: Uint8Array,
): void {
  let nx = 0;
  let ny = 0;
  for (let i = 0; i < x.length; i++) {
    const b = binOf(x[i], Lx);
    if (b >= 0) {
      cx[b]++;
      nx++;
      if (seen[b] === 0 || y[i] > max[b]) {
        max[b] = y[i];
        seen[b] = 1;
      }
    }
    const c = binOf(y[i], Ly);
    if (c >= 0) {
      cy[c]++;
      ny++;
    }
  }
  countedX = nx;
  countedY = ny;
}
