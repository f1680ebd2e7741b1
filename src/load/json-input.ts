/**
 * A whole JSON input (a tool's report: k6's summary export, an Artillery report, Gatling's
 * stats.json), parsed at once: reports are small beside per-request logs, and JSON has no record
 * to stream by. A syntax error is a DataError with the line it is on.
 */
import { StringDecoder } from "node:string_decoder";
import { DataError } from "../errors.js";
import { message, reportMessage } from "../messages.js";

/** The JSON value of the input; `what` names the format for the syntax error ("an Artillery report"). */
export async function readJsonInput(source: AsyncIterable<Buffer | string>, file: string, what: string): Promise<unknown> {
  const decoder = new StringDecoder("utf8");
  let text = "";
  for await (const chunk of source) text += typeof chunk === "string" ? chunk : decoder.write(chunk);
  text += decoder.end();
  text = text.replace(/^\uFEFF/, "");
  if (text.trim() === "") throw new DataError(message.emptyFile(), { file });
  try {
    return JSON.parse(text);
  } catch (e) {
    const why = (e as Error).message;
    const at = /position (\d+)/.exec(why);
    const line = at ? text.slice(0, Number(at[1])).split("\n").length : undefined;
    throw new DataError(reportMessage.jsonSyntax(what, why.replace(/\s*\(line \d+ column \d+\)$/, "")), { file, ...(line ? { line } : {}) });
  }
}

/** A plain object (not null, not an array), or undefined. */
export function objectAt(v: unknown): Record<string, unknown> | undefined {
  return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

/** A finite number, or undefined. */
export function numberAt(v: unknown): number | undefined {
  return typeof v === "number" && Number.isFinite(v) ? v : undefined;
}
