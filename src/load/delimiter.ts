import { maxLineLength } from "./line-limit.js";

/** Guess a CSV/TSV delimiter from the header line: the most frequent of tab, comma, semicolon, pipe outside quotes. */
export function detectDelimiter(firstLine: string): string {
  const candidates = ["\t", ",", ";", "|"];
  const counts = new Map<string, number>(candidates.map((c) => [c, 0]));
  let quoted = false;
  for (const ch of firstLine) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && counts.has(ch)) counts.set(ch, counts.get(ch)! + 1);
  }
  let best = ",";
  let bestCount = 0;
  for (const c of candidates) {
    if (counts.get(c)! > bestCount) {
      best = c;
      bestCount = counts.get(c)!;
    }
  }
  return best;
}

/** How much of a first line is buffered before it counts as too long to be a header: the limit of every line. */
export const firstLineLimit = maxLineLength;

/**
 * The first line of a stream being read in chunks (`head` is all text so far), without a BOM,
 * once it is known: a newline arrived, the input ended, or `firstLineLimit` characters came
 * without one (`ended` false). Null while more text is needed.
 */
export function firstLine(head: string, last: boolean): { line: string; ended: boolean } | null {
  const nl = head.indexOf("\n");
  if (nl < 0 && head.length < firstLineLimit && !last) return null;
  return { line: (nl < 0 ? head : head.slice(0, nl)).replace(/^\uFEFF/, ""), ended: nl >= 0 || last };
}
