/**
 * Seeded pseudo-random numbers for simulators, samples and tests: mulberry32
 * (32-bit state, period 2^32), with normal variates by Box-Muller.
 */
export interface Random {
  /** Uniform on [0, 1). */
  uniform(): number;
  /** Standard normal. */
  normal(): number;
}

/**
 * `skip`: start after that many uniforms of the seed's stream (the state is a counter, so the
 * jump costs nothing): seededRandom(s, k) draws the uniforms k, k + 1, ... of seededRandom(s).
 */
export function seededRandom(seed: number, skip = 0): Random {
  let a = ((seed >>> 0) + Math.imul(skip, 0x6d2b79f5)) >>> 0;
  const uniform = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  let spare: number | null = null;
  const normal = (): number => {
    if (spare !== null) {
      const s = spare;
      spare = null;
      return s;
    }
    let u = 0;
    while (u === 0) u = uniform();
    const v = uniform();
    const r = Math.sqrt(-2 * Math.log(u));
    spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  };
  return { uniform, normal };
}
