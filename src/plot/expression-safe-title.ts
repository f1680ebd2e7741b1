/**
 * Vega-Lite quotes encoding titles (axis and tooltip titles) into Vega expressions — the marks'
 * description and the tooltip object — with JSON.stringify, which leaves a line separator
 * (U+2028, U+2029) raw, and Vega's expression parser rejects it inside a string literal
 * ("Unexpected token ILLEGAL"). A title is display text, so a separator in it is shown as a space.
 * Names that are data (tier and scenario labels) stay as given: they go in the data values.
 */
export function expressionSafeTitle(text: string): string {
  return text.replace(/[\u2028\u2029]/g, " ");
}
