/** How a vegeta result looks, for the sniffs and the choice of a per-request parser. */

/** A vegeta CSV record's start: ns epoch timestamp (16 digits or more), code, latency ns, bytes out, bytes in. */
export function isVegetaCsv(line: string): boolean {
  return /^\d{16,},\d{1,3},\d+,\d+,\d+,/.test(line);
}

/** A vegeta JSON result: its keys as vegeta's encoder writes them. */
export function isVegetaJson(line: string): boolean {
  const c = line.replace(/\s+/g, "");
  return /^\{/.test(c) && /"code":\d/.test(c) && /"latency":\d/.test(c) && /"timestamp":"/.test(c) && /"bytes_in":/.test(c);
}
