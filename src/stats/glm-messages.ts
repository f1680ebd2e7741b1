/**
 * Reasons and caveats reported by the inverse-Gaussian GLM fit, as functions.
 * (Kept beside the fit so the stats module stands alone; the wording may move
 * into src/messages.ts when the lead wires it.)
 */

const num = (v: number): string => (Number.isFinite(v) ? String(Number(v.toPrecision(6))) : String(v));

export const glmMessage = {
  lengthMismatch: (nx: number, ny: number) => `throughput and response differ in length (${nx} and ${ny})`,
  weightsLength: (nw: number, n: number) => `weights have length ${nw} but the data have ${n} rows`,
  notFinite: (what: "throughput" | "response" | "weight", index: number, value: number) =>
    `${what} at row ${index + 1} is ${String(value)}, not a finite number`,
  negativeWeight: (index: number, value: number, weightsAreThroughput: boolean) =>
    weightsAreThroughput
      ? `throughput at row ${index + 1} is ${num(value)}; the fit weights rows by throughput, so it must not be negative`
      : `weight at row ${index + 1} is ${num(value)}; weights must not be negative`,
  nonPositiveResponse: (index: number, value: number) => `response at row ${index + 1} is ${num(value)}; the inverse Gaussian GLM needs positive responses`,
  tooFewRows: (n: number) => `the inverse Gaussian GLM needs at least 2 rows with non-zero weight, got ${n}`,
  noSpread: (x: number) => `every row has the same throughput (${num(x)}), so a slope cannot be fitted`,
  badOption: (name: string, value: unknown, expected: string) => `option ${name} = ${String(value)}: expected ${expected}`,
  boundary: (x: number) => `no valid inverse-Gaussian fit: the best fit lies where 1/mu^2 reaches zero at throughput ${num(x)} (response unbounded)`,
  nearBoundary: (x: number) => `1/mu^2 is zero to rounding at throughput ${num(x)}: the fit converged, but its response there is unreliable`,
  overflow: () => "the fitted coefficients overflow or underflow double precision at this scale of the data",
  notConverged: (iterations: number) => `the fit did not converge in ${iterations} iterations; the coefficients are the best found`,
} as const;
