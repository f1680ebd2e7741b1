/**
 * Every user-facing message, as functions. Library code builds its errors and
 * warnings from these; tests assert against them, so wording lives in one place.
 */

const list = (names: readonly string[]): string =>
  names.length ? names.map((n) => JSON.stringify(n)).join(", ") : "(none)";

export const message = {
  fileNotFound: (file: string) => `no such file: ${file}`,
  notAFile: (file: string) => `not a regular file: ${file}`,
  cannotRead: (file: string, why: string) => `cannot read ${file}: ${why}`,
  emptyFile: () => "the file is empty",
  noHeader: (cells: readonly string[]) =>
    `no header row: the first line (${cells.slice(0, 4).join(", ")}${cells.length > 4 ? ", ..." : ""}) holds numbers, not column names; add a header line such as "timestamp,throughput,response"`,
  duplicateColumn: (name: string) => `column name ${JSON.stringify(name)} appears twice in the header`,
  unknownColumn: (flag: string, name: string, available: readonly string[]) =>
    `${flag} ${JSON.stringify(name)}: no such column; the columns are ${list(available)}`,
  noColumnFor: (role: string, flag: string, available: readonly string[]) =>
    `cannot tell which column holds ${role}: none of ${list(available)} is named like it; name it with ${flag}`,
  noNumericColumn: (available: readonly string[]) =>
    `no numeric column: the columns are ${list(available)}`,
  notANumber: (cell: string) =>
    `${JSON.stringify(cell.length > 40 ? cell.slice(0, 40) + "..." : cell)} is not a number`,
  notFinite: (cell: string) => `${JSON.stringify(cell)} is not a finite number`,
  badTimestamp: (cell: string) =>
    `${JSON.stringify(cell.length > 40 ? cell.slice(0, 40) + "..." : cell)} is not a timestamp (expected epoch seconds or milliseconds, or ISO 8601 such as 2024-05-01T12:00:00Z)`,
  wrongFieldCount: (got: number, expected: number) =>
    `the row has ${got} fields but the header has ${expected}`,
  csvSyntax: (why: string) => `CSV syntax error: ${why}`,
  noDataRows: () => "no data rows after the header",
  noValidValues: (column: string) => `column ${JSON.stringify(column)} has no numeric value`,

  tooFewRows: (n: number, when: string) =>
    `only ${n} row${n === 1 ? "" : "s"} left ${when}: a headroom plot needs at least 2`,
  badQ: (q: number) => `q must be a number in (0, 1] (got ${q})`,

  // Usage
  outputIsInput: (path: string) => `refusing to write ${path}: it is one of the input files`,
  noOutputFolder: (path: string, dir: string) => `cannot write ${path}: the folder ${dir} does not exist`,
  cannotWrite: (path: string, why: string) => `cannot write ${path}: ${why}`,
  unknownOutputType: (path: string) =>
    `cannot tell the output type of ${path}: use a name ending in .png, .svg, .html or .vl.json`,
  unknownCommand: (name: string, known: readonly string[]) =>
    `unknown command ${JSON.stringify(name)}; the commands are ${known.join(", ")} (see chp --help)`,
  missingArgument: (what: string, usage: string) => `missing ${what}; usage: ${usage}`,
  tooManyArguments: (extra: readonly string[], usage: string) =>
    `unexpected argument${extra.length > 1 ? "s" : ""} ${extra.join(" ")}; usage: ${usage}`,
  badOption: (detail: string) => `${detail} (see chp --help)`,
  badNumberOption: (flag: string, value: string, expected: string) =>
    `${flag} ${JSON.stringify(value)}: expected ${expected}`,
} as const;
