/**
 * The binned parts of the headroom plot, of the kept rows: R's hist() of the throughput and of
 * the response (Sturges' bin count, pretty() breaks) and the max-response staircase over the
 * throughput bins. One function, so that another thread can compute them (src/util/spare-thread.ts)
 * while this one fits the curve.
 */
import { type Histogram, histogram } from "../stats/histogram.js";
import { maxStaircase } from "./max-staircase.js";

/** The histograms and the staircase of the kept rows. */
export interface HeadroomBins {
  throughputHist: Histogram;
  responseHist: Histogram;
  /** Largest response in each throughput bin, null for an empty bin. */
  maxCurve: (number | null)[];
}

/** R-default histograms of throughput `x` and response `y`, and the max staircase of y over x's bins. */
export function headroomBins(x: ArrayLike<number>, y: ArrayLike<number>): HeadroomBins {
  const throughputHist = histogram(x);
  const responseHist = histogram(y);
  return { throughputHist, responseHist, maxCurve: maxStaircase(x, y, throughputHist.breaks) };
}
