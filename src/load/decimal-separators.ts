/**
 * Decimal and thousands separators in one numeric column. A file separated by ";" or tabs may write
 * decimal commas ("12,5", as a European spreadsheet does); a cell whose comma could as well be a
 * thousands separator ("1,234": 1.234 or 1234), or a column that mixes decimal commas with decimal
 * points ("12,5" and "1.234"), has no single reading, so it is an error naming both, never a guess.
 *
 *   cell -> decimal point? decimal comma? -> column's style so far -> value | DataError
 */
import { DataError } from "../errors.js";
import { separatorMessage as sm } from "../messages.js";

/** A comma that may group thousands: 1 to 3 digits (not a lone 0), the comma, exactly 3 digits. */
const groupedComma = /^[+-]?[1-9]\d{0,2},\d{3}$/;
/** A point that may group thousands, the same way. */
const groupedPoint = /^[+-]?[1-9]\d{0,2}\.\d{3}$/;

type Style = "point" | "comma";

/** The separator style of one column: set by the first cell with a decimal point or comma. */
export class DecimalSeparators {
  private style: Style | null = null;
  private seenCell = "";
  private seenLine = 0;

  /**
   * Check a cell that reads as a number (`style`: it holds a decimal point or comma; `value`: its
   * value with that separator as the decimal one) against the column so far.
   */
  check(cell: string, style: Style, value: number, line: number, where: { file: string; line: number; column: string }): number {
    const text = cell.trim();
    if (style === "comma" && this.style !== "comma" && groupedComma.test(text)) {
      const grouped = Number(text.replace(",", ""));
      throw new DataError(this.style === "point" ? sm.mixed(text, value, grouped, this.seenCell, this.seenLine) : sm.ambiguous(text, value, grouped), where);
    }
    if (this.style !== null && this.style !== style) {
      const grouped = style === "point" && groupedPoint.test(text) ? Number(text.replace(".", "")) : null;
      throw new DataError(sm.mixed(text, value, grouped, this.seenCell, this.seenLine), where);
    }
    if (this.style === null) {
      this.style = style;
      this.seenCell = text;
      this.seenLine = line;
    }
    return value;
  }
}
