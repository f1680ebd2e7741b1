/** The words of a column name, as column detection and unit detection read them. */

/**
 * Lower-cased name, words split on anything that is not a letter or digit; the micro
 * sign (U+00B5) and the Greek mu (U+03BC, what Unicode normalisation makes of it) read as
 * "u", so "resp_µs" -> ["resp", "us"].
 */
export function nameTokens(name: string): string[] {
  return name
    .toLowerCase()
    .replace(/[\u00b5\u03bc]/g, "u")
    .split(/[^a-z0-9]+/)
    .filter((s) => s.length > 0);
}
