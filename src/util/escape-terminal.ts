/**
 * Text bound for a terminal with its control characters made visible, so that a column name, a
 * label or a file name read from a file cannot move the cursor, retitle or clear the terminal
 * (ESC sequences), ring the bell, or break a line where the text does not.
 *
 * Escaped: C0 controls except line feed and tab (the layout chp itself writes), DEL, C1 controls
 * (U+0080-U+009F: 8-bit CSI and OSC), the line and paragraph separators U+2028 and U+2029, and
 * the bidirectional embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069), which make a
 * terminal show text in an order other than its own ("Trojan Source").
 * Each becomes `\uXXXX`, which is also a JSON escape for the same character: a JSON document
 * stays valid and parses to the same value (JSON.stringify escapes C0 in strings but leaves
 * DEL, C1, U+2028/2029 and the bidi controls raw, and JSON text holds no control character outside strings).
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const terminalControls = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

export function escapeTerminal(text: string): string {
  return text.replace(terminalControls, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}
