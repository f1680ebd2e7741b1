/**
 * The longest line every text reader accepts. A line (or a quoted CSV record spanning lines) longer
 * than this is refused with a `DataError` naming the file and line, as soon as that much has arrived
 * without a line break: a metrics file never needs longer lines, and refusing early keeps memory and
 * time bounded (the splitters then never rescan more than this much of one unfinished line).
 */
import { DataError } from "../errors.js";
import { reliabilityMessage } from "../messages.js";

/** 1 MiB: characters for the text splitters, bytes for the byte splitters (a header of 100,000 short column names fits). */
export const maxLineLength = 1 << 20;

/** The most an unended line may hold: the limit and a CR whose LF has not arrived yet. */
export const unendedLimit = maxLineLength + 1;

/** The limit as the messages show it. */
export const maxLineText = "1 MiB (1,048,576 characters)";

/** The error for line `line` of `file` growing past `maxLineLength`. */
export function lineTooLongError(file: string | undefined, line: number): DataError {
  return new DataError(reliabilityMessage.lineOverLimit(maxLineText), { file, line });
}
