/** The start of an input as the sniffs see it, and the header-row helpers the CSV-based sniffs share. */
import { detectDelimiter } from "../delimiter.js";
import type { InputHead } from "./types.js";

/** Lines a sniff may look at. */
const headLines = 200;

/** An InputHead from the first text of an input. */
export function inputHead(file: string, text: string): InputHead {
  const clean = text.replace(/^\uFEFF/, "");
  const lines = clean.split(/\r?\n/, headLines);
  return { file, text: clean, lines, firstLine: lines.find((l) => l.trim() !== "") ?? "" };
}

/** A delimited header row: its cells (trimmed, unquoted), lower-cased too. */
export interface HeaderRow {
  delimiter: string;
  cells: string[];
  lower: string[];
}

/** The first non-blank line read as a delimited header, or null when it is not one (a single cell, or all numbers). */
export function headerRow(head: InputHead): HeaderRow | null {
  const line = head.firstLine;
  if (line.trim() === "" || line.startsWith("{") || line.startsWith("[") || line.startsWith("<")) return null;
  const delimiter = detectDelimiter(line);
  const cells = line.split(delimiter).map((c) => c.trim().replace(/^"(.*)"$/, "$1"));
  if (cells.length < 2) return null;
  if (cells.every((c) => c !== "" && Number.isFinite(Number(c)))) return null;
  return { delimiter, cells, lower: cells.map((c) => c.toLowerCase()) };
}

/** True when the header holds every one of these names (case-insensitive). */
export function hasColumns(row: HeaderRow | null, ...names: string[]): boolean {
  return row !== null && names.every((n) => row.lower.includes(n.toLowerCase()));
}

/** The header's cells as a short list for messages. */
export function seenColumns(head: InputHead): string | null {
  const row = headerRow(head);
  if (!row) return null;
  const shown = row.cells.slice(0, 12).map((c) => JSON.stringify(c.length > 40 ? c.slice(0, 40) + "..." : c));
  return shown.join(", ") + (row.cells.length > 12 ? `, ... (${row.cells.length} columns)` : "");
}
