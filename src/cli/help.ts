/**
 * Every help text, generated from the options table (./options.ts): `chp COMMAND --help` lists
 * exactly the flags that command's parser accepts, grouped and aligned; `chp --help` lists the
 * commands.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { packageRoot } from "../util/package-root.js";
import { commandNames, commandOptions, commandSpecs, groupTitles, type CommandName, type OptionSpec } from "./options.js";

export function version(): string {
  const pkg = JSON.parse(readFileSync(join(packageRoot(import.meta.url), "package.json"), "utf8")) as { version: string };
  return pkg.version;
}

/** The flag as help shows it: "-o, --out FILE", "--q Q", "--qx". */
export function optionLabel(o: Pick<OptionSpec, "name" | "short" | "arg">): string {
  return `${o.short !== undefined ? `-${o.short}, ` : ""}--${o.name}${o.arg !== undefined ? ` ${o.arg}` : ""}`;
}

const helpFlag = { label: "-h, --help", help: ["show this help"] };

/** Rows of "  label  help", the help column aligned at `width`; a label too long for it gets its own line. */
function rows(entries: readonly { label: string; help: readonly string[] }[], width: number): string {
  const out: string[] = [];
  for (const { label, help } of entries) {
    const [first, ...more] = help;
    if (label.length > width) out.push(`  ${label}`, `  ${" ".repeat(width)}  ${first}`);
    else out.push(`  ${label.padEnd(width)}  ${first}`);
    for (const line of more) out.push(`  ${" ".repeat(width)}  ${line}`);
  }
  return out.join("\n");
}

const lines = (help: string | readonly string[]): readonly string[] => (typeof help === "string" ? [help] : help);

/** `chp COMMAND --help`: usage, what the command does, its arguments and every option it takes, by group. */
export function commandHelp(command: CommandName): string {
  const spec = commandSpecs[command];
  const options = commandOptions(command);
  const args = (spec.args ?? []).map(([label, help]) => ({ label, help: lines(help) }));
  const width = Math.min(24, Math.max(helpFlag.label.length, ...args.map((a) => a.label.length), ...options.map((o) => optionLabel(o).length)));
  const sections: string[] = [`usage: ${spec.usage}`, spec.summary];
  if (args.length > 0) sections.push(`Arguments:\n${rows(args, width)}`);
  const titles = new Map<string, OptionSpec[]>();
  for (const o of options) {
    const title = groupTitles[o.group];
    titles.set(title, [...(titles.get(title) ?? []), o]);
  }
  for (const [title, group] of titles)
    sections.push(
      `${title}:\n${rows(
        group.map((o) => ({ label: optionLabel(o), help: lines(o.help) })),
        width,
      )}`,
    );
  sections.push(`General:\n${rows([helpFlag], width)}`);
  return sections.join("\n\n") + "\n";
}

/** `chp --help`: the commands, their usage, the global flags and the exit codes. */
export function globalHelp(): string {
  const width = Math.max("help".length, ...commandNames.map((n) => n.length));
  return `chp ${version()} — headroom and response-time analysis (Cockcroft Headroom Plot)

Usage:
${commandNames.map((n) => `  ${commandSpecs[n].usage}`).join("\n")}
  chp help [COMMAND]

Commands:
${commandNames.map((n) => `  ${n.padEnd(width)}  ${commandSpecs[n].summary}`).join("\n")}
  ${"help".padEnd(width)}  the options of COMMAND (the same as chp COMMAND --help)

Options:
  -h, --help             show this help
  -V, --version          print the version

chp COMMAND --help for its options.

Exit codes: 0 ok, 2 usage error, 3 data error (file missing or wrong), 1 internal error, 130 interrupted.
`;
}
