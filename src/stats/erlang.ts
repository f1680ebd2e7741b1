/**
 * Erlang C: the probability that an arrival to an M/M/c queue waits, at
 * per-server utilisation rho = lambda / (c mu) < 1,
 *
 *   C(c, a) = (a^c / c!) / (1 - rho) / (sum_{k<c} a^k / k! + (a^c / c!) / (1 - rho)),  a = c rho,
 *
 * with the terms built iteratively so that large c stays finite. 1 at rho >= 1
 * (every arrival waits), 0 at rho <= 0.
 */
export function erlangC(c: number, rho: number): number {
  if (!(rho > 0)) return 0;
  if (rho >= 1) return 1;
  const a = c * rho;
  let term = 1;
  let sum = 1;
  for (let k = 1; k < c; k++) {
    term *= a / k;
    sum += term;
    if (sum > 1e300) {
      term /= sum;
      sum = 1;
    }
  }
  const top = (term * a) / c / (1 - rho);
  return top / (sum + top);
}
