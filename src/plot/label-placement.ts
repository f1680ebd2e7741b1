/**
 * Where a label lies on the least: each candidate box (in pixels of the plot area, y down) is
 * scored by what it would cover (points inside it, line segments crossing it, boxes it
 * overlaps), and the first of the least-covering candidates wins, so the candidates' order is
 * the preference among equally clear places.
 */

/** A rectangle in pixels, y growing downwards. */
export interface PixelBox {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** What a label should not cover, in pixels. */
export interface Obstacles {
  /** Points (scatter dots), each with a radius. */
  points: { x: number; y: number }[];
  /** Radius of a point in pixels (half its diameter). */
  pointRadius: number;
  /** Polylines (staircase, curves, rules). */
  lines: { x: number; y: number }[][];
  /** Boxes of labels placed already. */
  boxes: PixelBox[];
}

/** Weight of a crossing line segment and of an overlapped label, against one covered point. */
export const lineWeight = 4;
export const boxWeight = 100;

/** How much `box` covers: points inside it, plus `lineWeight` per crossing segment and `boxWeight` per overlapped label. */
export function coverage(box: PixelBox, obstacles: Obstacles): number {
  let score = 0;
  const r = obstacles.pointRadius;
  for (const p of obstacles.points) {
    if (p.x + r >= box.x0 && p.x - r <= box.x1 && p.y + r >= box.y0 && p.y - r <= box.y1) score++;
  }
  for (const line of obstacles.lines) {
    for (let k = 0; k + 1 < line.length; k++) if (segmentCrossesBox(line[k], line[k + 1], box)) score += lineWeight;
  }
  for (const b of obstacles.boxes) if (b.x0 < box.x1 && box.x0 < b.x1 && b.y0 < box.y1 && box.y0 < b.y1) score += boxWeight;
  return score;
}

/** The first candidate covering least (`coverage`); null when there are none. */
export function leastCovered<T extends { box: PixelBox }>(candidates: T[], obstacles: Obstacles): T | null {
  let best: T | null = null;
  let bestScore = Infinity;
  for (const c of candidates) {
    const s = coverage(c.box, obstacles);
    if (s < bestScore) {
      best = c;
      bestScore = s;
    }
  }
  return best;
}

/** Whether the segment a-b meets the box (Liang-Barsky clipping). */
export function segmentCrossesBox(a: { x: number; y: number }, b: { x: number; y: number }, box: PixelBox): boolean {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  let t0 = 0;
  let t1 = 1;
  const clip = (p: number, q: number): boolean => {
    if (p === 0) return q >= 0;
    const t = q / p;
    if (p < 0) {
      if (t > t1) return false;
      if (t > t0) t0 = t;
    } else {
      if (t < t0) return false;
      if (t < t1) t1 = t;
    }
    return true;
  };
  return clip(-dx, a.x - box.x0) && clip(dx, box.x1 - a.x) && clip(-dy, a.y - box.y0) && clip(dy, box.y1 - a.y);
}

/**
 * Width in pixels of `text` at `fontSize`, estimated at 0.62 em per character (0.68 bold);
 * DejaVu Sans averages about 0.6 for digits and lower case, so the estimate errs wide.
 */
export function estimatedTextWidth(text: string, fontSize: number, bold = false): number {
  return [...text].length * (bold ? 0.68 : 0.62) * fontSize;
}
