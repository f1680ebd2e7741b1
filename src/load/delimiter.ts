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
