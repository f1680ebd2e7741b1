/**
 * Guesstimate's text formats: what a guesstimate's text (and stored type and data) means, read
 * the way Guesstimate's formatters read it (guesstimate-app src/lib/guesstimator/formatter), first
 * match wins:
 *
 *   "=body"                      FUNCTION ("" body: "Missing function body")
 *   "a to b", "a..b", "a->b", "a:b"   range
 *   "a of b", "a in b"          BETA (hits of total)
 *   "[a, b]"                     range
 *   "a"                          POINT
 *   stored type DATA with data   DATA (all values, in order)
 *   anything else                NONE: no samples; an error ("Improper syntax") unless the text is empty
 *
 * Numbers: `-?` an integer (`1,000` grouping allowed) or a decimal, an optional suffix `%` K M B T;
 * no exponent notation. Only the first comma is removed ("1,000,000" reads as 1,000: a warning
 * says so). A range is NORMAL or UNIFORM when stored so, else NORMAL when low <= 0, else LOGNORMAL.
 */

import { modelMessage } from "../../messages.js";

/** What a guesstimate's text means. */
export type Guess =
  | { kind: "none" }
  | { kind: "point"; value: number }
  | { kind: "normal" | "lognormal" | "uniform"; low: number; high: number }
  | { kind: "beta"; hits: number; total: number }
  | { kind: "data"; data: Float64Array }
  | { kind: "function"; body: string };

/** A guess, or the error Guesstimate shows for the text, plus warnings about how it was read. */
export type FormattedGuess = { guess: Guess; error: null; warnings: string[] } | { guess: null; error: string; warnings: string[] };

const suffixes: Record<string, number> = { "%": -2, K: 3, M: 6, B: 9, T: 12 };
const integer = String.raw`(?:(?:\d+)|(?:\d{1,3}(?:,\d{3})*))(?!\.[^\.])`;
const decimal = String.raw`\d*\.\d+`;
// Guesstimate's `or` sorts the alternatives longest first: the integer pattern is the longer one.
const number = String.raw`(-?(?:(?:${integer})|(?:${decimal})))\s?(%|K|M|B|T)?`;
const padded = (parts: string[]) => new RegExp(["^", ...parts, "$"].map((p) => `(?:${p})`).join(String.raw`\s*`));
const upTo = padded([number, String.raw`to|\.\.|->|:`, number]);
const proportion = padded([number, "of|in", number]);
const bracketed = padded([String.raw`\[`, number, String.raw`,\s?`, number, String.raw`\]`]);
const point = padded([number]);

/** Guesstimate's parseNumber: parseFloat after removing the first comma, times the suffix. */
function parseNumber(text: string, suffix: string | undefined, warnings: string[]): number {
  if ((text.match(/,/g) ?? []).length > 1) warnings.push(modelMessage.firstCommaOnly(text, Number.parseFloat(text.replace(",", ""))));
  return Number.parseFloat(text.replace(",", "")) * (suffix ? 10 ** suffixes[suffix] : 1);
}

function numbers(re: RegExp, text: string, warnings: string[]): number[] {
  const m = re.exec(text) as RegExpExecArray;
  const out: number[] = [];
  for (let i = 1; i + 1 < m.length + 1; i += 2) out.push(parseNumber(m[i], m[i + 1], warnings));
  return out;
}

/** The sampled type of a range: the stored type when UNIFORM or NORMAL, else NORMAL when low <= 0, else LOGNORMAL. */
function rangeKind(stored: string, low: number): "normal" | "lognormal" | "uniform" {
  if (stored === "UNIFORM") return "uniform";
  if (stored === "NORMAL") return "normal";
  return low <= 0 ? "normal" : "lognormal";
}

/**
 * Read one guesstimate: `text` (the expression, or the legacy input), the stored
 * `guesstimateType`, and `data` (used only when the type is DATA and no text format matched).
 */
export function formatGuess(text: string, storedType: string, data: readonly number[] | null): FormattedGuess {
  const warnings: string[] = [];
  const ok = (guess: Guess): FormattedGuess => ({ guess, error: null, warnings });
  const error = (e: string): FormattedGuess => ({ guess: null, error: e, warnings });
  if (text.startsWith("=")) return text.length > 1 ? ok({ kind: "function", body: text.slice(1) }) : error("Missing function body");
  const range = (re: RegExp): FormattedGuess => {
    const [low, high] = numbers(re, text, warnings);
    if (low > high) return error("The low number should come first");
    return ok({ kind: rangeKind(storedType, low), low, high });
  };
  if (upTo.test(text)) return range(upTo);
  if (proportion.test(text)) {
    const [hits, total] = numbers(proportion, text, warnings);
    if (hits > total) return error("The low number should come first");
    return ok({ kind: "beta", hits, total });
  }
  if (bracketed.test(text)) return range(bracketed);
  if (point.test(text)) return ok({ kind: "point", value: numbers(point, text, warnings)[0] });
  if (storedType === "DATA" && data && data.length > 0) return ok({ kind: "data", data: Float64Array.from(data) });
  return text === "" ? ok({ kind: "none" }) : error("Improper syntax");
}

/** Is `text` a number Guesstimate's formatters read as written: no exponent, no comma, no suffix? */
export function isPlainNumber(text: string): boolean {
  return /^-?(?:\d+|\d*\.\d+)$/.test(text);
}
