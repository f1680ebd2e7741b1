/**
 * Solve a small dense linear system A d = b (the normal equations of the
 * Levenberg-Marquardt fits) by Gauss-Jordan elimination with partial
 * pivoting. Null when A is singular to working precision or empty.
 */
export function solveLinear(A: readonly (readonly number[])[], b: readonly number[]): number[] | null {
  const k = b.length;
  if (k === 0) return null;
  // The augmented rows [A | b] (plain loops: this runs inside every fit's iterations).
  const M: number[][] = [];
  for (let i = 0; i < k; i++) {
    const row = A[i].slice();
    row.push(b[i]);
    M.push(row);
  }
  for (let c = 0; c < k; c++) {
    let piv = c;
    for (let r = c + 1; r < k; r++) if (Math.abs(M[r][c]) > Math.abs(M[piv][c])) piv = r;
    if (!(Math.abs(M[piv][c]) > 1e-300)) return null;
    const top = M[c];
    M[c] = M[piv];
    M[piv] = top;
    for (let r = 0; r < k; r++) {
      if (r === c) continue;
      const f = M[r][c] / M[c][c];
      for (let j = c; j <= k; j++) M[r][j] -= f * M[c][j];
    }
  }
  const x: number[] = [];
  for (let i = 0; i < k; i++) x.push(M[i][k] / M[i][i]);
  return x;
}

/**
 * The Levenberg-Marquardt step of the coordinates `free` (indices into A and b): the solution of
 * (A + lambda diag(A)) d = b restricted to them (a zero diagonal entry damped by lambda alone), or
 * null when that system is singular.
 */
export function dampedStep(A: readonly (readonly number[])[], b: readonly number[], free: readonly number[], lambda: number): number[] | null {
  const M: number[][] = [];
  const rhs: number[] = [];
  for (const i of free) {
    const row: number[] = [];
    for (const j of free) row.push(A[i][j] + (i === j ? lambda * (A[i][i] || 1) : 0));
    M.push(row);
    rhs.push(b[i]);
  }
  return solveLinear(M, rhs);
}
