/** `chp formats`: the input formats chp reads (id, extensions, what each gives) and those it recognises but does not read yet. */
import { inputFormats } from "../../load/formats/registry.js";
import { toJson } from "../../util/format.js";
import type { Io } from "../io.js";

const gives = { series: "a time series", intervals: "interval histograms", distribution: "one distribution" } as const;

/** Rows of text cells, every column left-aligned (descriptions read as text, not numbers). */
function leftTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const all = [header, ...rows];
  const widths = header.map((_, c) => Math.max(...all.map((r) => r[c].length)));
  return all
    .map((r) =>
      r
        .map((cell, c) => cell.padEnd(widths[c]))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}

export async function runFormats({ json }: { json: boolean }, io: Io): Promise<void> {
  const read = inputFormats.filter((f) => !f.unsupported);
  const recognised = inputFormats.filter((f) => f.unsupported);
  if (json) {
    const entry = (f: (typeof inputFormats)[number]) => ({
      id: f.id,
      describe: f.describe,
      extensions: f.extensions,
      gives: f.gives,
      options: f.options,
      read: !f.unsupported,
    });
    io.stdout(toJson(inputFormats.map(entry)) + "\n");
    return;
  }
  const rows = read.map((f) => [f.id, f.gives ? gives[f.gives] : "", f.extensions.join(" "), f.describe]);
  io.stdout(`Formats chp reads (detected by content; --format ID names one):\n\n${leftTable(["id", "gives", "extensions", "what"], rows)}\n`);
  io.stdout(
    `\nRecognised, not read yet (an error names them rather than misreading them):\n\n${leftTable(
      ["id", "what"],
      recognised.map((f) => [f.id, f.describe]),
    )}\n`,
  );
}
