/** What every lab service's mechanism offers the HTTP layer (service.ts). */
export interface Mechanism {
  /** Serve one request that arrived at monotonic time `arrival` (ms): true when served, false when refused. */
  handle(arrival: number): Promise<boolean>;
  /** What the mechanism did (the most slots held at once, refusals, capacity changes...), for tests and the run's summary. */
  stats(): Record<string, number>;
  /** Gauges exported at /metrics besides the request histogram: name -> current value. */
  gauges(): Record<string, number>;
  /** Stop its timers (pending requests are abandoned). */
  close(): void;
}

/** Exponentially distributed draw of mean `mean` from a uniform source. */
export function exponential(uniform: () => number, mean: number): number {
  let u = uniform();
  while (u === 0) u = uniform();
  return -mean * Math.log(u);
}
